package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.SceneRenderer;
import cinegen.engine.family.bundled.scene.SceneSampler;
import cinegen.engine.family.bundled.scene.SceneSpec;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.Pixels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metric proven before it judges the model: on ground-truth renders of the training scenes the analysis
 * must read colour, shape and motion right nearly always, and it must score a mismatching prompt wrong.
 */
class FrameAnalysisTest {
    static final int FRAMES = 16;
    static final double FPS = 8;

    /** Random single-object scenes, planned for 16 frames at 8 fps (the evaluation's settings). */
    static List<SceneSpec> scenes(int count, long seed) {
        SceneSampler sampler = new SceneSampler(FRAMES);
        SplittableRandom rng = new SplittableRandom(seed);
        List<SceneSpec> out = new ArrayList<>();
        while (out.size() < count) {
            SceneSpec s = sampler.random(rng);
            if (s.items().size() == 1) out.add(sampler.fromCaption(s.caption(), FPS, rng));
        }
        return out;
    }

    record Accuracy(double colour, double shape, double motion, double consistent, String misses) {}

    static Accuracy measure(List<SceneSpec> specs, int size) { return measure(specs, size, UnaryOperator.identity()); }

    /** Accuracy on renders passed through {@code degrade} frame by frame. */
    static Accuracy measure(List<SceneSpec> specs, int size, UnaryOperator<int[]> degrade) {
        int colour = 0, shape = 0, motion = 0, consistent = 0;
        StringBuilder misses = new StringBuilder();
        for (SceneSpec s : specs) {
            SceneSpec.Item it = s.items().get(0);
            FrameSequence clip = SceneRenderer.render(s, size, FRAMES).frames();
            List<int[]> frames = new ArrayList<>();
            for (int[] f : clip.frames()) frames.add(degrade.apply(f));
            FrameAnalysis.ClipReading r = FrameAnalysis.analyse(new FrameSequence(size, size, FPS, frames), s.background());
            FrameAnalysis.Verdict v = FrameAnalysis.verdict(r, it.hue(), it.shape(), s.motion());
            if (v.colourRight()) colour++;
            if (v.shapeRight()) shape++;
            if (v.motionRight()) motion++;
            if (v.consistent()) consistent++;
            if (!v.colourRight() || !v.shapeRight() || !v.motionRight() || !v.consistent()) {
                misses.append(String.format(Locale.ROOT, "%n  %s -> %s %s %s consistent=%s", s.caption(), r.hue(), r.shape(), r.motion(), v.consistent()));
            }
        }
        double n = specs.size();
        return new Accuracy(colour / n, shape / n, motion / n, consistent / n, misses.toString());
    }

    static void assertAtLeast(double bar, double value, String what, Accuracy a) {
        if (value < bar) throw new AssertionError(what + " read right in " + value + " of clips, bar " + bar + a.misses());
    }

    @Test
    void readsColourShapeAndMotionOfGroundTruthRendersAt64() {
        List<SceneSpec> specs = scenes(240, 20261121);
        // The sample covers every word, so the fractions speak for the whole grammar.
        assertEquals(EnumSet.allOf(Hue.class), EnumSet.copyOf(specs.stream().map(s -> s.items().get(0).hue()).toList()));
        assertEquals(EnumSet.allOf(ShapeKind.class), EnumSet.copyOf(specs.stream().map(s -> s.items().get(0).shape()).toList()));
        assertEquals(EnumSet.allOf(Motion.class), EnumSet.copyOf(specs.stream().map(SceneSpec::motion).toList()));
        assertEquals(EnumSet.allOf(Background.class), EnumSet.copyOf(specs.stream().map(SceneSpec::background).toList()));
        Accuracy a = measure(specs, 64);
        System.out.printf(Locale.ROOT, "ground truth 64x64: colour %.3f shape %.3f motion %.3f consistent %.3f%n", a.colour(), a.shape(), a.motion(), a.consistent());
        // Measured colour 1.000, shape 0.988, motion 1.000, consistency 1.000 here;
        // the shape misses are white squares on the checkerboard, whose shaded side matches the light checks.
        assertAtLeast(0.98, a.colour(), "colour", a);
        assertAtLeast(0.96, a.shape(), "shape", a);
        assertAtLeast(0.98, a.motion(), "motion", a);
        assertAtLeast(0.96, a.consistent(), "consistency", a);
    }

    @Test
    void readsGroundTruthRendersAt32Too() {
        Accuracy a = measure(scenes(400, 77), 32);
        System.out.printf(Locale.ROOT, "ground truth 32x32: colour %.3f shape %.3f motion %.3f consistent %.3f%n", a.colour(), a.shape(), a.motion(), a.consistent());
        assertAtLeast(BAR32_COLOUR, a.colour(), "colour", a);
        assertAtLeast(BAR32_SHAPE, a.shape(), "shape", a);
        assertAtLeast(BAR32_MOTION, a.motion(), "motion", a);
    }

    /**
     * Measured at 32x32 (objects 6 to 10 pixels across) on 400 clips: colour 1.00, shape 0.725 (tiny triangles
     * pixelate into stars, circles into squares), motion 1.00. An earlier bar of 0.75 on 100 clips held only for the
     * sample it was measured on. The bundled model is read at 64x64, where shape is 0.98.
     */
    static final double BAR32_COLOUR = 0.97, BAR32_SHAPE = 0.68, BAR32_MOTION = 0.97;

    /**
     * A decoder gives softer, noisier, duller frames than the renderer: a 3x3 blur, Gaussian noise of 6 levels and,
     * on every other clip, colours a quarter desaturated and 10% darker. The reading must hold up.
     */
    @Test
    void readsRendersBlurredNoisyAndDulledAsADecoderMightGiveThem() {
        SplittableRandom noise = new SplittableRandom(3);
        int[] clipIndex = {0};
        Accuracy a = measure(scenes(120, 31), 64, f -> {
            int[] out = blurAndNoise(f, 64, 6, noise);
            return (clipIndex[0]++ / FRAMES) % 2 == 0 ? out : dull(out);
        });
        System.out.printf(Locale.ROOT, "degraded 64x64: colour %.3f shape %.3f motion %.3f consistent %.3f%n", a.colour(), a.shape(), a.motion(), a.consistent());
        // Measured colour 1.000, shape 0.992, motion 1.000, consistency 1.000.
        assertAtLeast(0.97, a.colour(), "colour", a);
        assertAtLeast(0.93, a.shape(), "shape", a);
        assertAtLeast(0.97, a.motion(), "motion", a);
        assertAtLeast(0.95, a.consistent(), "consistency", a);
    }

    static int[] blurAndNoise(int[] f, int size, double sigma, SplittableRandom rng) {
        float[][] p = Pixels.toPlanes(f, 3);
        for (int c = 0; c < 3; c++) {
            float[] src = p[c], out = new float[src.length];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double acc = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            acc += src[Math.min(size - 1, Math.max(0, y + dy)) * size + Math.min(size - 1, Math.max(0, x + dx))];
                        }
                    }
                    out[y * size + x] = (float) (acc / 9 + rng.nextGaussian() * sigma / 255);
                }
            }
            p[c] = out;
        }
        return Pixels.fromPlanes(p, size * size);
    }

    static int[] dull(int[] f) {
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            int r = (f[i] >> 16) & 0xff, g = (f[i] >> 8) & 0xff, b = f[i] & 0xff;
            double m = (r + g + b) / 3.0;
            out[i] = Pixels.argb((int) ((r * 0.75 + m * 0.25) * 0.9), (int) ((g * 0.75 + m * 0.25) * 0.9), (int) ((b * 0.75 + m * 0.25) * 0.9));
        }
        return out;
    }

    @Test
    void mismatchingPromptsAreScoredWrong() {
        List<SceneSpec> specs = scenes(80, 99);
        SplittableRandom rng = new SplittableRandom(1);
        int wrongColour = 0, wrongShape = 0, wrongMotion = 0;
        for (SceneSpec s : specs) {
            SceneSpec.Item it = s.items().get(0);
            FrameAnalysis.ClipReading r = FrameAnalysis.analyse(SceneRenderer.render(s, 64, FRAMES).frames(), s.background());
            Hue otherHue = other(Hue.values(), it.hue(), rng);
            ShapeKind otherShape = other(ShapeKind.values(), it.shape(), rng);
            Motion otherMotion = other(Motion.values(), s.motion(), rng);
            if (!FrameAnalysis.verdict(r, otherHue, it.shape(), s.motion()).colourRight()) wrongColour++;
            if (!FrameAnalysis.verdict(r, it.hue(), otherShape, s.motion()).shapeRight()) wrongShape++;
            if (!FrameAnalysis.verdict(r, it.hue(), it.shape(), otherMotion).motionRight()) wrongMotion++;
        }
        assertEquals(specs.size(), wrongColour, "every clip is scored wrong against another colour");
        assertTrue(wrongShape >= specs.size() - 2, "clips scored wrong against another shape: " + wrongShape);
        assertEquals(specs.size(), wrongMotion, "every clip is scored wrong against another motion");
    }

    @Test
    void aBlueRenderIsWrongForARedPrompt() {
        SceneSampler sampler = new SceneSampler(FRAMES);
        SceneSpec blue = sampler.fromCaption("a blue circle moving left on a white background", FPS, new SplittableRandom(4));
        FrameAnalysis.ClipReading r = FrameAnalysis.analyse(SceneRenderer.render(blue, 64, FRAMES).frames(), Background.WHITE);
        assertEquals(Hue.BLUE, r.hue());
        FrameAnalysis.Verdict red = FrameAnalysis.verdict(r, Hue.RED, ShapeKind.CIRCLE, Motion.LEFT);
        assertFalse(red.colourRight());
        assertTrue(red.shapeRight() && red.motionRight());
        assertFalse(FrameAnalysis.verdict(r, Hue.BLUE, ShapeKind.STAR, Motion.LEFT).shapeRight());
        assertFalse(FrameAnalysis.verdict(r, Hue.BLUE, ShapeKind.CIRCLE, Motion.RIGHT).motionRight());
    }

    @Test
    void aReversedClipReadsTheReversedMotionAndAMirroredOneTheMirroredMotion() {
        for (SceneSpec s : scenes(40, 5)) {
            FrameSequence clip = SceneRenderer.render(s, 64, FRAMES).frames();
            List<int[]> back = new ArrayList<>(clip.frames());
            Collections.reverse(back);
            FrameSequence reversed = new FrameSequence(64, 64, FPS, back);
            assertEquals(s.motion().reversed(), FrameAnalysis.analyse(reversed, s.background()).motion(), "reversed " + s.caption());
            List<int[]> flipped = new ArrayList<>();
            for (int[] f : clip.frames()) flipped.add(mirror(f, 64));
            assertEquals(s.motion().mirrored(), FrameAnalysis.analyse(new FrameSequence(64, 64, FPS, flipped), s.background()).motion(), "mirrored " + s.caption());
        }
    }

    @Test
    void anObjectThatVanishesIsNotConsistent() {
        SceneSampler sampler = new SceneSampler(FRAMES);
        SceneSpec s = sampler.fromCaption("a red square moving right on a gray background", FPS, new SplittableRandom(8));
        SceneSpec empty = new SceneSpec(s.background(), List.of(), s.motion(), s.fps(), s.textureSeed());
        List<int[]> frames = new ArrayList<>(SceneRenderer.render(s, 64, FRAMES).frames().frames().subList(0, 10));
        frames.addAll(SceneRenderer.render(empty, 64, FRAMES).frames().frames().subList(10, FRAMES));
        FrameAnalysis.ClipReading r = FrameAnalysis.analyse(new FrameSequence(64, 64, FPS, frames), s.background());
        assertFalse(r.presentInEveryFrame());
        assertFalse(r.consistentFor(Motion.RIGHT));
        assertEquals(Hue.RED, r.hue(), "the frames that show it still give its colour");

        FrameAnalysis.ClipReading none = FrameAnalysis.analyse(SceneRenderer.render(empty, 64, FRAMES).frames(), s.background());
        assertTrue(none.frames().stream().noneMatch(FrameAnalysis.FrameReading::present), "a bare background holds no object");
        assertNull(none.hue());
        assertFalse(FrameAnalysis.verdict(none, Hue.RED, ShapeKind.SQUARE, Motion.RIGHT).colourRight());
    }

    @Test
    void aStillObjectOfChangingSizeIsNotConsistentUnlessPromptedToGrowOrShrink() {
        SceneSampler sampler = new SceneSampler(FRAMES);
        SceneSpec grow = sampler.fromCaption("a yellow circle moving growing on a black background", FPS, new SplittableRandom(2));
        FrameAnalysis.ClipReading r = FrameAnalysis.analyse(SceneRenderer.render(grow, 64, FRAMES).frames(), Background.BLACK);
        assertEquals(Motion.GROWING, r.motion());
        assertTrue(r.consistentFor(Motion.GROWING));
        assertFalse(r.consistentFor(Motion.STILL), "a growing object is not stable for a prompt that says still");
        assertFalse(r.consistentFor(Motion.SHRINKING));
    }

    static <T> T other(T[] values, T not, SplittableRandom rng) {
        T v;
        do v = values[rng.nextInt(values.length)]; while (v == not);
        return v;
    }

    static int[] mirror(int[] f, int size) {
        int[] out = new int[f.length];
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) out[y * size + x] = f[y * size + size - 1 - x];
        return out;
    }
}
