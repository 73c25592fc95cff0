package cinegen.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        var tokenizer = new cinegen.engine.net.Tokenizer(DenoiserTrainer.vocabulary(), 8);
        java.util.List<DiffusionBatch.Sample> clips = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) clips.add(new DiffusionBatch.Sample(new float[2 * 4 * 2 * 2], new float[4 * 2 * 2], "a red circle", 8));
        DiffusionBatch b = new DiffusionBatch(clips, 2, 4, 2, 2, tokenizer, schedule, new java.util.SplittableRandom(3), true, 250, 500);
        for (float t : b.timesteps()) assertTrue(t >= 250 && t < 500, "timestep " + t + " outside [250, 500)");
        assertThrows(IllegalArgumentException.class, () -> new DiffusionBatch(clips, 2, 4, 2, 2, tokenizer, schedule,
                new java.util.SplittableRandom(3), true, 500, 500));
        assertThrows(IllegalArgumentException.class, () -> new DiffusionBatch(clips, 2, 4, 2, 2, tokenizer, schedule,
                new java.util.SplittableRandom(3), true, 0, schedule.trainSteps() + 1));
    }
}
