package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoordinateChannelsTest {
    private static final DenoiserConfig WITHOUT = DenoiserConfig.builder(4, new int[] {16, 16, 32}, 16, 2, 32)
            .frameConditioning(true).spaceTimeAttention(true).motionBias(true).build();
    private static final DenoiserConfig WITH = WITHOUT.toBuilder().coordinates(true).build();

    @Test
    void columnRowAndFrameEachSpanMinusOneToOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] c = SpaceTimeUNet.coordinates(m.zeros(new Shape(2, 9, 4, 3, 5))).toFloatArray();
            int plane = 4 * 3 * 5;
            assertEquals(2 * 3 * plane, c.length, "one set of three channels per clip");
            int last = (3 * 3 + 2) * 5 + 4; // frame 3, row 2, column 4
            assertEquals(-1f, c[0]); assertEquals(1f, c[last]);                         // column
            assertEquals(-1f, c[plane]); assertEquals(1f, c[plane + last]);             // row
            assertEquals(-1f, c[2 * plane]); assertEquals(1f, c[2 * plane + last]);     // frame
            assertEquals(0f, c[2], 1e-6f, "the middle column of five is 0");
            assertEquals(-1f / 3f, c[2 * plane + 15], 1e-6f, "frame 1 of four is -1/3");
            assertEquals(c[7], c[3 * plane + 7], "the second clip gets the same grid");
        }
    }

    @Test
    void theDenoiserWithCoordinatesStartsAsTheOneWithout() throws Exception {
        SpaceTimeAttentionTest.assertGrowsAsIdentity(WITHOUT, WITH, "temporal_coordinates_in.");
    }

    @Test
    void trainedCoordinateWeightsReachThePredictionForAnEmptyClip() throws Exception {
        // At the noisiest step the input says nothing about place; coordinate weights are what let the denoiser
        // put something on the left of frame 0 and on the right of the last frame for "moving right".
        try (NDManager m = NDManager.newBaseManager()) {
            SpaceTimeUNet with = SpaceTimeAttentionTest.randomised(new SpaceTimeUNet(WITH), m, 5);
            NDArray x = m.zeros(new Shape(1, 9, 8, 16, 16));
            NDArray text = m.zeros(new Shape(1, 5, 16));
            NDArray t = m.create(new float[] {999}), fps = m.create(new float[] {8});
            float[] first = with.apply(x, t, fps, text).toFloatArray();
            // The same network with its coordinate weights at zero.
            var tensors = new java.util.LinkedHashMap<>(cinegen.engine.family.bundled.BlockWeights.snapshot(with));
            tensors.replaceAll((name, v) -> name.startsWith("temporal_coordinates_in.")
                    ? new cinegen.engine.pack.SafeTensors.Tensor(v.shape(), new float[v.data().length]) : v);
            cinegen.engine.family.bundled.BlockWeights.assign(with, tensors, "test", m);
            float[] blind = with.apply(x, t, fps, text).toFloatArray();
            double moved = 0;
            for (int i = 0; i < first.length; i++) moved = Math.max(moved, Math.abs(first[i] - blind[i]));
            assertTrue(moved > 1e-3, "coordinate weights change the prediction for an empty clip: " + moved);
        }
    }
}
