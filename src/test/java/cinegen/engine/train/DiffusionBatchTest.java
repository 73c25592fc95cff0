package cinegen.engine.train;

import cinegen.tools.train.*;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loss's frame-difference term (decision 15) on errors whose answer is known by hand. */
class DiffusionBatchTest {
    @Test
    void theTemporalTermWeighsOnlyWhatChangesBetweenFrames() {
        try (NDManager m = NDManager.newBaseManager()) {
            int frames = 4;
            float[] data = new float[2 * 2 * frames * 3 * 3];
            for (int c = 0; c < 2; c++) {
                for (int f = 0; f < frames; f++) {
                    for (int p = 0; p < 9; p++) {
                        data[(c * frames + f) * 9 + p] = 0.5f; // clip 0: the same error on every frame
                        data[((2 + c) * frames + f) * 9 + p] = f % 2 == 0 ? 1f : -1f; // clip 1: flips every frame
                    }
                }
            }
            NDArray err = m.create(data, new Shape(2, 2, frames, 3, 3));
            assertArrayEquals(new float[] {0.25f, 1f}, DiffusionBatch.perClipLoss(err, 0).toFloatArray(), 1e-6f);
            // clip 0: no frame difference; clip 1: differences of +-2 everywhere, squared 4, times the weight 0.5.
            assertArrayEquals(new float[] {0.25f, 1f + 0.5f * 4}, DiffusionBatch.perClipLoss(err, 0.5).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.25f, 1f}, DiffusionBatch.perClipLoss(err.get(":, :, :1"), 2).toFloatArray(), 1e-6f,
                    "a single frame has no differences");
        }
    }

    @Test
    void timestepsAreDrawnInsideTheRequestedBand() {
        var schedule = DenoiserTrainer.schedule();
        var tokenizer = new cinegen.engine.family.bundled.net.Tokenizer(DenoiserTrainer.vocabulary(), 8);
        java.util.List<DiffusionBatch.Sample> clips = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) clips.add(new DiffusionBatch.Sample(new float[2 * 4 * 2 * 2], new float[4 * 2 * 2], "a red circle", 8));
        DiffusionBatch b = new DiffusionBatch(clips, 2, 4, 2, 2, tokenizer, schedule, new java.util.SplittableRandom(3), true, 250, 500);
        for (float t : b.timesteps()) assertTrue(t >= 250 && t < 500, "timestep " + t + " outside [250, 500)");
        assertThrows(IllegalArgumentException.class, () -> new DiffusionBatch(clips, 2, 4, 2, 2, tokenizer, schedule,
                new java.util.SplittableRandom(3), true, 500, 500));
        assertThrows(IllegalArgumentException.class, () -> new DiffusionBatch(clips, 2, 4, 2, 2, tokenizer, schedule,
                new java.util.SplittableRandom(3), true, 0, schedule.trainSteps() + 1));
    }

    @Test
    void highNoiseShareMovesTimestepsTowardsTheNoisiestStep() {
        var schedule = DenoiserTrainer.schedule();
        var tokenizer = new cinegen.engine.family.bundled.net.Tokenizer(DenoiserTrainer.vocabulary(), 8);
        var clips = tinyClips(4000);
        int total = schedule.trainSteps();
        double[] means = new double[3];
        double[] shares = {0, 0.5, 1};
        for (int k = 0; k < 3; k++) {
            DiffusionBatch b = new DiffusionBatch(clips, 1, 2, 1, 2, tokenizer, schedule, new java.util.SplittableRandom(5), true, 0, total, shares[k]);
            double sum = 0;
            for (float t : b.timesteps()) {
                assertTrue(t >= 0 && t < total && t == Math.rint(t), "timestep " + t);
                sum += t;
            }
            means[k] = sum / clips.size() / total;
        }
        // Uniform has mean 1/2; density rising linearly to the top has mean 2/3; half of each, 7/12.
        assertEquals(0.5, means[0], 0.015);
        assertEquals(7.0 / 12, means[1], 0.015);
        assertEquals(2.0 / 3, means[2], 0.015);
    }

    @Test
    void topStepShareDrawsThatShareAtTheNoisiestStepOfTheBand() {
        var schedule = DenoiserTrainer.schedule();
        var tokenizer = new cinegen.engine.family.bundled.net.Tokenizer(DenoiserTrainer.vocabulary(), 8);
        var clips = tinyClips(4000);
        int total = schedule.trainSteps();
        for (double share : new double[] {0, 0.1, 0.3}) {
            DiffusionBatch b = new DiffusionBatch(clips, 1, 2, 1, 2, tokenizer, schedule, new java.util.SplittableRandom(7), true, 0, total, 0.5, share);
            long top = 0;
            for (float t : b.timesteps()) if (t == total - 1) top++;
            // Without a top share the last step is one of 1000 (about 0.1% of clips, 0.15% with half drawn high).
            assertEquals(share, top / (double) clips.size(), 0.015, "share " + share);
        }
        DiffusionBatch band = new DiffusionBatch(clips, 1, 2, 1, 2, tokenizer, schedule, new java.util.SplittableRandom(7), true, 250, 500, 0, 0.5);
        for (float t : band.timesteps()) assertTrue(t >= 250 && t < 500, "the top of a band is its own last step: " + t);
    }

    @Test
    void theOutlineWeightFallsOnCellsAnOutlineCrossesAndOnlyThere() {
        // A 16x16 square of one frame, from pixel 2 to 9 inclusive: on the 4x4 grid, cells 0-2 in x and y.
        int size = 16, cell = 4, g = size / cell;
        float[] coverage = new float[size * size];
        for (int y = 2; y < 10; y++) for (int x = 2; x < 10; x++) coverage[y * size + x] = 1;
        float[] folded = SceneLayout.fold(java.util.List.of(coverage), size, cell);
        float[] w = DiffusionBatch.outlineWeights(folded, g * g);
        float edge = (float) (1 + DiffusionBatch.OUTLINE_WEIGHT);
        float[] expected = {
                edge, edge, edge, 1,
                edge, 1, edge, 1,
                edge, edge, edge, 1,
                1, 1, 1, 1};
        assertArrayEquals(expected, w, 1e-6f, "cell (1,1) lies wholly inside, row and column 3 wholly outside");
        float[] none = DiffusionBatch.outlineWeights(null, g * g);
        for (float v : none) assertEquals(1f, v, "no silhouettes, no outline weight");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray err = m.ones(new Shape(1, 2, 1, g, g));
            NDArray cells = m.create(w, new Shape(1, 1, 1, g, g));
            // 8 outline cells of 16 weigh 1 + OUTLINE_WEIGHT, the other 8 weigh 1.
            double mean = (8 * edge + 8) / 16.0;
            assertEquals(mean, DiffusionBatch.perClipLoss(err, 0, cells).getFloat(0), 1e-5);
        }
    }

    /** n one-pixel-wide clips of two frames with one latent channel: enough to draw timesteps for. */
    private static java.util.List<DiffusionBatch.Sample> tinyClips(int n) {
        java.util.List<DiffusionBatch.Sample> clips = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) clips.add(new DiffusionBatch.Sample(new float[4], new float[2], "a red circle", 8));
        return clips;
    }
}
