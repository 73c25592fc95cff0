package cinegen.engine.family.sd;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.clip.ClipTextConfig;
import cinegen.engine.diffusers.io.TorchCheckpointWriter;
import cinegen.engine.diffusers.pipeline.DiffusersVideoModel;
import cinegen.engine.diffusers.unet.MotionAdapterConfig;
import cinegen.engine.diffusers.unet.UNet2DConditionConfig;
import cinegen.engine.diffusers.unet.UNetMotionModel;
import cinegen.engine.diffusers.vae.AutoencoderKLConfig;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.Latents;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.SamplerKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What artists download, end to end: the tiny AnimateDiff pipeline fixture rewritten as a single-file SD 1.x
 * checkpoint (original layout, tiny configs in the sidecar, tokenizer beside it) and an original-layout AnimateDiff
 * motion module; loaded by {@link SdFamily} and sampled through {@link VideoPipeline}, it gives what the diffusers
 * folder gives from the same recorded initial latents.
 */
class SingleFileParityTest {
    private static final String CASE = "cfg_7.5";
    private static final String CAT = "a cat walking on the beach at sunset, high quality", NEGATIVE = "blurry, low quality, watermark";
    /**
     * Weights rounded to fp16 (11 significant bits) move this 3-step guided result (latents up to 15.5 in size) by
     * 5.5e-3, bf16 (8 bits) by 4.0e-2, about 2^3 times more, as rounding errors that propagate linearly should; the
     * tolerances leave a factor of about 2.
     */
    private static final double FP16_TOLERANCE = 1e-2, BF16_TOLERANCE = 8e-2;

    @TempDir static Path tmp;
    private static Fixtures fx;
    private static float[] folderLatents;

    @BeforeAll
    static void runTheFolder() throws Exception {
        fx = new Fixtures("pipeline_animatediff");
        try (LoadedModel model = new SdFamily().load(ModelSource.of(SdFileFixtures.PIPE), Device.cpu())) {
            folderLatents = generate(model).latents().values();
        }
    }

    private static GeneratedVideo generate(LoadedModel model) throws Exception {
        SafeTensors.Tensor init = fx.input(CASE, "latents");
        GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).prompt(CAT).negativePrompt(NEGATIVE).frames(8).size(32, 32)
                .steps(3).guidance(7.5).sampler(SamplerKind.DDIM).initialNoise(new Latents(init.shape(), init.data())).build();
        return new VideoPipeline(model).generate(r, p -> { }, CancelToken.none());
    }

    private static double runAndCompare(Path base, Path motion, String what) throws Exception {
        assertTrue(new SdFamily().recognises(base), "SdFamily recognises " + base.getFileName());
        try (LoadedModel model = new SdFamily().load(new ModelSource(base, motion, null), Device.cpu())) {
            assertEquals(32, model.info().width(), "native size from the sidecar's sample_size and the VAE's scale");
            GeneratedVideo v = generate(model);
            double err = Fixtures.maxAbsDiff(v.latents().values(), folderLatents);
            double size = 0;
            for (float x : folderLatents) size = Math.max(size, Math.abs(x));
            System.out.printf("%s: final latents differ from the diffusers folder's by %.3g (largest latent %.3g)%n", what, err, size);
            return err;
        }
    }

    @Test
    void fp32SingleFileGivesTheFolderLatents() throws Exception {
        Path dir = tmp.resolve("fp32");
        Path base = SdFileFixtures.writeBase(dir, "tiny-sd15.safetensors", "F32", SdFileFixtures.PIPE.resolve("unet"));
        Path motion = SdFileFixtures.writeMotion(dir, "mm_tiny.safetensors", "F32", SdFileFixtures.PIPE.resolve("motion_adapter"));
        double err = runAndCompare(base, motion, "fp32 single file");
        assertTrue(err <= 1e-5, "fp32 single file vs folder: " + err);
        try (LoadedModel model = new SdFamily().load(new ModelSource(base, motion, null), Device.cpu())) {
            GeneratedVideo v = generate(model);
            fx.check(CASE, "latents.3", v.latents().values(), v.latents().shape());
            assertWeights((DiffusersVideoModel) model, "F32", SdFileFixtures.PIPE.resolve("unet"), SdFileFixtures.PIPE.resolve("motion_adapter"));
        }
    }

    @Test
    void fp16AndBf16SingleFilesGiveTheFolderLatentsUpToTheRoundingOfTheWeights() throws Exception {
        double[] errors = new double[2];
        int i = 0;
        for (String dtype : new String[] {"F16", "BF16"}) {
            Path dir = tmp.resolve(dtype);
            Path base = SdFileFixtures.writeBase(dir, "tiny-sd15-" + dtype.toLowerCase() + ".safetensors", dtype, SdFileFixtures.PIPE.resolve("unet"));
            Path motion = SdFileFixtures.writeMotion(dir, "mm_tiny_" + dtype.toLowerCase() + ".safetensors", dtype, SdFileFixtures.PIPE.resolve("motion_adapter"));
            try (LoadedModel model = new SdFamily().load(new ModelSource(base, motion, null), Device.cpu())) {
                // every weight is exactly the fp32 weight rounded to the file's type
                assertWeights((DiffusersVideoModel) model, dtype, SdFileFixtures.PIPE.resolve("unet"), SdFileFixtures.PIPE.resolve("motion_adapter"));
            }
            double err = runAndCompare(base, motion, dtype + " single file");
            double tolerance = dtype.equals("F16") ? FP16_TOLERANCE : BF16_TOLERANCE;
            assertTrue(err <= tolerance, dtype + " single file vs folder: " + err + " > " + tolerance);
            assertTrue(err > 0, dtype + ": rounded weights cannot give exactly the fp32 result");
            errors[i++] = err;
        }
        assertTrue(errors[1] > 2 * errors[0], "bf16 rounds more coarsely than fp16: " + errors[1] + " vs " + errors[0]);
    }

    @Test
    void ckptFilesAreReadAsTheSafetensorsOnes() throws Exception {
        Path dir = tmp.resolve("ckpt");
        Map<String, SdFileFixtures.Tensor> base = SdFileFixtures.originalBase(SdFileFixtures.PIPE.resolve("unet"));
        Path baseFile = writeCkpt(dir.resolve("tiny-sd15.ckpt"), base);
        SdFileFixtures.writeJson(Sidecar.pathFor(baseFile), SdFileFixtures.baseSidecar(SdFileFixtures.PIPE.resolve("unet"), true));
        SdFileFixtures.copyTree(SdFileFixtures.PIPE.resolve("tokenizer"), dir.resolve("tokenizer"));
        Path motionFile = writeCkpt(dir.resolve("mm_tiny.ckpt"), SdFileFixtures.originalMotion(SdFileFixtures.PIPE.resolve("motion_adapter")));
        SdFileFixtures.writeJson(Sidecar.pathFor(motionFile), SdFileFixtures.motionSidecar(SdFileFixtures.PIPE.resolve("motion_adapter")));
        assertTrue(new SdFamily().recognises(baseFile));
        try (LoadedModel model = new SdFamily().load(new ModelSource(baseFile, motionFile, null), Device.cpu())) {
            assertWeights((DiffusersVideoModel) model, "F32", SdFileFixtures.PIPE.resolve("unet"), SdFileFixtures.PIPE.resolve("motion_adapter"));
        }
    }

    private static Path writeCkpt(Path file, Map<String, SdFileFixtures.Tensor> tensors) throws Exception {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        tensors.forEach((k, t) -> {
            shapes.put(k, t.shape());
            values.put(k, t.values());
        });
        Files.createDirectories(file.getParent());
        return TorchCheckpointWriter.write(file, shapes, values);
    }

    @Test
    void inferredConfigsAreTheDiffusersOnes() throws Exception {
        Path dir = tmp.resolve("configs");
        Path base = SdFileFixtures.writeBase(dir, "tiny-sd15.safetensors", "F32", SdFileFixtures.PIPE.resolve("unet"));
        SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(base);
        // the pipeline's UNet is unet_motion/unet plus the motion adapter (same weights, see the fixture README)
        assertRecordEquals(UNet2DConditionConfig.load(Fixtures.ROOT.resolve("unet_motion/unet/config.json")), ckpt.unetConfig());
        assertEquals(AutoencoderKLConfig.read(SdFileFixtures.PIPE.resolve("vae/config.json")), ckpt.vaeConfig());
        assertEquals(ClipTextConfig.load(SdFileFixtures.PIPE.resolve("text_encoder/config.json")), ckpt.textConfig());
        assertEquals(SdFileFixtures.json(SdFileFixtures.PIPE.resolve("unet/config.json")).get("sample_size").asInt(), ckpt.sampleSize());
        assertEquals(withoutVersion(new com.fasterxml.jackson.databind.ObjectMapper().readTree(ckpt.scheduler().toJson())),
                withoutVersion(SdFileFixtures.json(SdFileFixtures.PIPE.resolve("scheduler/scheduler_config.json"))), "the sidecar's scheduler");

        Path motion = SdFileFixtures.writeMotion(dir, "mm_tiny.safetensors", "F32", SdFileFixtures.PIPE.resolve("motion_adapter"));
        MotionModuleFile mm = MotionModuleFile.open(motion, ckpt.unetConfig(), base.getFileName().toString());
        assertRecordEquals(MotionAdapterConfig.load(SdFileFixtures.PIPE.resolve("motion_adapter/config.json")), mm.config());
    }

    @Test
    void withoutASchedulerSectionTheSchedulerIsAnimateDiffsDdim() throws Exception {
        Path dir = tmp.resolve("default-scheduler");
        Path base = SdFileFixtures.writeBase(dir, "tiny-sd15.safetensors", "F32", SdFileFixtures.PIPE.resolve("unet"));
        SdFileFixtures.writeJson(Sidecar.pathFor(base), SdFileFixtures.baseSidecar(SdFileFixtures.PIPE.resolve("unet"), false));
        SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(base);
        assertEquals(withoutVersion(new com.fasterxml.jackson.databind.ObjectMapper().readTree(ckpt.scheduler().toJson())),
                withoutVersion(SdFileFixtures.json(Fixtures.ROOT.resolve("schedulers/ddim_animatediff/scheduler_config.json"))));
    }

    private static com.fasterxml.jackson.databind.JsonNode withoutVersion(com.fasterxml.jackson.databind.JsonNode n) {
        com.fasterxml.jackson.databind.node.ObjectNode o = n.deepCopy();
        o.remove("_diffusers_version");
        return o;
    }

    /** A 9-channel inpainting base and its motion module as single files: the denoiser gives diffusers' output. */
    @Test
    void inpaintingSingleFileDenoisesAsDiffusers() throws Exception {
        Path dir = tmp.resolve("inpaint");
        Path unetFolder = SdFileFixtures.INPAINT.resolve("unet");
        Path base = SdFileFixtures.writeBase(dir, "tiny-sd15-inpainting.safetensors", "F32", unetFolder);
        Path motion = SdFileFixtures.writeMotion(dir, "mm_tiny_inpaint.safetensors", "F32", SdFileFixtures.INPAINT.resolve("motion_adapter"));
        assertTrue(new SdFamily().recognises(base));
        SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(base);
        assertRecordEquals(UNet2DConditionConfig.load(unetFolder.resolve("config.json")), ckpt.unetConfig());
        Fixtures inpaint = new Fixtures("unet_motion_inpaint");
        try (LoadedModel model = new SdFamily().load(new ModelSource(base, motion, null), Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            assertTrue(((DiffusersVideoModel) model).inpaintingDenoiser());
            assertTrue(model.info().modeMethods().get(GenerationMode.INPAINT).contains("inpainting UNet"));
            for (String c : new String[] {"f8_t999", "b2_f8_t500"}) {
                NDArray sample = inpaint.array(m, inpaint.input(c, "noisy_latents")).concat(inpaint.array(m, inpaint.input(c, "mask")), 1)
                        .concat(inpaint.array(m, inpaint.input(c, "masked_image_latents")), 1);
                NDArray text = inpaint.array(m, inpaint.input(c, "encoder_hidden_states"));
                double t = inpaint.input(c, "timestep").data()[0];
                NDArray out = model.denoise(sample, t, text, 8);
                inpaint.check(c, "sample", out.toFloatArray(), out.getShape().getShape());
            }
        }
    }

    /** Every weight of the loaded model is the fixture's, rounded to {@code dtype}. */
    static void assertWeights(DiffusersVideoModel model, String dtype, Path unetFolder, Path adapterFolder) throws Exception {
        Params unet = ((UNetMotionModel) model.parts().denoiser()).params();
        int n = 0;
        n += compare(unet, "", SdFileFixtures.read(SdFileFixtures.weightsOf(unetFolder)), k -> !k.contains(".motion_modules."), dtype);
        n += compare(unet, "", SdFileFixtures.read(SdFileFixtures.weightsOf(adapterFolder)), k -> true, dtype);
        n += compare(model.parts().vae().params(), "", SdFileFixtures.read(SdFileFixtures.weightsOf(SdFileFixtures.PIPE.resolve("vae"))), k -> true, dtype);
        n += compare(model.parts().textEncoder().weights(), "text_model.",
                SdFileFixtures.read(SdFileFixtures.weightsOf(SdFileFixtures.PIPE.resolve("text_encoder"))), k -> true, dtype);
        assertTrue(n > 400, "compared " + n + " weights");
    }

    static int compare(Params p, String scope, Map<String, SdFileFixtures.Tensor> expected, java.util.function.Predicate<String> use,
                               String dtype) {
        int n = 0;
        for (Map.Entry<String, SdFileFixtures.Tensor> e : expected.entrySet()) {
            if (!use.test(e.getKey())) continue;
            NDArray a = p.get(e.getKey().substring(scope.length()));
            assertEquals(new Shape(e.getValue().shape()), a.getShape(), e.getKey());
            float[] actual = a.toFloatArray(), want = e.getValue().values();
            for (int i = 0; i < want.length; i++) {
                float w = SdFileFixtures.round(want[i], dtype);
                if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(w)) {
                    throw new AssertionError(e.getKey() + "[" + i + "]: " + actual[i] + ", expected " + w + " (" + want[i] + " as " + dtype + ")");
                }
            }
            n++;
        }
        return n;
    }

    /** Records equal component by component, arrays by content. */
    static void assertRecordEquals(Record expected, Record actual) throws Exception {
        assertEquals(expected.getClass(), actual.getClass());
        for (RecordComponent c : expected.getClass().getRecordComponents()) {
            Object a = c.getAccessor().invoke(expected), b = c.getAccessor().invoke(actual);
            assertTrue(Objects.deepEquals(a, b), c.getName() + ": expected " + show(a) + ", inferred " + show(b));
        }
    }

    private static String show(Object o) {
        if (o instanceof int[] a) return java.util.Arrays.toString(a);
        if (o instanceof boolean[] a) return java.util.Arrays.toString(a);
        if (o instanceof float[] a) return java.util.Arrays.toString(a);
        return String.valueOf(o);
    }
}
