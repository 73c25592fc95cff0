package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-frame embeddings in residual blocks (frame conditioning): each frame gets its own row, the clip-wide form is the special case. */
class FrameConditioningTest {
    private static final int IN = 8, OUT = 16, EMB = 12, FRAMES = 4;

    @Test
    void aPerFrameEmbeddingWithEqualRowsIsTheClipEmbedding() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResBlock block = new ResBlock(IN, OUT, EMB);
            Weights.initialize(block, m, 3);
            NDArray x = m.randomNormal(new Shape(2, IN, FRAMES, 4, 4));
            NDArray clip = m.randomNormal(new Shape(2, EMB));
            NDArray perFrame = clip.expandDims(1).repeat(1, FRAMES);
            assertArrayEquals(block.apply(x, clip).toFloatArray(), block.apply(x, perFrame).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void framesWithTheSameContentDifferOnlyWhenTheirRowsDo() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ResBlock block = new ResBlock(IN, OUT, EMB);
            Weights.initialize(block, m, 4);
            // Random spatial weights (the second convolution starts at zero); the temporal convolution stays at zero.
            var tensors = new java.util.LinkedHashMap<>(cinegen.engine.family.bundled.BlockWeights.snapshot(block));
            java.util.Random random = new java.util.Random(5);
            tensors.replaceAll((name, t) -> {
                if (ResBlock.isTemporalParameter(name)) return t;
                float[] data = new float[t.data().length];
                for (int i = 0; i < data.length; i++) data[i] = (float) random.nextGaussian() * 0.2f;
                return new cinegen.engine.pack.SafeTensors.Tensor(t.shape(), data);
            });
            cinegen.engine.family.bundled.BlockWeights.assign(block, tensors, "test", m);
            NDArray x = m.randomNormal(new Shape(1, IN, 1, 4, 4)).repeat(2, FRAMES); // every frame the same picture
            NDArray sameRows = m.randomNormal(new Shape(1, 1, EMB)).repeat(1, FRAMES);
            NDArray ownRows = m.randomNormal(new Shape(1, FRAMES, EMB));
            NDArray same = block.apply(x, sameRows), own = block.apply(x, ownRows);
            for (int f = 1; f < FRAMES; f++) {
                assertEquals(0, frameChange(same, f), 1e-6, "equal rows keep frame " + f + " equal to frame 0");
                assertTrue(frameChange(own, f) > 1e-3, "frame " + f + " follows its own row");
            }
        }
    }

    private static double frameChange(NDArray video, int f) {
        return video.get(new NDIndex(":, :, " + f)).sub(video.get(new NDIndex(":, :, 0"))).abs().max().getFloat();
    }

    @Test
    void theDenoiserWithFrameConditioningStartsAsTheOneWithout() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            DenoiserConfig without = DenoiserConfig.builder(4, new int[] {16, 16, 32}, 16, 2, 32).build();
            DenoiserConfig with = without.toBuilder().frameConditioning(true).build();
            SpaceTimeUNet a = new SpaceTimeUNet(without), b = new SpaceTimeUNet(with);
            Weights.initialize(a, m, 9);
            Weights.initialize(b, m, 9);
            cinegen.engine.family.bundled.BlockWeights.assign(b, withFrameLayers(cinegen.engine.family.bundled.BlockWeights.snapshot(a), b), "test", m);
            NDArray x = m.randomNormal(new Shape(1, 9, 8, 8, 8));
            NDArray text = m.randomNormal(new Shape(1, 5, 16));
            NDArray t = m.create(new float[] {700}), fps = m.create(new float[] {8});
            assertArrayEquals(a.apply(x, t, fps, text).toFloatArray(), b.apply(x, t, fps, text).toFloatArray(), 1e-5f);
        }
    }

    /** The shared tensors of {@code from}, plus {@code target}'s own (freshly initialised) frame-conditioning layers. */
    private static java.util.Map<String, cinegen.engine.pack.SafeTensors.Tensor> withFrameLayers(
            java.util.Map<String, cinegen.engine.pack.SafeTensors.Tensor> from, SpaceTimeUNet target) {
        var out = new java.util.LinkedHashMap<>(cinegen.engine.family.bundled.BlockWeights.snapshot(target));
        out.putAll(from);
        return out;
    }
}
