package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.family.bundled.BlockWeights;
import cinegen.engine.pack.SafeTensors;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full space-time attention (decision 21): identity at the start, and one layer reaches across frames and places at once. */
class SpaceTimeAttentionTest {
    private static final int C = 12, T = 4, H = 4, W = 4;

    @Test
    void aFreshLayerIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpaceTimeAttention layer = new SpaceTimeAttention(C, 2);
            Weights.initialize(layer, m, 1);
            NDArray x = m.randomNormal(new Shape(2, C, T, H, W));
            assertArrayEquals(x.toFloatArray(), layer.apply(x).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void oneLayerCarriesAChangeToAnotherFrameAtAnotherPlace() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SpaceTimeAttention spaceTime = randomised(new SpaceTimeAttention(C, 2), m, 2);
            TemporalAttention temporal = randomised(new TemporalAttention(C, 2), m, 3);
            NDArray x = m.randomNormal(new Shape(1, C, T, H, W));
            // Change one token (frame 0, row 0, column 0); look at frame 3, row 2, column 3.
            NDArray poked = x.duplicate();
            poked.set(new NDIndex(":, :, 0, 0, 0"), m.randomNormal(new Shape(1, C)).add(3f));
            String far = ":, :, 3, 2, 3";
            assertTrue(change(spaceTime.apply(x), spaceTime.apply(poked), far) > 1e-4, "space-time attention reaches (3, 2, 3)");
            assertEquals(0, change(temporal.apply(x), temporal.apply(poked), far), 1e-6, "temporal attention stays at its pixel");
        }
    }

    @Test
    void everyPositionOfTheGridIsDistinct() {
        float[] p = SpaceTimeAttention.positions(C, T, H, W);
        assertEquals(T * H * W * C, p.length);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < T * H * W; i++) {
            float[] row = java.util.Arrays.copyOfRange(p, i * C, (i + 1) * C);
            assertTrue(seen.add(java.util.Arrays.toString(row)), "position " + i + " repeats another");
        }
    }

    @Test
    void theDenoiserWithSpaceTimeAttentionStartsAsTheOneWithout() throws Exception {
        DenoiserConfig frameConditioned = DenoiserConfig.builder(4, new int[] {16, 16, 32}, 16, 2, 32).frameConditioning(true).build();
        assertGrowsAsIdentity(frameConditioned, frameConditioned.toBuilder().spaceTimeAttention(true).build(), "temporal_spacetime_mid.");
    }

    @Test
    void theDenoiserWithAMotionBiasStartsAsTheOneWithout() throws Exception {
        DenoiserConfig spaceTime = DenoiserConfig.builder(4, new int[] {16, 16, 32}, 16, 2, 32).frameConditioning(true).spaceTimeAttention(true).build();
        assertGrowsAsIdentity(spaceTime, spaceTime.toBuilder().motionBias(true).build(), ".motion_bias.");
    }

    /** A random denoiser without the addition, grown into one with it (new tensors fresh): both compute the same. */
    static void assertGrowsAsIdentity(DenoiserConfig without, DenoiserConfig with, String added) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SpaceTimeUNet a = randomised(new SpaceTimeUNet(without), m, 4), b = new SpaceTimeUNet(with);
            Weights.initialize(b, m, 9);
            Map<String, SafeTensors.Tensor> grown = new LinkedHashMap<>(BlockWeights.snapshot(b));
            grown.putAll(BlockWeights.snapshot(a));
            BlockWeights.assign(b, grown, "test", m);
            assertTrue(grown.keySet().stream().anyMatch(k -> k.contains(added)), grown.keySet().toString());
            NDArray x = m.randomNormal(new Shape(1, 9, 8, 8, 8));
            NDArray text = m.randomNormal(new Shape(1, 5, 16));
            NDArray t = m.create(new float[] {700}), fps = m.create(new float[] {8});
            assertArrayEquals(a.apply(x, t, fps, text).toFloatArray(), b.apply(x, t, fps, text).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void motionFeaturesAreTheScaledOffsetsOfEachPair() {
        int t = 4, h = 4, w = 8, n = t * h * w;
        float[] f = SpaceTimeAttention.motionFeatures(t, h, w);
        assertEquals(SpaceTimeAttention.MOTION_FEATURES * n * n, f.length);
        int query = (3 * h + 1) * w + 6, key = (1 * h + 2) * w + 2; // (frame 3, row 1, col 6) looking at (1, 2, 2)
        float df = 4f * 2 / t, dy = 4f * -1 / h, dx = 4f * 4 / w;
        float[] expected = {dx * dx, dy * dy, dx * df, dy * df, df * df};
        for (int j = 0; j < expected.length; j++) assertEquals(expected[j], f[j * n * n + query * n + key], 1e-6f, "feature " + j);
        assertEquals(0f, f[4 * n * n + query * n + query], "no offset from a token to itself");
    }

    @Test
    void theBiasMakesAHeadLookAlongThePromptedMotion() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            int e = 6;
            NDArray x = m.randomNormal(new Shape(1, C, T, H, W));
            NDArray poked = x.duplicate();
            poked.set(new NDIndex(":, :, 0, 0, 2"), m.randomNormal(new Shape(1, C)).add(3f)); // frame 0, column 2
            NDArray emb = m.zeros(new Shape(1, e));
            // One frame on (4/T = 1 unit) and one column across (4/W = 1 unit): right is dx = +df, left dx = -df.
            String rightOfIt = ":, :, 1, 0, 3", leftOfIt = ":, :, 1, 0, 1";
            for (int u : new int[] {1, -1}) {
                SpaceTimeAttention layer = steered(new SpaceTimeAttention(C, 2, e), m, u);
                double right = change(layer.apply(x, emb), layer.apply(poked, emb), rightOfIt);
                double left = change(layer.apply(x, emb), layer.apply(poked, emb), leftOfIt);
                if (u > 0) assertTrue(right > 20 * left, "moving right: frame 1 looks at column 2 from column 3 (" + right + " vs " + left + ")");
                else assertTrue(left > 20 * right, "moving left: frame 1 looks at column 2 from column 1 (" + left + " vs " + right + ")");
            }
        }
    }

    /** A randomised layer whose motion bias is -k·((dx - u·df)² + dy²) in every head, whatever the embedding. */
    private static SpaceTimeAttention steered(SpaceTimeAttention layer, NDManager m, int u) throws Exception {
        randomised(layer, m, 5);
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(BlockWeights.snapshot(layer));
        float k = 30;
        float[] perHead = {-k, -k, 2 * k * u, 0, -k * u * u};
        tensors.replaceAll((name, tensor) -> {
            if (name.endsWith("motion_bias.weight")) return new SafeTensors.Tensor(tensor.shape(), new float[tensor.data().length]);
            if (!name.endsWith("motion_bias.bias")) return tensor;
            float[] bias = new float[tensor.data().length];
            for (int i = 0; i < bias.length; i++) bias[i] = perHead[i % perHead.length];
            return new SafeTensors.Tensor(tensor.shape(), bias);
        });
        BlockWeights.assign(layer, tensors, "test", m);
        return layer;
    }

    /** The block with every weight random (so its zero-initialised outputs no longer hide what it does). */
    static <B extends Module> B randomised(B block, NDManager m, long seed) throws Exception {
        Weights.initialize(block, m, seed);
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(BlockWeights.snapshot(block));
        Random random = new Random(seed);
        tensors.replaceAll((name, t) -> {
            float[] data = new float[t.data().length];
            for (int i = 0; i < data.length; i++) data[i] = (float) random.nextGaussian() * 0.3f;
            return new SafeTensors.Tensor(t.shape(), data);
        });
        BlockWeights.assign(block, tensors, "test", m);
        return block;
    }

    private static double change(NDArray a, NDArray b, String at) {
        return a.get(new NDIndex(at)).sub(b.get(new NDIndex(at))).abs().max().getFloat();
    }
}
