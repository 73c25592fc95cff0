package cinegen.engine.diffusers.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Tells what model files and folders are from their headers and configs alone (no tensor data is read): Stable
 * Diffusion checkpoints (1.x, inpainting, 2.x, SDXL), other image and video families by name, AnimateDiff motion
 * modules (v1/v2/v3) and motion LoRAs, VAEs, TAESD, LoRAs, diffusers pipeline and MotionAdapter folders. Scans a
 * models folder in ComfyUI's layout ({@code checkpoints/}, {@code animatediff_models/}, {@code loras/},
 * {@code vae/}, {@code vae_approx/}, {@code diffusers/}) or any other, and lists everything it finds.
 */
public final class ModelScanner {
    /** File endings that can hold weights. */
    public static final Set<String> WEIGHT_EXTENSIONS = Set.of(".safetensors", ".sft", ".ckpt", ".pt", ".pth", ".bin");
    private static final int MAX_DEPTH = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelScanner() {}

    /** Every model under {@code root} (files and model folders; a model folder's own files are not listed apart), by path. */
    public static List<ScannedModel> scanFolder(Path root) throws IOException {
        List<ScannedModel> out = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) return FileVisitResult.SKIP_SUBTREE;
                if (isModelFolder(dir)) {
                    out.add(scan(dir));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && hasWeightExtension(file)) out.add(scan(file));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) { return FileVisitResult.CONTINUE; }
        });
        out.sort(Comparator.comparing(ScannedModel::path));
        return out;
    }

    static boolean hasWeightExtension(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : WEIGHT_EXTENSIONS) if (n.endsWith(e)) return true;
        return false;
    }

    private static boolean isModelFolder(Path dir) {
        if (Files.isRegularFile(dir.resolve("model_index.json"))) return true;
        JsonNode cfg = readJson(dir.resolve("config.json"));
        return cfg != null && (cfg.has("_class_name") || cfg.has("architectures"));
    }

    /** What one file or folder is. Never throws for a bad model: the reason says what is wrong with it. */
    public static ScannedModel scan(Path path) {
        if (Files.isDirectory(path)) return scanFolderModel(path);
        long size = sizeOf(path);
        try (TensorSource src = TensorSources.open(path)) {
            return classify(src, size);
        } catch (ModelFileException e) {
            return new ScannedModel(path, ModelKind.UNKNOWN, "unknown", "unreadable file", size, e.getMessage());
        } catch (RuntimeException e) {
            return new ScannedModel(path, ModelKind.UNKNOWN, "unknown", "unreadable file", size,
                    path.getFileName() + ": cannot be read (" + e + ")");
        }
    }

    // ---- single files ----

    /** The names of a file, for quick questions. */
    private record Keys(TensorSource src, List<String> names) {
        Keys(TensorSource src) { this(src, List.copyOf(src.names())); }

        boolean has(String k) { return src.has(k); }

        boolean anyStarts(String p) {
            for (String n : names) if (n.startsWith(p)) return true;
            return false;
        }

        boolean anyContains(String s) {
            for (String n : names) if (n.contains(s)) return true;
            return false;
        }

        String firstEnding(String suffix) {
            for (String n : names) if (n.endsWith(suffix)) return n;
            return null;
        }

        TensorInfo info(String k) {
            try {
                return src.info(k);
            } catch (ModelFileException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }
    }

    private static final Pattern LORA_KEY = Pattern.compile(".*(\\.lora_(down|up|A|B)(\\.default)?\\.weight|\\.lora\\.(down|up)\\.weight"
            + "|\\.lora_linear_layer\\.(down|up)\\.weight|_lora\\.(down|up)\\.weight|\\.hada_w1_a|\\.lokr_w1(_a)?)$");

    static ScannedModel classify(TensorSource src, long size) throws ModelFileException {
        Path path = src.path();
        Keys k = new Keys(src);
        Found f = identify(k);
        String reason = f.reason;
        if (reason == null) reason = dtypeProblem(k);
        String description = f.description + " (" + f.details + (f.details.isEmpty() ? "" : "; ") + mainDtype(k) + ")";
        return new ScannedModel(path, f.kind, f.family, description, size, reason == null ? null : path.getFileName() + ": " + reason);
    }

    private record Found(ModelKind kind, String family, String description, String details, String reason) {}

    private static Found unsupported(ModelKind kind, String family, String what) {
        return new Found(kind, family, what, "", family + " models are not supported yet");
    }

    private static Found identify(Keys k) throws ModelFileException {
        if (k.names.isEmpty()) return new Found(ModelKind.UNKNOWN, "unknown", "empty weights file", "", "holds no tensors");
        for (String n : k.names) {
            if (LORA_KEY.matcher(n).matches()) return lora(k);
        }
        if (k.anyContains("string_to_param") || k.has("emb_params")) {
            return new Found(ModelKind.UNKNOWN, "textual inversion", "textual inversion embedding", "", "textual inversion embeddings are not supported yet");
        }
        boolean withVae = k.anyStarts("first_stage_model.") || k.anyStarts("vae.");
        ModelKind denoiser = withVae ? ModelKind.CHECKPOINT : ModelKind.UNET;
        if (k.anyContains("double_blocks.") && k.anyContains("single_blocks.")) {
            return k.anyContains("txt_in.individual_token_refiner")
                    ? unsupported(denoiser, "HunyuanVideo", "HunyuanVideo video model")
                    : unsupported(denoiser, "Flux", "Flux image model");
        }
        if (k.anyContains("joint_blocks.")) return unsupported(denoiser, "SD3", "Stable Diffusion 3 image model");
        if (k.anyContains("patch_embedding.") && k.anyContains("blocks.0.self_attn.q.")) return unsupported(denoiser, "Wan", "Wan video model");
        if (k.anyContains("adaln_single.") && k.anyContains("caption_projection.")) return unsupported(denoiser, "LTX-Video", "LTX-Video video model");
        if (k.anyContains("patch_embed.text_proj") || (k.anyContains("norm_final.") && k.anyContains("transformer_blocks.0.norm1.linear"))) {
            return unsupported(denoiser, "CogVideoX", "CogVideoX video model");
        }
        if (k.anyContains("t5_y_embedder")) return unsupported(denoiser, "Mochi", "Mochi video model");
        if (k.anyContains(".time_stack.") || k.anyContains(".time_mixer.")) {
            return unsupported(denoiser, "Stable Video Diffusion", "Stable Video Diffusion video model");
        }
        if (k.anyStarts("conditioner.embedders.") || k.anyContains("label_emb.") || k.anyStarts("add_embedding.")) {
            return unsupported(denoiser, "SDXL", "Stable Diffusion XL " + (withVae ? "checkpoint" : "UNet"));
        }
        if (k.anyContains(".motion_modules.") && !k.has("conv_in.weight") && !k.anyContains("input_blocks.0.0.weight")) return motionModule(k);
        if (k.has(KeyMaps.UNET_PREFIX + "input_blocks.0.0.weight")) return stableDiffusion(k, KeyMaps.UNET_PREFIX);
        if (k.has("input_blocks.0.0.weight") && k.anyStarts("output_blocks.")) return stableDiffusion(k, "");
        if (k.has("conv_in.weight") && k.anyStarts("down_blocks.") && k.has("time_embedding.linear_1.weight")) return diffusersUnet(k);
        if (k.anyStarts("encoder.layers.") || k.anyStarts("decoder.layers.") || k.anyStarts("taesd_") || isTaesdSequential(k)
                || (k.src.path().getFileName().toString().toLowerCase(Locale.ROOT).startsWith("tae") && k.anyContains(".conv.0.weight"))) {
            return taesd(k);
        }
        String vaePrefix = k.anyStarts("first_stage_model.") ? "first_stage_model." : k.anyStarts("vae.") ? "vae." : "";
        if (k.anyStarts(vaePrefix + "encoder.down") || k.anyStarts(vaePrefix + "decoder.up") || k.anyStarts(vaePrefix + "decoder.mid")) {
            return vae(k, vaePrefix);
        }
        if (k.has("text_model.encoder.layers.0.self_attn.q_proj.weight")) {
            long width = k.info("text_model.encoder.layers.0.self_attn.q_proj.weight").dim(0);
            return new Found(ModelKind.TEXT_ENCODER, "CLIP", "CLIP text encoder", "width " + width, null);
        }
        return new Found(ModelKind.UNKNOWN, "unknown", "weights file", k.names.size() + " tensors such as '" + k.names.get(0) + "'",
                "not a model this app knows");
    }

    private static Found lora(Keys k) throws ModelFileException {
        LoraFile.Inspection ins = LoraFile.inspect(k.src);
        return new Found(ins.isMotionLora() ? ModelKind.MOTION_LORA : ModelKind.LORA, ins.isMotionLora() ? "AnimateDiff" : ins.family(),
                ins.description(), ins.format().name().toLowerCase(Locale.ROOT) + " names", ins.unusableReason());
    }

    private static final Pattern MOTION_LEVEL = Pattern.compile("^down_blocks\\.(\\d+)\\.motion_modules\\..*");

    private static Found motionModule(Keys k) {
        TreeSet<Integer> levels = new TreeSet<>();
        for (String n : k.names) {
            Matcher m = MOTION_LEVEL.matcher(n);
            if (m.matches()) levels.add(Integer.parseInt(m.group(1)));
        }
        boolean original = k.anyContains(".temporal_transformer.");
        boolean mid = k.anyStarts("mid_block.motion_modules.");
        String pe = k.firstEnding("pos_encoder.pe");
        if (pe == null) pe = k.firstEnding("pos_embed.pe");
        long frames = pe == null ? -1 : k.info(pe).dim(1);
        String layout = original ? "original layout" : "MotionAdapter layout";
        String details = layout + ", " + levels.size() + " levels" + (mid ? " and a middle block" : "") + (frames > 0 ? ", up to " + frames + " frames" : "");
        if (levels.size() == 3) {
            return new Found(ModelKind.MOTION_MODULE, "AnimateDiff SDXL", "AnimateDiff motion module for SDXL", details,
                    "AnimateDiff motion modules for SDXL are not supported yet; use one made for SD 1.5");
        }
        String version = mid ? "v2" : frames > 0 && frames <= 24 ? "v1" : frames >= 32 ? "v3" : "";
        String family = version.isEmpty() ? "AnimateDiff" : "AnimateDiff " + version;
        return new Found(ModelKind.MOTION_MODULE, family, family + " motion module for SD 1.x", details, null);
    }

    private static long contextDim(Keys k, String prefix) {
        for (String n : k.names) if (n.startsWith(prefix) && n.endsWith("attn2.to_k.weight") && !n.contains("motion_modules")) return k.info(n).dim(1);
        return -1;
    }

    private static Found stableDiffusion(Keys k, String prefix) {
        long in = k.info(prefix + "input_blocks.0.0.weight").dim(1);
        boolean vae = k.anyStarts("first_stage_model."), te = k.anyStarts("cond_stage_model.");
        long ctx = contextDim(k, prefix);
        boolean sd2 = k.anyStarts("cond_stage_model.model.") || ctx == 1024;
        String variant = in == 4 ? "" : in == 9 ? " inpainting" : in == 8 ? " instruct-pix2pix" : in == 5 ? " depth" : " " + in + "-channel";
        String family = (sd2 ? "SD2.x" : "SD1.x") + variant;
        ModelKind kind = vae && te ? ModelKind.CHECKPOINT : ModelKind.UNET;
        List<String> parts = new ArrayList<>();
        String unet;
        String reason = null;
        try {
            UnetLayout layout = UnetLayout.inferFromOriginal(k.src, prefix);
            unet = in + "-channel UNet " + layout.blockOutChannels().toString().replace(", ", "/").replace("[", "").replace("]", "");
        } catch (ModelFileException e) {
            unet = in + "-channel UNet";
            reason = "its UNet does not have the Stable Diffusion layout (" + e.getMessage() + ")";
        }
        parts.add(unet);
        if (k.has(prefix + "time_embedding.cond_proj.weight")) parts.add(LCM_GUIDANCE);
        if (vae) parts.add("VAE");
        if (te) parts.add(sd2 ? "OpenCLIP text encoder" : "CLIP text encoder");
        if (sd2) reason = "Stable Diffusion 2.x models are not supported yet; use an SD 1.x model";
        else if (in != 4 && in != 9) reason = "a UNet with " + in + " input channels (" + variant.trim() + ") is not supported; SD 1.x base (4) and inpainting (9) are";
        String what = "Stable Diffusion " + (sd2 ? "2.x" : "1.x") + variant + " " + (kind == ModelKind.CHECKPOINT ? "checkpoint" : "UNet");
        return new Found(kind, family, what, String.join(", ", parts), reason);
    }

    /** What an LCM-distilled UNet's {@code time_embedding.cond_proj} is, for descriptions. */
    private static final String LCM_GUIDANCE = "LCM guidance embedding";

    private static String lcm(JsonNode unetConfig) {
        JsonNode d = unetConfig == null ? null : unetConfig.get("time_cond_proj_dim");
        return d == null || d.isNull() ? "" : ", " + LCM_GUIDANCE;
    }

    private static Found diffusersUnet(Keys k) {
        long in = k.info("conv_in.weight").dim(1);
        long ctx = contextDim(k, "");
        boolean motion = k.anyContains(".motion_modules."), temporal = k.anyContains(".temp_convs.");
        String variant = in == 9 ? " inpainting" : in == 4 ? "" : " " + in + "-channel";
        if (temporal) {
            return new Found(ModelKind.UNET, "ModelScope", "UNet3DConditionModel weights (ModelScope/Zeroscope)", in + " input channels",
                    "a ModelScope/Zeroscope UNet file alone cannot be used; use its diffusers folder (with config.json)");
        }
        String family = (ctx == 1024 ? "SD2.x" : "SD1.x") + variant;
        String what = motion ? "AnimateDiff UNetMotionModel weights" : "UNet2DConditionModel weights";
        String reason = ctx == 1024 ? "Stable Diffusion 2.x models are not supported yet; use an SD 1.x model"
                : in != 4 && in != 9 ? "a UNet with " + in + " input channels is not supported; SD 1.x base (4) and inpainting (9) are" : null;
        return new Found(ModelKind.UNET, family, what, "diffusers layout, " + in + " input channels"
                + (k.has("time_embedding.cond_proj.weight") ? ", " + LCM_GUIDANCE : ""), reason);
    }

    private static Found vae(Keys k, String prefix) {
        boolean original = k.anyStarts(prefix + "encoder.down.") || k.anyStarts(prefix + "decoder.up.");
        for (String n : k.names) {
            if ((n.startsWith(prefix + "encoder.") || n.startsWith(prefix + "decoder.")) && n.endsWith(".weight") && k.info(n).rank() == 5) {
                return new Found(ModelKind.VAE, "video VAE", "video VAE (3D convolutions)", "", "video VAEs are not supported yet");
            }
        }
        long latent = -1;
        if (k.has(prefix + "post_quant_conv.weight")) latent = k.info(prefix + "post_quant_conv.weight").dim(1);
        else if (k.has(prefix + "decoder.conv_in.weight")) latent = k.info(prefix + "decoder.conv_in.weight").dim(1);
        boolean encoder = k.anyStarts(prefix + "encoder."), decoder = k.anyStarts(prefix + "decoder.");
        String details = (original ? "original layout" : "diffusers layout") + ", " + latent + " latent channels"
                + (encoder && decoder ? "" : encoder ? ", encoder only" : ", decoder only");
        if (latent == 16) return new Found(ModelKind.VAE, "SD3/Flux", "SD3/Flux VAE", details, "SD3/Flux VAEs (16 latent channels) are not supported yet");
        if (latent != 4) return new Found(ModelKind.VAE, "unknown", "VAE", details, "a VAE with " + latent + " latent channels does not fit SD 1.x (4)");
        return new Found(ModelKind.VAE, "SD1.x", "Stable Diffusion VAE", details, null);
    }

    /** taesd.py's {@code nn.Sequential} names only ({@code 1.weight}, {@code 3.conv.0.weight}, {@code 3.skip.weight}). */
    private static final Pattern TAESD_SEQUENTIAL = Pattern.compile("\\d{1,3}\\.(weight|bias|conv\\.[024]\\.(weight|bias)|skip\\.weight)");

    private static boolean isTaesdSequential(Keys k) {
        if (!k.anyContains(".conv.0.weight")) return false;
        for (String n : k.names) if (!TAESD_SEQUENTIAL.matcher(n).matches()) return false;
        return true;
    }

    private static Found taesd(Keys k) {
        // the decoder's first convolution takes the latents: diffusers' layer 0, taesd.py's module 1 (0 is the clamp)
        String[][] decoders = {{"decoder.layers.0.weight", "diffusers layout"}, {KeyMaps.TAESD_DECODER_PREFIX + "1.weight", "taesd.py layout"},
                {"1.weight", "taesd.py layout"}};
        long latent = -1;
        String layout = null;
        for (String[] d : decoders) {
            if (k.has(d[0]) && k.info(d[0]).rank() == 4) {
                latent = k.info(d[0]).dim(1);
                layout = d[1];
                break;
            }
        }
        String name = k.src.path().getFileName().toString().toLowerCase(Locale.ROOT);
        if (layout == null) {
            boolean encoder = k.anyStarts("encoder.layers.") || k.anyStarts("taesd_encoder.") || (k.has("0.weight") && k.info("0.weight").rank() == 4);
            return new Found(ModelKind.TAESD, "TAESD", encoder ? "TAESD encoder" : "TAESD weights", "", encoder
                    ? "this is the encoder half of TAESD; previews use only the decoder (taesd_decoder.pth or .safetensors)"
                    : "it has TAESD's names but no decoder input convolution ('decoder.layers.0.weight' or '1.weight')");
        }
        String details = layout + ", " + latent + " latent channels";
        if (latent == 16 || name.startsWith("taesd3") || name.startsWith("taef1")) {
            return new Found(ModelKind.TAESD, "SD3/Flux", "TAESD preview decoder for SD3/Flux", details, "made for 16-channel SD3/Flux latents; use taesd for SD 1.x");
        }
        if (name.startsWith("taesdxl")) {
            return new Found(ModelKind.TAESD, "SDXL", "TAESD preview decoder for SDXL", details, "made for SDXL latents; use taesd for SD 1.x");
        }
        if (latent != 4) {
            return new Found(ModelKind.TAESD, "unknown", "TAESD preview decoder", details, "it decodes " + latent + "-channel latents; SD 1.x has 4");
        }
        return new Found(ModelKind.TAESD, "SD1.x", "TAESD preview decoder", details, null);
    }

    /** Why the weights cannot be loaded as floats, or null. */
    private static String dtypeProblem(Keys k) {
        for (String n : k.names) {
            TensorInfo t = k.info(n);
            if (t.dtype().isFp8()) {
                return "its weights are stored as 8-bit float (" + t.dtype() + "), which cannot be loaded here; convert the model to fp16 safetensors first";
            }
            if (!t.dtype().isWeightType() && n.endsWith(".weight")) {
                return "its weights are quantized (" + t.dtype() + " in '" + n + "'), which cannot be loaded here; use an fp16 or fp32 version";
            }
        }
        return null;
    }

    /** The element type holding most of the bytes: "fp16", "fp32", "bf16", "fp8"... */
    private static String mainDtype(Keys k) {
        Map<DType, Long> bytes = new HashMap<>();
        for (String n : k.names) {
            TensorInfo t = k.info(n);
            bytes.merge(t.dtype(), t.bytes(), Long::sum);
        }
        DType main = bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(DType.F32);
        return switch (main) {
            case F32 -> "fp32";
            case F16 -> "fp16";
            case BF16 -> "bf16";
            case F64 -> "fp64";
            case F8_E4M3, F8_E5M2 -> "fp8";
            default -> main.name().toLowerCase(Locale.ROOT);
        };
    }

    // ---- folders ----

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static long sizeOf(Path p) {
        try {
            if (!Files.isDirectory(p)) return Files.size(p);
            try (Stream<Path> s = Files.walk(p, 3)) {
                return s.filter(Files::isRegularFile).mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            }
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean hasWeights(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> Files.isRegularFile(f) && hasWeightExtension(f));
        } catch (IOException e) {
            return false;
        }
    }

    private static final Map<String, String> OTHER_PIPELINES = Map.ofEntries(
            Map.entry("StableDiffusionXLPipeline", "SDXL"), Map.entry("StableDiffusionXLInpaintPipeline", "SDXL"),
            Map.entry("StableVideoDiffusionPipeline", "Stable Video Diffusion"), Map.entry("CogVideoXPipeline", "CogVideoX"),
            Map.entry("WanPipeline", "Wan"), Map.entry("HunyuanVideoPipeline", "HunyuanVideo"), Map.entry("LTXPipeline", "LTX-Video"),
            Map.entry("MochiPipeline", "Mochi"), Map.entry("FluxPipeline", "Flux"), Map.entry("StableDiffusion3Pipeline", "SD3"),
            Map.entry("AnimateDiffSDXLPipeline", "AnimateDiff SDXL"), Map.entry("I2VGenXLPipeline", "I2VGen-XL"));

    private static ScannedModel scanFolderModel(Path dir) {
        long size = sizeOf(dir);
        String name = dir.getFileName() + ": ";
        JsonNode index = readJson(dir.resolve("model_index.json"));
        if (index != null) return pipeline(dir, index, size);
        JsonNode cfg = readJson(dir.resolve("config.json"));
        if (cfg == null) return new ScannedModel(dir, ModelKind.UNKNOWN, "unknown", "folder", size, name + "has no model_index.json or config.json");
        String cls = cfg.has("_class_name") ? cfg.get("_class_name").asText() : cfg.path("architectures").path(0).asText("");
        String missing = hasWeights(dir) ? null : name + "the folder has config.json but no weights file";
        switch (cls) {
            case "MotionAdapter": {
                boolean mid = cfg.path("use_motion_mid_block").asBoolean(true);
                int frames = cfg.path("motion_max_seq_length").asInt(32), levels = cfg.path("block_out_channels").size();
                if (levels == 3) {
                    return new ScannedModel(dir, ModelKind.MOTION_ADAPTER, "AnimateDiff SDXL", "AnimateDiff motion adapter for SDXL", size,
                            name + "AnimateDiff motion modules for SDXL are not supported yet; use one made for SD 1.5");
                }
                String version = mid ? "v2" : frames <= 24 ? "v1" : "v3";
                return new ScannedModel(dir, ModelKind.MOTION_ADAPTER, "AnimateDiff " + version, "AnimateDiff " + version
                        + " motion adapter for SD 1.x (diffusers folder, " + levels + " levels, up to " + frames + " frames)", size, missing);
            }
            case "AutoencoderKL":
                return new ScannedModel(dir, ModelKind.VAE, "SD1.x", "Stable Diffusion VAE (diffusers folder, "
                        + cfg.path("latent_channels").asInt(4) + " latent channels)", size,
                        missing != null ? missing : cfg.path("latent_channels").asInt(4) == 4 ? null : name + "only 4-channel VAEs fit SD 1.x");
            case "AutoencoderTiny":
                return new ScannedModel(dir, ModelKind.TAESD, "SD1.x", "TAESD preview decoder (diffusers folder)", size, missing);
            case "UNet2DConditionModel", "UNetMotionModel": {
                int in = cfg.path("in_channels").asInt(4), ctx = cfg.path("cross_attention_dim").asInt(768);
                String reason = missing != null ? missing : ctx == 1024 ? name + "Stable Diffusion 2.x models are not supported yet"
                        : ctx == 2048 ? name + "SDXL models are not supported yet"
                        : in != 4 && in != 9 ? name + "a UNet with " + in + " input channels is not supported" : null;
                String family = (ctx == 1024 ? "SD2.x" : ctx == 2048 ? "SDXL" : "SD1.x") + (in == 9 ? " inpainting" : "");
                return new ScannedModel(dir, ModelKind.UNET, family, cls + " (diffusers folder, " + in + " input channels" + lcm(cfg) + ")", size, reason);
            }
            case "UNet3DConditionModel":
                return new ScannedModel(dir, ModelKind.UNET, "ModelScope", "UNet3DConditionModel (ModelScope/Zeroscope, diffusers folder)", size, missing);
            case "CLIPTextModel":
                return new ScannedModel(dir, ModelKind.TEXT_ENCODER, "CLIP", "CLIP text encoder (transformers folder, width "
                        + cfg.path("hidden_size").asInt() + ")", size, missing);
            default:
                return new ScannedModel(dir, ModelKind.UNKNOWN, "unknown", "diffusers " + cls + " folder", size, name + cls + " is not supported");
        }
    }

    private static ScannedModel pipeline(Path dir, JsonNode index, long size) {
        String name = dir.getFileName() + ": ";
        String cls = index.path("_class_name").asText("");
        if (OTHER_PIPELINES.containsKey(cls)) {
            String family = OTHER_PIPELINES.get(cls);
            return new ScannedModel(dir, ModelKind.DIFFUSERS_PIPELINE, family, family + " pipeline (diffusers folder, " + cls + ")", size,
                    name + family + " models are not supported yet");
        }
        String family;
        switch (cls) {
            case "StableDiffusionPipeline", "StableDiffusionImg2ImgPipeline", "StableDiffusionInpaintPipeline",
                 "LatentConsistencyModelPipeline", "LatentConsistencyModelImg2ImgPipeline" -> family = "SD1.x";
            case "AnimateDiffPipeline", "AnimateDiffVideoToVideoPipeline" -> family = "AnimateDiff";
            case "TextToVideoSDPipeline", "VideoToVideoSDPipeline" -> family = "ModelScope";
            default -> {
                return new ScannedModel(dir, ModelKind.DIFFUSERS_PIPELINE, "unknown", "diffusers pipeline " + cls, size, name + cls + " is not supported");
            }
        }
        // every component the index names must be there with its weights
        List<String> problems = new ArrayList<>();
        for (var it = index.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().startsWith("_") || !e.getValue().isArray() || e.getValue().path(0).isNull()) continue;
            String lib = e.getValue().path(0).asText(), comp = e.getKey();
            if (!lib.equals("diffusers") && !lib.equals("transformers")) continue;
            Path sub = dir.resolve(comp);
            boolean needsWeights = !comp.equals("scheduler") && !comp.equals("tokenizer") && !comp.startsWith("tokenizer") && !comp.equals("feature_extractor");
            if (!Files.isDirectory(sub)) problems.add("its " + comp + "/ folder is missing");
            else if (needsWeights && !hasWeights(sub)) problems.add("its " + comp + "/ folder has no weights");
        }
        JsonNode unet = readJson(dir.resolve("unet").resolve("config.json"));
        int in = unet == null ? 4 : unet.path("in_channels").asInt(4), ctx = unet == null ? 768 : unet.path("cross_attention_dim").asInt(768);
        String variant = in == 9 ? " inpainting" : "";
        if (family.equals("SD1.x")) family = (ctx == 1024 ? "SD2.x" : "SD1.x") + variant;
        if (family.equals("AnimateDiff") && !Files.isDirectory(dir.resolve("motion_adapter"))
                && (unet == null || !"UNetMotionModel".equals(unet.path("_class_name").asText()))) {
            problems.add("it has neither a motion_adapter/ folder nor a motion UNet");
        }
        if (family.equals("ModelScope") && !lcm(unet).isEmpty()) {
            problems.add("its UNet takes a guidance embedding (time_cond_proj_dim); guidance-distilled ModelScope models are not supported");
        }
        String reason = !problems.isEmpty() ? name + String.join(", and ", problems)
                : ctx == 1024 ? name + "Stable Diffusion 2.x models are not supported yet; use an SD 1.x model"
                : in != 4 && in != 9 ? name + "a UNet with " + in + " input channels is not supported" : null;
        return new ScannedModel(dir, ModelKind.DIFFUSERS_PIPELINE, family, family + " pipeline (diffusers folder, " + cls + ", "
                + in + "-channel UNet" + lcm(unet) + ")", size, reason);
    }
}
