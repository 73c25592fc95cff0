package cinegen.engine.diffusers.io;

import cinegen.engine.diffusers.SafetensorsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ModelScannerTest {
    @TempDir Path dir;

    /** The original-layout names and shapes of fixture components (UNet, VAE, text encoder as in an SD checkpoint). */
    private static Map<String, long[]> sdCheckpointKeys(String unetModel) throws Exception {
        Map<String, long[]> out = new LinkedHashMap<>();
        KeyMap unet = KeyMaps.unet(UnetLayout.fromConfigFile(IoFixtures.config(unetModel)));
        KeyMap vae = KeyMaps.vae(VaeLayout.fromConfigFile(IoFixtures.config("vae")));
        IoFixtures.shapes(unetModel).forEach((k, s) -> out.put(unet.toOriginal(k), unet.toOriginalShape(k, s)));
        IoFixtures.shapes("vae").forEach((k, s) -> out.put(vae.toOriginal(k), vae.toOriginalShape(k, s)));
        IoFixtures.shapes("text_encoder").forEach((k, s) -> out.put(KeyMaps.textEncoder().toOriginal(k), s));
        return out;
    }

    private Path zeros(String name, Map<String, long[]> keys, String dtype) throws Exception {
        SafetensorsBuilder b = new SafetensorsBuilder();
        keys.forEach((k, s) -> b.zeros(k, dtype, s));
        return b.write(dir.resolve(name));
    }

    private Path zeros(String name, String... keysAndShapes) throws Exception {
        SafetensorsBuilder b = new SafetensorsBuilder();
        for (String ks : keysAndShapes) {
            String[] p = ks.split(" ");
            long[] shape = Arrays.stream(p).skip(1).mapToLong(Long::parseLong).toArray();
            b.zeros(p[0], shape);
        }
        return b.write(dir.resolve(name));
    }

    private static void assertModel(ScannedModel m, ModelKind kind, String family, boolean usable) {
        assertEquals(kind, m.kind(), m.toString());
        assertEquals(family, m.family(), m.toString());
        assertEquals(usable, m.usable(), m.toString());
        assertTrue(m.sizeBytes() > 0, m.toString());
    }

    @Test
    void stableDiffusionCheckpointsByChannelCountsAndTextEncoder() throws Exception {
        ScannedModel base = ModelScanner.scan(zeros("sd15.safetensors", sdCheckpointKeys("unet_motion/unet"), "F16"));
        assertModel(base, ModelKind.CHECKPOINT, "SD1.x", true);
        assertEquals("Stable Diffusion 1.x checkpoint (4-channel UNet 16/24, VAE, CLIP text encoder; fp16)", base.description());

        ScannedModel inpaint = ModelScanner.scan(zeros("sd15-inpainting.safetensors", sdCheckpointKeys("unet_motion_inpaint/unet"), "F32"));
        assertModel(inpaint, ModelKind.CHECKPOINT, "SD1.x inpainting", true);
        assertEquals("Stable Diffusion 1.x inpainting checkpoint (9-channel UNet 8/16, VAE, CLIP text encoder; fp32)", inpaint.description());

        Map<String, long[]> unetOnly = new LinkedHashMap<>(sdCheckpointKeys("unet_motion/unet"));
        unetOnly.keySet().removeIf(k -> !k.startsWith("model.diffusion_model."));
        assertModel(ModelScanner.scan(zeros("unet.safetensors", unetOnly, "F16")), ModelKind.UNET, "SD1.x", true);

        // SD 2.x: OpenCLIP text encoder under cond_stage_model.model
        Map<String, long[]> sd2 = new LinkedHashMap<>(sdCheckpointKeys("unet_motion/unet"));
        sd2.keySet().removeIf(k -> k.startsWith("cond_stage_model."));
        sd2.put("cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight", new long[]{96, 32});
        ScannedModel v2 = ModelScanner.scan(zeros("sd21.safetensors", sd2, "F16"));
        assertModel(v2, ModelKind.CHECKPOINT, "SD2.x", false);
        assertEquals("sd21.safetensors: Stable Diffusion 2.x models are not supported yet; use an SD 1.x model", v2.unusableReason());

        Map<String, long[]> pix2pix = new LinkedHashMap<>(sdCheckpointKeys("unet_motion/unet"));
        pix2pix.put("model.diffusion_model.input_blocks.0.0.weight", new long[]{16, 8, 3, 3});
        ScannedModel p2p = ModelScanner.scan(zeros("ip2p.safetensors", pix2pix, "F16"));
        assertModel(p2p, ModelKind.CHECKPOINT, "SD1.x instruct-pix2pix", false);
    }

    @Test
    void otherFamiliesAreNamed() throws Exception {
        ScannedModel xl = ModelScanner.scan(zeros("sdxl.safetensors",
                "conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight 10 8",
                "model.diffusion_model.label_emb.0.0.weight 8 16", "model.diffusion_model.input_blocks.0.0.weight 8 4 3 3",
                "first_stage_model.decoder.conv_in.weight 8 4 3 3"));
        assertModel(xl, ModelKind.CHECKPOINT, "SDXL", false);
        assertEquals("sdxl.safetensors: SDXL models are not supported yet", xl.unusableReason());
        assertModel(ModelScanner.scan(zeros("flux1-dev.safetensors", "double_blocks.0.img_attn.qkv.weight 9 3", "single_blocks.0.linear1.weight 4 3")),
                ModelKind.UNET, "Flux", false);
        assertModel(ModelScanner.scan(zeros("hunyuan_video.safetensors", "double_blocks.0.img_attn_qkv.weight 9 3", "single_blocks.0.linear1.weight 4 3",
                "txt_in.individual_token_refiner.blocks.0.norm1.weight 3")), ModelKind.UNET, "HunyuanVideo", false);
        assertModel(ModelScanner.scan(zeros("sd3.safetensors", "model.diffusion_model.joint_blocks.0.x_block.attn.qkv.weight 9 3",
                "first_stage_model.decoder.conv_in.weight 8 16 3 3")), ModelKind.CHECKPOINT, "SD3", false);
        assertModel(ModelScanner.scan(zeros("wan2.1_t2v.safetensors", "patch_embedding.weight 4 16 1 2 2", "blocks.0.self_attn.q.weight 4 4")),
                ModelKind.UNET, "Wan", false);
        assertModel(ModelScanner.scan(zeros("svd.safetensors", "model.diffusion_model.input_blocks.0.0.weight 8 8 3 3",
                "model.diffusion_model.input_blocks.1.0.time_stack.in_layers.0.weight 8", "first_stage_model.decoder.conv_in.weight 8 4 3 3")),
                ModelKind.CHECKPOINT, "Stable Video Diffusion", false);
        ScannedModel svd = ModelScanner.scan(dir.resolve("svd.safetensors"));
        assertEquals("svd.safetensors: Stable Video Diffusion models are not supported yet", svd.unusableReason());
    }

    private static Map<String, long[]> motionKeys(String adapter, boolean original) throws Exception {
        Map<String, long[]> out = new LinkedHashMap<>();
        IoFixtures.shapes(adapter).forEach((k, s) -> out.put(original ? KeyMaps.motionModule().toOriginal(k) : k, s));
        return out;
    }

    @Test
    void motionModulesByVersion() throws Exception {
        ScannedModel v2 = ModelScanner.scan(zeros("mm_sd_v15_v2.safetensors", motionKeys("unet_motion/motion_adapter", true), "F16"));
        assertModel(v2, ModelKind.MOTION_MODULE, "AnimateDiff v2", true);
        assertEquals("AnimateDiff v2 motion module for SD 1.x (original layout, 2 levels and a middle block, up to 32 frames; fp16)", v2.description());

        // no middle block, 32 positions: v3
        ScannedModel v3 = ModelScanner.scan(zeros("v3_sd15_mm.safetensors", motionKeys("unet_motion_inpaint/motion_adapter", true), "F16"));
        assertModel(v3, ModelKind.MOTION_MODULE, "AnimateDiff v3", true);

        // no middle block, 24 positions: v1
        Map<String, long[]> v1Keys = new LinkedHashMap<>();
        motionKeys("unet_motion_inpaint/motion_adapter", true).forEach((k, s) -> v1Keys.put(k, k.endsWith(".pe") ? new long[]{1, 24, s[2]} : s));
        assertModel(ModelScanner.scan(zeros("mm_sd_v15.safetensors", v1Keys, "F16")), ModelKind.MOTION_MODULE, "AnimateDiff v1", true);

        // a MotionAdapter saved as one file keeps diffusers' names
        ScannedModel adapter = ModelScanner.scan(zeros("adapter.safetensors", motionKeys("unet_motion/motion_adapter", false), "F32"));
        assertModel(adapter, ModelKind.MOTION_MODULE, "AnimateDiff v2", true);
        assertTrue(adapter.description().contains("MotionAdapter layout"), adapter.description());

        // three levels: the SDXL motion module
        Map<String, long[]> xl = new LinkedHashMap<>(motionKeys("unet_motion/motion_adapter", true));
        xl.put("down_blocks.2.motion_modules.0.temporal_transformer.norm.weight", new long[]{24});
        ScannedModel sdxl = ModelScanner.scan(zeros("mm_sdxl_v10_beta.safetensors", xl, "F16"));
        assertModel(sdxl, ModelKind.MOTION_MODULE, "AnimateDiff SDXL", false);

        // the same as a torch.save .ckpt
        TorchZipBuilder t = new TorchZipBuilder();
        motionKeys("unet_motion/motion_adapter", true).forEach(t::zeros);
        ScannedModel ckpt = ModelScanner.scan(t.write(dir.resolve("mm_sd_v15_v2.ckpt")));
        assertModel(ckpt, ModelKind.MOTION_MODULE, "AnimateDiff v2", true);
    }

    @Test
    void lorasAndMotionLoras() throws Exception {
        ScannedModel lora = ModelScanner.scan(zeros("style.safetensors",
                "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_down.weight 4 768",
                "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_up.weight 320 4",
                "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.alpha",
                "lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight 4 768",
                "lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight 768 4"));
        assertModel(lora, ModelKind.LORA, "SD1.x", true);
        assertEquals("SD1.x LoRA (UNet and text encoder, 2 layers, rank 4) (kohya names; fp16)", lora.description());

        ScannedModel motion = ModelScanner.scan(zeros("v2_lora_PanLeft.safetensors",
                "down_blocks.0.motion_modules.0.transformer_blocks.0.attn1.processor.to_q_lora.down.weight 4 320",
                "down_blocks.0.motion_modules.0.transformer_blocks.0.attn1.processor.to_q_lora.up.weight 320 4"));
        assertModel(motion, ModelKind.MOTION_LORA, "AnimateDiff", true);

        ScannedModel xl = ModelScanner.scan(zeros("xl_lora.safetensors",
                "lora_te2_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight 4 1280",
                "lora_te2_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight 1280 4"));
        assertModel(xl, ModelKind.LORA, "SDXL", false);
        assertEquals("xl_lora.safetensors: is an SDXL LoRA; only Stable Diffusion 1.x LoRAs can be used (SDXL is not supported yet)", xl.unusableReason());
    }

    @Test
    void vaesAndTaesd() throws Exception {
        ScannedModel original = ModelScanner.scan(zeros("vae-ft-mse-840000.safetensors", "encoder.down.0.block.0.conv1.weight 32 32 3 3",
                "decoder.up.0.block.0.conv1.weight 32 32 3 3", "decoder.conv_in.weight 64 4 3 3", "post_quant_conv.weight 4 4 1 1"));
        assertModel(original, ModelKind.VAE, "SD1.x", true);
        assertEquals("Stable Diffusion VAE (original layout, 4 latent channels; fp16)", original.description());
        Map<String, long[]> diffusersVae = IoFixtures.shapes("vae");
        assertModel(ModelScanner.scan(zeros("vae_diffusers.safetensors", diffusersVae, "F32")), ModelKind.VAE, "SD1.x", true);
        assertModel(ModelScanner.scan(zeros("ae.safetensors", "encoder.down.0.block.0.conv1.weight 32 32 3 3",
                "decoder.conv_in.weight 64 16 3 3")), ModelKind.VAE, "SD3/Flux", false);

        assertModel(ModelScanner.scan(zeros("taesd.safetensors", "encoder.layers.0.weight 64 3 3 3", "decoder.layers.0.weight 64 4 3 3")),
                ModelKind.TAESD, "SD1.x", true);
        assertModel(ModelScanner.scan(zeros("taesd_decoder.safetensors", "1.weight 64 4 3 3", "3.conv.0.weight 64 64 3 3")),
                ModelKind.TAESD, "SD1.x", true);
        assertModel(ModelScanner.scan(zeros("taesdxl_decoder.safetensors", "1.weight 64 4 3 3", "3.conv.0.weight 64 64 3 3")),
                ModelKind.TAESD, "SDXL", false);
    }

    @Test
    void truncatedAndFp8FilesSayWhy() throws Exception {
        Path good = zeros("good.safetensors", sdCheckpointKeys("unet_motion/unet"), "F16");
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("sd15-cut.safetensors"), Arrays.copyOf(all, all.length - 1000));
        ScannedModel truncated = ModelScanner.scan(cut);
        assertEquals(ModelKind.UNKNOWN, truncated.kind());
        assertFalse(truncated.usable());
        assertTrue(truncated.unusableReason().startsWith("sd15-cut.safetensors: the file is truncated: tensor '"), truncated.unusableReason());

        ScannedModel fp8 = ModelScanner.scan(zeros("sd15-fp8.safetensors", sdCheckpointKeys("unet_motion/unet"), "F8_E4M3"));
        assertModel(fp8, ModelKind.CHECKPOINT, "SD1.x", false);
        assertEquals("sd15-fp8.safetensors: its weights are stored as 8-bit float (F8_E4M3), which cannot be loaded here; "
                + "convert the model to fp16 safetensors first", fp8.unusableReason());
        assertTrue(fp8.description().endsWith("; fp8)"), fp8.description());

        ScannedModel notAModel = ModelScanner.scan(Files.writeString(dir.resolve("notes.ckpt"), "hello"));
        assertEquals(ModelKind.UNKNOWN, notAModel.kind());
        assertTrue(notAModel.unusableReason().startsWith("notes.ckpt: is not a zip-format PyTorch checkpoint"), notAModel.unusableReason());
    }

    @Test
    void aHugeFileIsClassifiedFromItsHeaderAlone() throws Exception {
        // a sparse 4 GB "checkpoint": reading its data would take far longer than the bound below
        long big = 1_000_000_000L;
        String header = "{\"model.diffusion_model.input_blocks.0.0.weight\":{\"dtype\":\"F16\",\"shape\":[320,4,3,3],\"data_offsets\":[0,23040]},"
                + "\"model.diffusion_model.output_blocks.0.0.in_layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[" + big + "],\"data_offsets\":[23040,"
                + (23040 + big * 4) + "]}}";
        Path file = dir.resolve("huge.safetensors");
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            raf.write(h);
            raf.setLength(8 + h.length + 23040 + big * 4);
        }
        long t0 = System.nanoTime();
        ScannedModel m = ModelScanner.scan(file);
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
        assertEquals(ModelKind.UNET, m.kind());
        assertEquals(8 + h.length + 23040 + big * 4, m.sizeBytes());
    }

    @Test
    void diffusersFolders() throws Exception {
        ScannedModel ad = ModelScanner.scan(IoFixtures.ROOT.resolve("pipeline_animatediff"));
        assertModel(ad, ModelKind.DIFFUSERS_PIPELINE, "AnimateDiff", true);
        ScannedModel t2v = ModelScanner.scan(IoFixtures.ROOT.resolve("pipeline_text_to_video"));
        assertModel(t2v, ModelKind.DIFFUSERS_PIPELINE, "ModelScope", true);
        assertModel(ModelScanner.scan(IoFixtures.ROOT.resolve("unet_motion/motion_adapter")), ModelKind.MOTION_ADAPTER, "AnimateDiff v2", true);
        assertModel(ModelScanner.scan(IoFixtures.ROOT.resolve("unet_motion_inpaint/motion_adapter")), ModelKind.MOTION_ADAPTER, "AnimateDiff v3", true);
        assertModel(ModelScanner.scan(IoFixtures.ROOT.resolve("unet_motion_inpaint/unet")), ModelKind.UNET, "SD1.x inpainting", true);
        assertModel(ModelScanner.scan(IoFixtures.ROOT.resolve("vae")), ModelKind.VAE, "SD1.x", true);

        // a pipeline whose vae/ has only its config
        Path broken = dir.resolve("sd15-diffusers");
        Files.createDirectories(broken.resolve("vae"));
        Files.createDirectories(broken.resolve("unet"));
        Files.writeString(broken.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionPipeline\", \"unet\": [\"diffusers\", "
                + "\"UNet2DConditionModel\"], \"vae\": [\"diffusers\", \"AutoencoderKL\"], \"safety_checker\": [null, null]}");
        Files.copy(IoFixtures.config("unet_motion/unet"), broken.resolve("unet/config.json"));
        Files.copy(IoFixtures.weights("unet_motion/unet"), broken.resolve("unet/diffusion_pytorch_model.safetensors"));
        Files.copy(IoFixtures.config("vae"), broken.resolve("vae/config.json"));
        ScannedModel b = ModelScanner.scan(broken);
        assertModel(b, ModelKind.DIFFUSERS_PIPELINE, "SD1.x", false);
        assertEquals("sd15-diffusers: its vae/ folder has no weights", b.unusableReason());

        Path xl = Files.createDirectories(dir.resolve("sdxl-diffusers"));
        Files.writeString(xl.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionXLPipeline\"}");
        ScannedModel x = ModelScanner.scan(xl);
        assertModel(x, ModelKind.DIFFUSERS_PIPELINE, "SDXL", false);
    }

    @Test
    void aComfyUiModelsFolderIsListed() throws Exception {
        Path models = dir.resolve("models");
        Files.createDirectories(models.resolve("checkpoints"));
        Files.move(zeros("sd15.safetensors", sdCheckpointKeys("unet_motion/unet"), "F16"), models.resolve("checkpoints/sd15.safetensors"));
        Files.move(zeros("inpaint.safetensors", sdCheckpointKeys("unet_motion_inpaint/unet"), "F16"), models.resolve("checkpoints/sd15-inpainting.safetensors"));
        TorchZipBuilder t = new TorchZipBuilder();
        motionKeys("unet_motion/motion_adapter", true).forEach(t::zeros);
        t.write(models.resolve("animatediff_models/mm_sd_v15_v2.ckpt"));
        Files.createDirectories(models.resolve("loras"));
        Files.move(zeros("lora.safetensors", "lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight 4 320 1 1",
                "lora_unet_down_blocks_0_attentions_0_proj_in.lora_up.weight 320 4 1 1"), models.resolve("loras/style.safetensors"));
        Files.createDirectories(models.resolve("vae"));
        Files.move(zeros("v.safetensors", "encoder.down.0.block.0.conv1.weight 32 32 3 3", "post_quant_conv.weight 4 4 1 1"),
                models.resolve("vae/vae-ft-mse.safetensors"));
        Files.createDirectories(models.resolve("vae_approx"));
        Files.move(zeros("t.safetensors", "1.weight 64 4 3 3", "3.conv.0.weight 64 64 3 3"), models.resolve("vae_approx/taesd_decoder.safetensors"));
        copyTree(IoFixtures.ROOT.resolve("pipeline_animatediff"), models.resolve("diffusers/animatediff-tiny"));
        Files.writeString(models.resolve("checkpoints/put_checkpoints_here"), "");

        List<ScannedModel> found = ModelScanner.scanFolder(models);
        List<String> listed = found.stream().map(m -> models.relativize(m.path()) + " " + m.kind() + " " + m.family()).toList();
        assertEquals(List.of(
                "animatediff_models/mm_sd_v15_v2.ckpt MOTION_MODULE AnimateDiff v2",
                "checkpoints/sd15-inpainting.safetensors CHECKPOINT SD1.x inpainting",
                "checkpoints/sd15.safetensors CHECKPOINT SD1.x",
                "diffusers/animatediff-tiny DIFFUSERS_PIPELINE AnimateDiff",
                "loras/style.safetensors LORA SD1.x",
                "vae/vae-ft-mse.safetensors VAE SD1.x",
                "vae_approx/taesd_decoder.safetensors TAESD SD1.x"), listed);
        assertTrue(found.stream().allMatch(ScannedModel::usable), found.toString());
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
