package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.family.bundled.BlockWeights;
import cinegen.engine.pack.SafeTensors;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layout channel (decision 26): grown as identity, optional at the input, and read at every level once trained. */
class LayoutChannelTest {
    private static final DenoiserConfig WITHOUT = DenoiserConfig.builder(4, new int[] {8, 16, 32}, 16, 2, 32)
            .frameConditioning(true).spaceTimeAttention(true).motionBias(true).coordinates(true).build();
    private static final DenoiserConfig WITH = WITHOUT.toBuilder().layout(true).build();
    private static final DenoiserConfig SILHOUETTES = WITH.toBuilder().silhouette(true).build();
    private static final int SC = DenoiserConfig.SILHOUETTE_CHANNELS;

    @Test
    void silhouetteChannelsGrowAsIdentityAndAreOptional() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SpaceTimeUNet layoutOnly = SpaceTimeAttentionTest.randomised(new SpaceTimeUNet(WITH), m, 4);
            SpaceTimeUNet grown = new SpaceTimeUNet(SILHOUETTES);
            cinegen.engine.family.bundled.net.Weights.initialize(grown, m, 9);
            var tensors = new LinkedHashMap<>(BlockWeights.snapshot(grown));
            tensors.putAll(BlockWeights.snapshot(layoutOnly));
            BlockWeights.assign(grown, tensors, "test", m);
            NDArray x = m.randomNormal(new Shape(1, 10, 8, 16, 16)); // noisy latent, C, M and a layout
            NDArray silhouettes = m.randomUniform(0, 1, new Shape(1, SC, 8, 16, 16));
            NDArray text = m.randomNormal(new Shape(1, 5, 16));
            NDArray t = m.create(new float[] {600}), fps = m.create(new float[] {8});
            float[] before = layoutOnly.apply(x, t, fps, text).toFloatArray();
            assertArrayEquals(before, grown.apply(x.concat(silhouettes, 1), t, fps, text).toFloatArray(), 1e-4f,
                    "fresh silhouette paths change nothing");

            SpaceTimeUNet trained = SpaceTimeAttentionTest.randomised(new SpaceTimeUNet(SILHOUETTES), m, 6);
            float[] without = trained.apply(x, t, fps, text).toFloatArray();
            float[] zeros = trained.apply(x.concat(m.zeros(new Shape(1, SC, 8, 16, 16)), 1), t, fps, text).toFloatArray();
            assertArrayEquals(without, zeros, 1e-5f, "callers without silhouettes get what zero silhouettes give");
            float[] outlined = trained.apply(x.concat(silhouettes, 1), t, fps, text).toFloatArray();
            assertTrue(maxDifference(outlined, without) > 1e-3, "trained silhouette paths move the prediction");
        }
    }

    @Test
    void theDenoiserWithALayoutChannelStartsAsTheOneWithout() throws Exception {
        SpaceTimeAttentionTest.assertGrowsAsIdentity(WITHOUT, WITH, "temporal_layout_in");
    }

    @Test
    void aMissingLayoutChannelIsAZeroLayoutAndATrainedOneMovesThePrediction() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SpaceTimeUNet with = SpaceTimeAttentionTest.randomised(new SpaceTimeUNet(WITH), m, 5);
            NDArray x = m.randomNormal(new Shape(1, 9, 8, 16, 16));
            NDArray text = m.randomNormal(new Shape(1, 5, 16));
            NDArray t = m.create(new float[] {999}), fps = m.create(new float[] {8});
            float[] noChannel = with.apply(x, t, fps, text).toFloatArray();
            float[] zeroLayout = with.apply(x.concat(m.zeros(new Shape(1, 1, 8, 16, 16)), 1), t, fps, text).toFloatArray();
            assertArrayEquals(noChannel, zeroLayout, 1e-5f, "callers without a layout get what a zero layout gives");

            float[] disc = new float[8 * 16 * 16];
            for (int f = 0; f < 8; f++) for (int y = 4; y < 8; y++) for (int c = 2 + f; c < 6 + f; c++) disc[(f * 16 + y) * 16 + c] = 1;
            NDArray layout = m.create(disc, new Shape(1, 1, 8, 16, 16));
            float[] planned = with.apply(x.concat(layout, 1), t, fps, text).toFloatArray();
            for (String level : new String[] {"temporal_layout_in0.", "temporal_layout_in1.", "temporal_layout_in2."}) {
                var tensors = new LinkedHashMap<>(BlockWeights.snapshot(with));
                tensors.replaceAll((name, v) -> name.startsWith(level) ? v : name.startsWith("temporal_layout_in")
                        ? new SafeTensors.Tensor(v.shape(), new float[v.data().length]) : v);
                SpaceTimeUNet only = new SpaceTimeUNet(WITH);
                BlockWeights.assign(only, tensors, "test", m);
                float[] one = only.apply(x.concat(layout, 1), t, fps, text).toFloatArray();
                assertTrue(maxDifference(one, noChannel) > 1e-3, level + " alone changes the prediction");
            }
            assertTrue(maxDifference(planned, noChannel) > 1e-3, "a layout changes the prediction");
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }
}
