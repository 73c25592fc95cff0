package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.SceneVocabulary;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed held-out cases: single-object prompts of the grammar, each with its own fixed seed (the seed drives
 * both the sampling noise and, for conditioned modes, the placement of the rendered scene). The seeds lie far
 * from the training run's, so no case repeats a training clip. Colours, shapes and motions cycle with coprime
 * periods so every word appears; backgrounds cycle too, skipping any the colour would vanish into.
 *
 * <p>Case set 0 is the fixed set the model card reports. Sets 1, 2, ... are held-out sets for checking a result
 * again: the same balanced cycling over word orders shuffled by the set number (so colours meet other shapes,
 * motions and backgrounds) with seeds of their own.
 */
public final class EvalCases {
    public static final int T2V = 36, I2V = 12, CINEMAGRAPH = 6, INPAINT = 6;
    public static final int QUICK_T2V = 4, QUICK_I2V = 2, QUICK_CINEMAGRAPH = 1, QUICK_INPAINT = 1;

    private EvalCases() {}

    /** One prompt of the grammar and its seed. */
    public record Case(Hue hue, ShapeKind shape, Motion motion, Background background, long seed) {
        public String prompt() {
            return "a " + hue.word() + " " + shape.word() + " moving " + motion.word() + " on a " + background.word() + " background";
        }
    }

    /** Highest held-out case set: seeds of a set are {@code base * 1000 + set * 100 + i}, apart from every other set's. */
    public static final int MAX_CASE_SET = 9_999;

    public static List<Case> t2v(boolean quick) { return t2v(quick, 0); }

    public static List<Case> i2v(boolean quick) { return i2v(quick, 0); }

    public static List<Case> cinemagraph(boolean quick) { return cinemagraph(quick, 0); }

    public static List<Case> inpaint(boolean quick) { return inpaint(quick, 0); }

    public static List<Case> t2v(boolean quick, int set) { return cases(quick ? QUICK_T2V : T2V, 0, 710_000, Motion.values(), set); }

    public static List<Case> i2v(boolean quick, int set) { return cases(quick ? QUICK_I2V : I2V, 5, 720_000, Motion.values(), set); }

    /** Cinemagraph and inpainting animate an object inside a painted region: motions that stay near it. */
    public static List<Case> cinemagraph(boolean quick, int set) {
        return cases(quick ? QUICK_CINEMAGRAPH : CINEMAGRAPH, 2, 730_000, new Motion[] {Motion.BOUNCING, Motion.RIGHT, Motion.GROWING, Motion.UP, Motion.SHRINKING, Motion.LEFT}, set);
    }

    public static List<Case> inpaint(boolean quick, int set) {
        return cases(quick ? QUICK_INPAINT : INPAINT, 3, 740_000, new Motion[] {Motion.LEFT, Motion.BOUNCING, Motion.DOWN, Motion.GROWING, Motion.RIGHT, Motion.STILL}, set);
    }

    private static List<Case> cases(int count, int offset, long seedBase, Motion[] motionOrder, int set) {
        if (set < 0 || set > MAX_CASE_SET) throw new IllegalArgumentException("case set must be 0.." + MAX_CASE_SET + ", got " + set);
        Hue[] hues = Hue.values();
        ShapeKind[] shapes = ShapeKind.values();
        Background[] bgs = Background.values();
        Motion[] motions = motionOrder.clone();
        if (set > 0) {
            SplittableRandom rng = new SplittableRandom(seedBase * 31 + set);
            shuffle(hues, rng);
            shuffle(shapes, rng);
            shuffle(bgs, rng);
            shuffle(motions, rng);
        }
        List<Case> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int k = i + offset;
            Hue hue = hues[k % hues.length];
            ShapeKind shape = shapes[k % shapes.length];
            // Motion advances one extra step every shape cycle, so each shape meets every motion.
            Motion motion = motions[(i + i / shapes.length) % motions.length];
            Background bg = bgs[(k * 3) % bgs.length];
            for (int j = 1; !SceneVocabulary.contrasts(hue, bg); j++) bg = bgs[(k * 3 + j) % bgs.length];
            out.add(new Case(hue, shape, motion, bg, set == 0 ? seedBase + i : seedBase * 1000 + set * 100L + i));
        }
        return out;
    }

    private static <T> void shuffle(T[] items, SplittableRandom rng) {
        for (int i = items.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = items[i];
            items[i] = items[j];
            items[j] = t;
        }
    }
}
