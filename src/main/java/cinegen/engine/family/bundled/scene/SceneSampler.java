package cinegen.engine.family.bundled.scene;


import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Draws random scenes of the grammar, or the scene a caption describes, with positions that keep objects in frame. */
public final class SceneSampler {
    /** Frame rates the model is trained on; the FPS condition spans this range. */
    public static final int[] FPS_CHOICES = {8, 10, 12, 16, 20, 24};
    /** Share of clips with two objects. Kept low: a half-trained model's commonest failure is copies of one object. */
    public static final double TWO_OBJECT_SHARE = 0.15;
    private final int frames;

    /** @param frames clip length the scenes are planned for (objects stay in frame over it) */
    public SceneSampler(int frames) { this.frames = frames; }

    public SceneSpec random(SplittableRandom rng) {
        Background bg = Background.values()[rng.nextInt(Background.values().length)];
        Motion motion = Motion.values()[rng.nextInt(Motion.values().length)];
        int count = rng.nextDouble() < TWO_OBJECT_SHARE ? 2 : 1;
        List<Hue> hues = new ArrayList<>();
        List<ShapeKind> shapes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Hue h;
            do h = Hue.values()[rng.nextInt(Hue.values().length)]; while (!SceneVocabulary.contrasts(h, bg) || hues.contains(h));
            hues.add(h);
            shapes.add(ShapeKind.values()[rng.nextInt(ShapeKind.values().length)]);
        }
        double fps = FPS_CHOICES[rng.nextInt(FPS_CHOICES.length)];
        return plan(bg, hues, shapes, motion, fps, rng);
    }

    /** The scene a caption of the grammar describes, with random placement; throws when a word is missing. */
    public SceneSpec fromCaption(String caption, double fps, SplittableRandom rng) {
        SceneSpec spec = parse(caption, fps, rng, true);
        if (spec == null) throw new IllegalArgumentException("not a caption of the scene grammar: " + caption);
        return spec;
    }

    /**
     * A placement for the objects of a prompt, drawn as training draws them, for the layout planner (decision 26): needs
     * the shape words and one motion word; colours and background do not place anything, so they may be missing.
     * Null when the prompt does not say enough to plan.
     */
    public SceneSpec planLayout(String prompt, double fps, SplittableRandom rng) {
        return prompt == null ? null : parse(prompt, fps, rng, false);
    }

    /** The grammar words of a prompt: object colours (not the background's), shapes, the motion and the background. */
    public record PromptWords(List<Hue> hues, List<ShapeKind> shapes, Motion motion, Background background) {}

    /** Reads the grammar words out of any prompt; words it does not know are skipped. */
    public static PromptWords words(String prompt) {
        List<Hue> hues = new ArrayList<>();
        List<ShapeKind> shapes = new ArrayList<>();
        Motion motion = null;
        Background bg = null;
        String[] words = prompt == null ? new String[0] : prompt.toLowerCase(Locale.ROOT).split("[^a-z]+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            boolean beforeBackground = i + 1 < words.length && words[i + 1].equals("background");
            for (Hue h : Hue.values()) if (h.word().equals(w) && !beforeBackground) hues.add(h);
            for (ShapeKind s : ShapeKind.values()) if (s.word().equals(w)) shapes.add(s);
            for (Motion m : Motion.values()) if (m.word().equals(w)) motion = m;
            for (Background b : Background.values()) if (b.word().equals(w) && beforeBackground) bg = b;
        }
        return new PromptWords(hues, shapes, motion, bg);
    }

    private SceneSpec parse(String caption, double fps, SplittableRandom rng, boolean strict) {
        PromptWords p = words(caption);
        List<Hue> hues = new ArrayList<>(p.hues());
        List<ShapeKind> shapes = p.shapes();
        if (strict && (hues.isEmpty() || shapes.size() != hues.size() || p.background() == null)) return null;
        if (shapes.isEmpty() || p.motion() == null || (!strict && shapes.size() > 2)) return null;
        while (hues.size() < shapes.size()) hues.add(Hue.WHITE);
        if (hues.size() > shapes.size()) hues.subList(shapes.size(), hues.size()).clear();
        return plan(p.background() == null ? Background.BLACK : p.background(), hues, shapes, p.motion(), fps, rng);
    }

    /**
     * A layout that starts at objects found in a conditioning image (decision 28): each subject moves the way the
     * prompt says, drawn as training draws motion, but kept inside {@code bounds} (x0, y0, x1, y1 in frame widths:
     * the frame, or the painted region). Null without a motion word or without subjects.
     */
    public SceneSpec planAround(PromptWords prompt, double fps, SplittableRandom rng, List<SubjectFinder.Subject> subjects, double[] bounds) {
        Motion motion = prompt.motion();
        if (motion == null || subjects.isEmpty()) return null;
        double duration = (frames - 1) / fps;
        double bx0 = bounds[0], by0 = bounds[1], bx1 = bounds[2], by1 = bounds[3];
        List<SceneSpec.Item> items = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            SubjectFinder.Subject s = subjects.get(i);
            double x = s.x(), y = s.y(), r = s.radius(), speed = uniform(rng, 0.19, 0.31), rate = 0;
            switch (motion) {
                case LEFT, RIGHT, UP, DOWN -> {
                    double room = switch (motion) {
                        case LEFT -> x - r - bx0;
                        case RIGHT -> bx1 - r - x;
                        case UP -> y - r - by0;
                        default -> by1 - r - y;
                    };
                    speed = Math.min(speed * duration, Math.max(room, MIN_TRAVEL)) / duration;
                }
                case GROWING -> {
                    double fits = Math.min(Math.min(x - bx0, bx1 - x), Math.min(y - by0, by1 - y));
                    double end = Math.min(r * Math.exp(uniform(rng, 0.35, 0.55) * duration), Math.min(0.3, fits));
                    rate = Math.max(Math.log(end / r) / duration, MIN_RATE);
                }
                case SHRINKING -> {
                    double end = Math.max(r * Math.exp(-uniform(rng, 0.35, 0.55) * duration), 0.05);
                    rate = Math.max(Math.log(r / end) / duration, MIN_RATE);
                }
                case BOUNCING -> {
                    speed = Math.min(uniform(rng, 0.15, 0.28), Math.max(y - r - by0, MIN_BOUNCE));
                    rate = uniform(rng, 0.6, 1.2);
                }
                default -> speed = 0;
            }
            Hue hue = i < prompt.hues().size() ? prompt.hues().get(i) : Hue.WHITE;
            ShapeKind shape = i < prompt.shapes().size() ? prompt.shapes().get(i) : ShapeKind.CIRCLE;
            items.add(new SceneSpec.Item(hue, shape, x, y, r, speed, rate, 0));
        }
        Background bg = prompt.background() == null ? Background.BLACK : prompt.background();
        return new SceneSpec(bg, items, motion, fps, rng.nextLong());
    }

    /** The least motion a subject is planned, even against the edge of its bounds: a clip that asks to move moves. */
    static final double MIN_TRAVEL = 0.1, MIN_RATE = 0.15, MIN_BOUNCE = 0.08;

    private SceneSpec plan(Background bg, List<Hue> hues, List<ShapeKind> shapes, Motion motion, double fps, SplittableRandom rng) {
        int count = hues.size();
        double duration = (frames - 1) / fps;
        List<SceneSpec.Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double r = count == 1 ? uniform(rng, 0.095, 0.15) : uniform(rng, 0.08, 0.115);
            double speed = uniform(rng, 0.19, 0.31), rate = 0, x, y;
            double lo = r + 0.03, hi = 1 - r - 0.03;
            // Two objects share the frame: split the axis across the motion between them.
            double slotLo = count == 1 ? lo : (i == 0 ? lo : 0.5 + r * 0.2), slotHi = count == 1 ? hi : (i == 0 ? 0.5 - r * 0.2 : hi);
            switch (motion) {
                case LEFT, RIGHT -> {
                    double travel = Math.min(speed * duration, hi - lo);
                    speed = travel / duration;
                    double start = uniform(rng, lo, hi - travel);
                    x = motion == Motion.RIGHT ? start : start + travel;
                    y = uniform(rng, slotLo, slotHi);
                }
                case UP, DOWN -> {
                    double travel = Math.min(speed * duration, hi - lo);
                    speed = travel / duration;
                    double start = uniform(rng, lo, hi - travel);
                    y = motion == Motion.DOWN ? start : start + travel;
                    x = uniform(rng, slotLo, slotHi);
                }
                case GROWING -> {
                    r = count == 1 ? uniform(rng, 0.07, 0.1) : uniform(rng, 0.06, 0.08);
                    rate = uniform(rng, 0.35, 0.55);
                    double end = Math.min(r * Math.exp(rate * duration), count == 1 ? 0.3 : 0.2);
                    rate = Math.log(end / r) / duration;
                    x = count == 1 ? uniform(rng, end + 0.02, 1 - end - 0.02) : (i == 0 ? 0.27 : 0.73);
                    y = uniform(rng, end + 0.02, 1 - end - 0.02);
                }
                case SHRINKING -> {
                    r = count == 1 ? uniform(rng, 0.17, 0.24) : uniform(rng, 0.13, 0.17);
                    rate = uniform(rng, 0.35, 0.55);
                    double end = Math.max(r * Math.exp(-rate * duration), 0.05);
                    rate = Math.log(r / end) / duration;
                    x = count == 1 ? uniform(rng, r + 0.02, 1 - r - 0.02) : (i == 0 ? 0.27 : 0.73);
                    y = uniform(rng, r + 0.02, 1 - r - 0.02);
                }
                case BOUNCING -> {
                    speed = uniform(rng, 0.15, 0.28); // bounce height
                    rate = uniform(rng, 0.6, 1.2); // bounces per second
                    y = uniform(rng, Math.max(lo + speed, 0.55), hi);
                    x = uniform(rng, slotLo, slotHi);
                }
                default -> { // STILL
                    speed = 0;
                    x = uniform(rng, slotLo, slotHi);
                    y = uniform(rng, lo, hi);
                }
            }
            double rot = shapes.get(i) == ShapeKind.TRIANGLE || shapes.get(i) == ShapeKind.STAR ? uniform(rng, -0.25, 0.25) : 0;
            items.add(new SceneSpec.Item(hues.get(i), shapes.get(i), x, y, r, speed, rate, rot));
        }
        return new SceneSpec(bg, items, motion, fps, rng.nextLong());
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return hi <= lo ? lo : lo + rng.nextDouble() * (hi - lo);
    }
}
