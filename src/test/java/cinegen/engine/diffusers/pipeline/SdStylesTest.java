package cinegen.engine.diffusers.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.diffusers.Params;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.sd.SdFamily;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.Latents;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Styles on SD models as real weight sets: a kohya LoRA at a live strength, and a second checkpoint blended at α. */
class SdStylesTest {
    private static final String Q = "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight";

    @Test
    void aKohyaLoraIsAStyleWhoseStrengthChangesLive(@TempDir Path tmp) throws Exception {
        Path lora = tmp.resolve("ink.safetensors");
        SplittableRandom r = new SplittableRandom(3);
        int rank = 2, dim = 16;
        float[] down = gaussian(r, rank * dim), up = gaussian(r, dim * rank);
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        String base = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q";
        t.put(base + ".lora_down.weight", new SafeTensors.Tensor(new long[] {rank, dim}, down));
        t.put(base + ".lora_up.weight", new SafeTensors.Tensor(new long[] {dim, rank}, up));
        t.put(base + ".alpha", new SafeTensors.Tensor(new long[] {}, new float[] {1f}));
        SafeTensors.write(lora, t, SafeTensors.DType.F32);

        try (LoadedModel model = load()) {
            Params unet = ((DiffusersVideoModel) model).parts().denoiser() instanceof cinegen.engine.diffusers.unet.UNetMotionModel u ? u.params() : null;
            float[] w0 = unet.get(Q).toFloatArray();
            String name = model.addStyle(lora);
            assertEquals("ink", name);
            assertEquals(w0.length, unet.get(Q).toFloatArray().length);
            assertArrayEquals(w0, unet.get(Q).toFloatArray(), "registering a style changes nothing");
            model.applyStyles(new StyleMix(List.of(new StyleMix.Entry(name, 1.0))));
            float[] w1 = unet.get(Q).toFloatArray();
            // W = W0 + up · down · alpha / rank
            for (int o = 0; o < dim; o++) {
                for (int i = 0; i < dim; i++) {
                    double d = 0;
                    for (int k = 0; k < rank; k++) d += up[o * rank + k] * down[k * dim + i];
                    assertEquals(w0[o * dim + i] + d * 1.0 / rank, w1[o * dim + i], 1e-5);
                }
            }
            VideoPipeline p = new VideoPipeline(model);
            float[] plain = generate(p, StyleMix.NONE);
            assertArrayEquals(w0, unet.get(Q).toFloatArray(), "no style restores the base weights exactly");
            float[] half = generate(p, new StyleMix(List.of(new StyleMix.Entry(name, 0.5))));
            float[] full = generate(p, new StyleMix(List.of(new StyleMix.Entry(name, 1.0))));
            assertFalse(java.util.Arrays.equals(plain, half));
            assertFalse(java.util.Arrays.equals(half, full));
            assertArrayEquals(plain, generate(p, new StyleMix(List.of(new StyleMix.Entry(name, 0.0)))), "strength 0 is the base model");
        }
    }

    @Test
    void aSecondCheckpointBlendsWithTheBaseAtAlpha(@TempDir Path tmp) throws Exception {
        Path other = tmp.resolve("other-finetune");
        Path src = new Fixtures("pipeline_animatediff").folder;
        try (var s = Files.walk(src)) {
            for (Path f : s.toList()) {
                Path d = other.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(d); else Files.copy(f, d);
            }
        }
        // The "fine-tune": every image-layer weight of the UNet changed a little; its motion modules changed too,
        // which a style must ignore.
        Path unetFile = other.resolve("unet/diffusion_pytorch_model.safetensors");
        Map<String, SafeTensors.Tensor> w = new LinkedHashMap<>(SafeTensors.read(unetFile));
        SplittableRandom r = new SplittableRandom(8);
        w.replaceAll((k, v) -> {
            float[] d = v.data().clone();
            for (int i = 0; i < d.length; i++) d[i] += (float) (0.05 * r.nextGaussian());
            return new SafeTensors.Tensor(v.shape(), d);
        });
        SafeTensors.write(unetFile, w, SafeTensors.DType.F32);

        try (LoadedModel model = load()) {
            Params unet = ((cinegen.engine.diffusers.unet.UNetMotionModel) ((DiffusersVideoModel) model).parts().denoiser()).params();
            String motionKey = unet.keys().stream().filter(k -> k.contains("motion_modules") && k.endsWith("weight")).findFirst().orElseThrow();
            float[] motion0 = unet.get(motionKey).toFloatArray(), q0 = unet.get(Q).toFloatArray();
            String name = model.addStyle(other);
            model.applyStyles(new StyleMix(List.of(new StyleMix.Entry(name, 0.25))));
            float[] q = unet.get(Q).toFloatArray(), qStyle = w.get(Q).data();
            for (int i = 0; i < q.length; i++) assertEquals(0.25 * qStyle[i] + 0.75 * q0[i], q[i], 1e-6, "W = α·W_style + (1−α)·W_base");
            assertArrayEquals(motion0, unet.get(motionKey).toFloatArray(), "the motion modules stay the base's");
            model.applyStyles(StyleMix.NONE);
            assertArrayEquals(q0, unet.get(Q).toFloatArray());
        }
    }

    @Test
    void aLoraForAnotherModelIsRefusedWithASentence(@TempDir Path tmp) throws Exception {
        Path lora = tmp.resolve("wrong.safetensors");
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        String base = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q";
        t.put(base + ".lora_down.weight", new SafeTensors.Tensor(new long[] {2, 320}, new float[640]));
        t.put(base + ".lora_up.weight", new SafeTensors.Tensor(new long[] {320, 2}, new float[640]));
        SafeTensors.write(lora, t, SafeTensors.DType.F32);
        try (LoadedModel model = load()) {
            ModelPackException e = assertThrows(ModelPackException.class, () -> model.addStyle(lora));
            assertTrue(e.getMessage().contains("wrong.safetensors") || e.getMessage().contains("another model"), e.getMessage());
        }
    }

    private static LoadedModel load() throws Exception {
        return new SdFamily().load(ModelSource.of(new Fixtures("pipeline_animatediff").folder), Device.cpu());
    }

    private static float[] generate(VideoPipeline p, StyleMix style) throws Exception {
        GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).prompt("a fox").frames(8).size(32, 32).steps(2)
                .guidance(4).seed(1).style(style).build();
        return p.generate(r, StepListener.NONE, CancelToken.none()).latents().values();
    }

    private static float[] gaussian(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }
}
