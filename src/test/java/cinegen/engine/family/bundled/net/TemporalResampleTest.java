package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Learned temporal resampling: fixed resampling at gate 0, smooth resampling at gate 1, per channel. */
class TemporalResampleTest {
    /** One channel, T frames of 1x1 pixels with the given values: (1, 1, T, 1, 1). */
    private static NDArray frames(NDManager m, float... values) { return m.create(values, new Shape(1, 1, values.length, 1, 1)); }

    private static NDArray gate(NDManager m, float g) { return m.create(new float[] {g}, new Shape(1, 1, 1, 1, 1)); }

    @Test
    void gateZeroIsPairMeanAndRepetition() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = frames(m, 0, 2, 4, 10, 20, 30, 31, 33);
            assertArrayEquals(new float[] {1, 7, 25, 32}, TemporalResample.downsample(x, gate(m, 0)).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0, 0, 2, 2, 4, 4}, TemporalResample.upsample(frames(m, 0, 2, 4), gate(m, 0)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void gateOneIsAntiAliasedDownAndLinearUp() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = {0, 2, 4, 10, 20, 30, 31, 33};
            float[] expected = new float[4];
            for (int i = 0; i < 4; i++) { // [1, 3, 3, 1] / 8 around frames 2i and 2i+1, edges replicated
                float before = v[Math.max(0, 2 * i - 1)], after = v[Math.min(7, 2 * i + 2)];
                expected[i] = (before + 3 * v[2 * i] + 3 * v[2 * i + 1] + after) / 8;
            }
            assertArrayEquals(expected, TemporalResample.downsample(frames(m, v), gate(m, 1)).toFloatArray(), 1e-5f);
            // linear interpolation at half-frame offsets: 0.75 of the frame, 0.25 of its neighbour
            assertArrayEquals(new float[] {0, 0.5f, 1.5f, 2.5f, 3.5f, 4}, TemporalResample.upsample(frames(m, 0, 2, 4), gate(m, 1)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void theModuleStartsAsFixedResamplingOnEveryChannelAndKeepsShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            TemporalResample down = TemporalResample.down(3), up = TemporalResample.up(3);
            Weights.initialize(down, m, 1);
            Weights.initialize(up, m, 1);
            NDArray x = m.randomNormal(new Shape(2, 3, 8, 4, 4));
            NDArray pooled = down.apply(x);
            assertEquals(new Shape(2, 3, 4, 4, 4), pooled.getShape());
            assertArrayEquals(SpaceTimeUNet.poolTime(x).toFloatArray(), pooled.toFloatArray(), 1e-6f);
            NDArray raised = up.apply(pooled);
            assertEquals(new Shape(2, 3, 8, 4, 4), raised.getShape());
            assertArrayEquals(pooled.repeat(2, 2).toFloatArray(), raised.toFloatArray(), 1e-6f);
        }
    }
}
