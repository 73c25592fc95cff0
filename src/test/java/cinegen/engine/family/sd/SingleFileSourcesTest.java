package cinegen.engine.family.sd;

import ai.djl.Device;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.diffusers.clip.ClipTokenizer;
import cinegen.engine.diffusers.io.KeyMaps;
import cinegen.engine.diffusers.io.VaeLayout;
import cinegen.engine.diffusers.pipeline.DiffusersVideoModel;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.Latents;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.SamplerKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the pieces of a single-file model come from (tokenizer locations, {@code --vae} and {@code --motion} as
 * files or folders, a diffusers folder with a motion module file), and the one-sentence refusals of what cannot be
 * used: no tokenizer, an SDXL file, a motion module of another UNet, fp8 weights, a truncated download.
 */
class SingleFileSourcesTest {
    private static final Path UNET = SdFileFixtures.PIPE.resolve("unet"), ADAPTER = SdFileFixtures.PIPE.resolve("motion_adapter");
    private static final String CAT = "a cat walking on the beach at sunset, high quality";

    @TempDir Path tmp;

    // ---- tokenizer

    @Test
    void tokenizerIsFoundBesideTheFileOrInTheModelsRoot() throws Exception {
        ClipTokenizer reference = ClipTokenizer.load(SdFileFixtures.PIPE.resolve("tokenizer"));
        // vocab.json + merges.txt right beside the file
        Path beside = baseWithoutTokenizer(tmp.resolve("beside"));
        for (String f : new String[] {"vocab.json", "merges.txt"}) Files.copy(SdFileFixtures.PIPE.resolve("tokenizer").resolve(f), beside.resolveSibling(f));
        assertArrayEquals(reference.encode(CAT).ids(), SingleFileCheckpoint.open(beside).tokenizer().encode(CAT).ids());
        // <models root>/tokenizers/ for a file anywhere under <models root>/checkpoints/
        Path root = tmp.resolve("models");
        Path nested = baseWithoutTokenizer(root.resolve("checkpoints").resolve("sd15"));
        Files.createDirectories(root.resolve("tokenizers"));
        for (String f : new String[] {"vocab.json", "merges.txt"}) Files.copy(SdFileFixtures.PIPE.resolve("tokenizer").resolve(f), root.resolve("tokenizers").resolve(f));
        assertArrayEquals(reference.encode(CAT).ids(), SingleFileCheckpoint.open(nested).tokenizer().encode(CAT).ids());
    }

    @Test
    void missingTokenizerSaysWhichFilesAndWhere() throws Exception {
        Path root = tmp.resolve("models");
        Path base = baseWithoutTokenizer(root.resolve("checkpoints"));
        Path motion = SdFileFixtures.writeMotion(root.resolve("animatediff_models"), "mm_tiny.safetensors", "F32", ADAPTER);
        String msg = refusal(base, motion, null);
        assertTrue(msg.startsWith(base.getFileName().toString()), msg);
        for (String s : new String[] {"vocab.json", "merges.txt", "CLIP ViT-L/14", "tokenizer/", root.resolve("tokenizers").toString()}) {
            assertTrue(msg.contains(s), "'" + s + "' in: " + msg);
        }
    }

    private Path baseWithoutTokenizer(Path dir) throws Exception {
        Path file = SdFileFixtures.writeSafetensors(dir.resolve("tiny-sd15.safetensors"), SdFileFixtures.originalBase(UNET), "F16", Map.of());
        SdFileFixtures.writeJson(Sidecar.pathFor(file), SdFileFixtures.baseSidecar(UNET, true));
        return file;
    }

    // ---- refusals

    @Test
    void sdxlFileIsRefusedWithWhatToUse() throws Exception {
        Map<String, SdFileFixtures.Raw> t = new LinkedHashMap<>();
        t.put("conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight", zeros(16, 8));
        t.put("conditioner.embedders.1.model.ln_final.weight", zeros(8));
        t.put("model.diffusion_model.input_blocks.0.0.weight", zeros(8, 4, 3, 3));
        t.put("model.diffusion_model.label_emb.0.0.weight", zeros(8, 16));
        t.put("model.diffusion_model.output_blocks.0.0.in_layers.0.weight", zeros(8));
        t.put("first_stage_model.encoder.conv_in.weight", zeros(8, 3, 3, 3));
        Path file = SdFileFixtures.writeRaw(tmp.resolve("sdxl_base.safetensors"), t);
        assertFalse(new SdFamily().recognises(file));
        String msg = refusal(file, null, null);
        assertTrue(msg.startsWith("sdxl_base.safetensors") && msg.contains("SDXL") && msg.contains("Stable Diffusion 1.5 checkpoint"), msg);
    }

    @Test
    void motionModuleOfAnotherUnetNamesBothFiles() throws Exception {
        Path base = SdFileFixtures.writeBase(tmp, "tiny-sd15.safetensors", "F32", UNET);
        // the levels swapped: channels [24, 16] where the base has [16, 24]
        Map<String, SdFileFixtures.Tensor> swapped = new LinkedHashMap<>();
        SdFileFixtures.originalMotion(ADAPTER).forEach((k, v) -> swapped.put(k.replaceFirst("^(down|up)_blocks\\.([01])\\.",
                "$1_blocks." + (k.matches("^(down|up)_blocks\\.0\\..*") ? "1" : "0") + "."), v));
        Path motion = SdFileFixtures.writeSafetensors(tmp.resolve("mm_other.safetensors"), swapped, "F16", Map.of());
        SdFileFixtures.writeJson(Sidecar.pathFor(motion), SdFileFixtures.motionSidecar(ADAPTER));
        String msg = refusal(base, motion, null);
        assertTrue(msg.startsWith("mm_other.safetensors does not fit tiny-sd15.safetensors"), msg);
        assertTrue(msg.contains("[24, 16]") && msg.contains("[16, 24]"), msg);
        // the same motion module against a diffusers folder base
        Path folder = sdFolder(tmp.resolve("sd-folder"));
        String folderMsg = refusal(folder, motion, null);
        assertTrue(folderMsg.startsWith("mm_other.safetensors does not fit sd-folder"), folderMsg);
    }

    @Test
    void fp8FileIsRefusedWithTheConversion() throws Exception {
        Map<String, SdFileFixtures.Raw> t = new LinkedHashMap<>();
        SdFileFixtures.originalBase(UNET).forEach((k, v) -> t.put(k, k.startsWith(KeyMaps.UNET_PREFIX) && v.shape().length > 1
                ? new SdFileFixtures.Raw("F8_E4M3", v.shape(), new byte[v.values().length]) : SdFileFixtures.encode(v, "F16")));
        Path file = SdFileFixtures.writeRaw(tmp.resolve("tiny-sd15-fp8.safetensors"), t);
        SdFileFixtures.writeJson(Sidecar.pathFor(file), SdFileFixtures.baseSidecar(UNET, true));
        assertTrue(new SdFamily().recognises(file), "an fp8 SD 1.x checkpoint is this family's, and loading says why it cannot run");
        String msg = refusal(file, null, null);
        assertTrue(msg.startsWith("tiny-sd15-fp8.safetensors") && msg.contains("8-bit float") && msg.contains("fp16"), msg);
    }

    @Test
    void truncatedFileIsRefusedWithDownloadItAgain() throws Exception {
        Path file = SdFileFixtures.writeBase(tmp, "tiny-sd15.safetensors", "F16", UNET);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 1000);
        }
        assertFalse(new SdFamily().recognises(file));
        String msg = refusal(file, null, null);
        assertTrue(msg.startsWith("tiny-sd15.safetensors") && msg.contains("truncated") && msg.contains("download it again"), msg);
    }

    @Test
    void singleFileBaseNeedsAMotionModule() throws Exception {
        Path base = SdFileFixtures.writeBase(tmp, "tiny-sd15.safetensors", "F16", UNET);
        String msg = refusal(base, null, null);
        assertTrue(msg.startsWith("tiny-sd15.safetensors is an image model") && msg.contains("--motion"), msg);
    }

    @Test
    void sidecarWithAnUnknownSectionIsRefused() throws Exception {
        Path base = SdFileFixtures.writeBase(tmp, "tiny-sd15.safetensors", "F16", UNET);
        ObjectNode side = SdFileFixtures.baseSidecar(UNET, true);
        side.putObject("unett");
        SdFileFixtures.writeJson(Sidecar.pathFor(base), side);
        String msg = assertThrows(ModelPackException.class, () -> SingleFileCheckpoint.open(base)).getMessage();
        assertTrue(msg.startsWith("tiny-sd15.json") && msg.contains("unett"), msg);
        assertOneSentence(msg);
    }

    @Test
    void withoutItsSidecarTheTinyModelSaysWhereToSetTheConfig() throws Exception {
        // SD 1.5's 32 norm groups do not divide the tiny VAE's 8 channels
        Path base = SdFileFixtures.writeBase(tmp, "tiny-sd15.safetensors", "F16", UNET);
        Files.delete(Sidecar.pathFor(base));
        String msg = assertThrows(ModelPackException.class, () -> SingleFileCheckpoint.open(base)).getMessage();
        assertTrue(msg.contains("norm_num_groups") && msg.contains("section of tiny-sd15.json"), msg);
        assertOneSentence(msg);
    }

    @Test
    void motionFileOnAFolderThatHoldsMotionModulesIsRefused() throws Exception {
        Path motion = SdFileFixtures.writeMotion(tmp, "mm_tiny.safetensors", "F16", ADAPTER);
        String msg = refusal(SdFileFixtures.PIPE, motion, null);
        assertTrue(msg.contains("already holds motion modules"), msg);
    }

    /** The message of loading what cannot be loaded, checked to be one sentence. */
    private static String refusal(Path base, Path motion, Path vae) {
        ModelPackException e = assertThrows(ModelPackException.class, () -> {
            try (LoadedModel m = new SdFamily().load(new ModelSource(base, motion, vae), Device.cpu())) {
                // loaded: not expected
            }
        });
        assertOneSentence(e.getMessage());
        return e.getMessage();
    }

    private static void assertOneSentence(String msg) {
        System.out.println("refused: " + msg);
        assertFalse(msg.contains("\n") || msg.contains(". "), "one sentence: " + msg);
    }

    private static SdFileFixtures.Raw zeros(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return new SdFileFixtures.Raw("F16", shape, new byte[(int) n * 2]);
    }

    // ---- --vae and --motion as files or folders

    @Test
    void vaeAsOriginalFileDiffusersFileFolderOrCheckpointGivesTheSameWeights() throws Exception {
        Path base = SdFileFixtures.writeBase(tmp, "tiny-sd15.safetensors", "F32", UNET);
        Path motion = SdFileFixtures.writeMotion(tmp, "mm_tiny.safetensors", "F32", ADAPTER);
        Path vaeDir = SdFileFixtures.PIPE.resolve("vae");
        ObjectNode vaeSide = new ObjectMapper().createObjectNode();
        vaeSide.set("vae", SdFileFixtures.baseSidecar(UNET, false).get("vae"));
        // original layout, with the training leftovers real VAE files carry
        Map<String, SdFileFixtures.Tensor> original = new LinkedHashMap<>();
        SdFileFixtures.addOriginal(original, SdFileFixtures.read(SdFileFixtures.weightsOf(vaeDir)),
                KeyMaps.vae(VaeLayout.fromConfigFile(vaeDir.resolve("config.json")), ""), k -> false);
        original.put("model_ema.decay", new SdFileFixtures.Tensor(new long[0], new float[] {0.9999f}));
        original.put("loss.logvar", new SdFileFixtures.Tensor(new long[0], new float[] {0f}));
        Path originalFile = SdFileFixtures.writeSafetensors(tmp.resolve("vae").resolve("tiny-vae.safetensors"), original, "F32", Map.of());
        SdFileFixtures.writeJson(Sidecar.pathFor(originalFile), vaeSide);
        Path diffusersFile = tmp.resolve("vae").resolve("tiny-vae-diffusers.safetensors");
        Files.copy(SdFileFixtures.weightsOf(vaeDir), diffusersFile);
        SdFileFixtures.writeJson(Sidecar.pathFor(diffusersFile), vaeSide);
        for (Path vae : new Path[] {originalFile, diffusersFile, vaeDir, base}) { // base: the VAE of a checkpoint
            try (LoadedModel model = new SdFamily().load(new ModelSource(base, motion, vae), Device.cpu())) {
                int n = SingleFileParityTest.compare(((DiffusersVideoModel) model).parts().vae().params(), "",
                        SdFileFixtures.read(SdFileFixtures.weightsOf(vaeDir)), k -> true, "F32");
                assertTrue(n > 50, vae.getFileName() + ": " + n + " weights");
            }
        }
    }

    @Test
    void motionAsMotionAdapterFileOrFolderGivesTheSameWeights() throws Exception {
        Path base = SdFileFixtures.writeBase(tmp, "tiny-sd15.safetensors", "F32", UNET);
        Path adapterFile = tmp.resolve("mm_tiny_diffusers.safetensors");
        Files.copy(SdFileFixtures.weightsOf(ADAPTER), adapterFile);
        SdFileFixtures.writeJson(Sidecar.pathFor(adapterFile), SdFileFixtures.motionSidecar(ADAPTER));
        for (Path motion : new Path[] {adapterFile, ADAPTER}) {
            try (LoadedModel model = new SdFamily().load(new ModelSource(base, motion, null), Device.cpu())) {
                SingleFileParityTest.assertWeights((DiffusersVideoModel) model, "F32", UNET, ADAPTER);
            }
        }
    }

    /** v3 files have no mid-block motion module, v1 files a 24-frame position table: both are read from the weights. */
    @Test
    void motionModulesWithoutMidBlockOrWithShorterPositionsAreInferred() throws Exception {
        Path base = SdFileFixtures.writeBase(tmp, "tiny-sd15.safetensors", "F32", UNET);
        SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(base);
        int frames = 24;
        Map<String, SdFileFixtures.Tensor> v3 = new LinkedHashMap<>(), v1 = new LinkedHashMap<>();
        SdFileFixtures.originalMotion(ADAPTER).forEach((k, t) -> {
            if (k.startsWith("mid_block.")) return;
            v3.put(k, t);
            long[] s = t.shape();
            v1.put(k, k.endsWith(".pos_encoder.pe") ? new SdFileFixtures.Tensor(new long[] {s[0], frames, s[2]},
                    java.util.Arrays.copyOf(t.values(), (int) (frames * s[2]))) : t);
        });
        int recorded = SdFileFixtures.json(ADAPTER.resolve("config.json")).get("motion_max_seq_length").asInt();
        for (var e : Map.of("mm_v3_like.safetensors", v3, "mm_v1_like.safetensors", v1).entrySet()) {
            Path file = SdFileFixtures.writeSafetensors(tmp.resolve(e.getKey()), e.getValue(), "F16", Map.of());
            SdFileFixtures.writeJson(Sidecar.pathFor(file), SdFileFixtures.motionSidecar(ADAPTER));
            MotionModuleFile mm = MotionModuleFile.open(file, ckpt.unetConfig(), base.getFileName().toString());
            assertFalse(mm.config().useMotionMidBlock(), e.getKey());
            assertEquals(e.getValue() == v1 ? frames : recorded, mm.config().motionMaxSeqLength(), e.getKey());
            try (LoadedModel model = new SdFamily().load(new ModelSource(base, file, null), Device.cpu());
                 ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                ai.djl.ndarray.NDArray out = model.denoise(m.randomNormal(new ai.djl.ndarray.types.Shape(1, 4, 8, 4, 4)), 500,
                        model.encodePrompts(m, java.util.List.of(CAT)), 8);
                assertArrayEquals(new long[] {1, 4, 8, 4, 4}, out.getShape().getShape());
            }
        }
    }

    @Test
    void aCheckpointGivenAsMotionModuleIsRefused() throws Exception {
        Path base = SdFileFixtures.writeBase(tmp, "tiny-sd15.safetensors", "F16", UNET);
        String msg = refusal(base, base, null);
        assertTrue(msg.startsWith("tiny-sd15.safetensors is a Stable Diffusion 1.x checkpoint") && msg.contains("not an AnimateDiff motion module"), msg);
    }

    /** A Stable Diffusion diffusers folder (image UNet) with an original-layout motion module file gives diffusers' video. */
    @Test
    void diffusersFolderWithAMotionModuleFileMatchesDiffusers() throws Exception {
        Path folder = sdFolder(tmp.resolve("sd-folder"));
        Path motion = SdFileFixtures.writeMotion(tmp, "mm_tiny.safetensors", "F32", ADAPTER);
        assertTrue(new SdFamily().recognises(folder));
        Fixtures fx = new Fixtures("pipeline_animatediff");
        float[] withFile, withFolder;
        try (LoadedModel model = new SdFamily().load(new ModelSource(folder, motion, null), Device.cpu())) {
            GeneratedVideo v = generate(model, fx);
            fx.check("cfg_7.5", "latents.3", v.latents().values(), v.latents().shape());
            withFile = v.latents().values();
        }
        try (LoadedModel model = new SdFamily().load(new ModelSource(folder, ADAPTER, null), Device.cpu())) {
            withFolder = generate(model, fx).latents().values();
        }
        assertEquals(0, Fixtures.maxAbsDiff(withFile, withFolder), 1e-6, "motion module file vs MotionAdapter folder");
    }

    private static GeneratedVideo generate(LoadedModel model, Fixtures fx) throws Exception {
        SafeTensors.Tensor init = fx.input("cfg_7.5", "latents");
        GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).prompt(CAT).negativePrompt("blurry, low quality, watermark")
                .frames(8).size(32, 32).steps(3).guidance(7.5).sampler(SamplerKind.DDIM).initialNoise(new Latents(init.shape(), init.data())).build();
        return new VideoPipeline(model).generate(r, p -> { }, CancelToken.none());
    }

    /** The pipeline fixture as a StableDiffusionPipeline folder: its parts, with the image UNet of the same weights. */
    private static Path sdFolder(Path dst) throws Exception {
        for (String part : new String[] {"tokenizer", "text_encoder", "vae", "scheduler"}) SdFileFixtures.copyTree(SdFileFixtures.PIPE.resolve(part), dst.resolve(part));
        SdFileFixtures.copyTree(Fixtures.ROOT.resolve("unet_motion/unet"), dst.resolve("unet"));
        Files.writeString(dst.resolve("model_index.json"), Files.readString(SdFileFixtures.PIPE.resolve("model_index.json"))
                .replace("UNetMotionModel", "UNet2DConditionModel").replace("AnimateDiffPipeline", "StableDiffusionPipeline"));
        return dst;
    }
}
