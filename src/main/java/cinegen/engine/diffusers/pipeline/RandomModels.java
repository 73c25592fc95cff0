package cinegen.engine.diffusers.pipeline;

import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.clip.ClipTextConfig;
import cinegen.engine.diffusers.unet.MotionAdapterConfig;
import cinegen.engine.diffusers.unet.UNet2DConditionConfig;
import cinegen.engine.diffusers.unet.UNet3DConditionConfig;
import cinegen.engine.diffusers.vae.AutoencoderKLConfig;
import cinegen.engine.pack.Half;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes full-size random-weight models in the exact diffusers layout of published architectures, so the engine's
 * speed and memory can be measured on the real shapes without the real weights: Stable Diffusion 1.5 + AnimateDiff v3
 * ({@link #sd15AnimateDiff}), its inpainting variant ({@link #sd15Inpainting}) and ModelScope / Zeroscope v2
 * ({@link #zeroscope}). The weight names and shapes come from {@link WeightShapes} applied to the published configs.
 *
 * <p>Initialisation keeps activations finite: matrices and kernels ~ N(0, 1/fan_in), biases 0, norm scales 1,
 * AnimateDiff's position tables the sinusoids diffusers computes. Weights are written as F16 safetensors, one tensor at
 * a time (nothing model-sized is ever held in memory). The tokenizer is a synthetic byte-level BPE of CLIP's size
 * (there is no real CLIP vocabulary here): byte tokens, their {@code </w>} forms, generated merges, then
 * {@code <|startoftext|>} and {@code <|endoftext|>} as the last two ids.
 */
public final class RandomModels {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stable Diffusion 1.5's unet/config.json (runwayml/stable-diffusion-v1-5). */
    public static final String SD15_UNET = """
            {
              "_class_name": "UNet2DConditionModel",
              "act_fn": "silu",
              "attention_head_dim": 8,
              "block_out_channels": [320, 640, 1280, 1280],
              "center_input_sample": false,
              "cross_attention_dim": 768,
              "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
              "downsample_padding": 1,
              "flip_sin_to_cos": true,
              "freq_shift": 0,
              "in_channels": 4,
              "layers_per_block": 2,
              "mid_block_scale_factor": 1,
              "norm_eps": 1e-05,
              "norm_num_groups": 32,
              "out_channels": 4,
              "sample_size": 64,
              "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
            }
            """;

    /** Stable Diffusion 1.5 inpainting's unet/config.json: the same UNet with 9 input channels. */
    public static final String SD15_INPAINT_UNET = SD15_UNET.replace("\"in_channels\": 4", "\"in_channels\": 9");

    /** AnimateDiff v3's motion_adapter/config.json (guoyww/animatediff-motion-adapter-v1-5-3: no mid-block module). */
    public static final String ANIMATEDIFF_V3 = """
            {
              "_class_name": "MotionAdapter",
              "block_out_channels": [320, 640, 1280, 1280],
              "conv_in_channels": null,
              "motion_layers_per_block": 2,
              "motion_max_seq_length": 32,
              "motion_mid_block_layers_per_block": 1,
              "motion_norm_num_groups": 32,
              "motion_num_attention_heads": 8,
              "use_motion_mid_block": false
            }
            """;

    /** Stable Diffusion's vae/config.json (also ModelScope's and Zeroscope's). */
    public static final String SD_VAE = """
            {
              "_class_name": "AutoencoderKL",
              "act_fn": "silu",
              "block_out_channels": [128, 256, 512, 512],
              "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
              "in_channels": 3,
              "latent_channels": 4,
              "layers_per_block": 2,
              "norm_num_groups": 32,
              "out_channels": 3,
              "sample_size": 512,
              "scaling_factor": 0.18215,
              "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]
            }
            """;

    /** CLIP ViT-L/14's text encoder (Stable Diffusion 1.x's text_encoder/config.json). */
    public static final String CLIP_L_TEXT = """
            {
              "architectures": ["CLIPTextModel"],
              "attention_dropout": 0.0,
              "bos_token_id": 0,
              "dropout": 0.0,
              "eos_token_id": 2,
              "hidden_act": "quick_gelu",
              "hidden_size": 768,
              "initializer_factor": 1.0,
              "initializer_range": 0.02,
              "intermediate_size": 3072,
              "layer_norm_eps": 1e-05,
              "max_position_embeddings": 77,
              "model_type": "clip_text_model",
              "num_attention_heads": 12,
              "num_hidden_layers": 12,
              "pad_token_id": 1,
              "projection_dim": 768,
              "torch_dtype": "float32",
              "vocab_size": 49408
            }
            """;

    /** OpenCLIP ViT-H/14's text encoder as ModelScope / Zeroscope ship it (23 of its 24 layers). */
    public static final String OPEN_CLIP_H_TEXT = """
            {
              "architectures": ["CLIPTextModel"],
              "attention_dropout": 0.0,
              "bos_token_id": 0,
              "dropout": 0.0,
              "eos_token_id": 2,
              "hidden_act": "gelu",
              "hidden_size": 1024,
              "initializer_factor": 1.0,
              "initializer_range": 0.02,
              "intermediate_size": 4096,
              "layer_norm_eps": 1e-05,
              "max_position_embeddings": 77,
              "model_type": "clip_text_model",
              "num_attention_heads": 16,
              "num_hidden_layers": 23,
              "pad_token_id": 1,
              "projection_dim": 512,
              "torch_dtype": "float32",
              "vocab_size": 49408
            }
            """;

    /** ModelScope text-to-video's unet/config.json (Zeroscope v2 576w has the same architecture). */
    public static final String ZEROSCOPE_UNET = """
            {
              "_class_name": "UNet3DConditionModel",
              "act_fn": "silu",
              "attention_head_dim": 64,
              "block_out_channels": [320, 640, 1280, 1280],
              "cross_attention_dim": 1024,
              "down_block_types": ["CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "DownBlock3D"],
              "downsample_padding": 1,
              "in_channels": 4,
              "layers_per_block": 2,
              "mid_block_scale_factor": 1,
              "norm_eps": 1e-05,
              "norm_num_groups": 32,
              "out_channels": 4,
              "sample_size": 32,
              "up_block_types": ["UpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D"]
            }
            """;

    /** AnimateDiff's DDIM scheduler config (linear betas, linspace spacing). */
    public static final String ANIMATEDIFF_DDIM = """
            {
              "_class_name": "DDIMScheduler",
              "beta_end": 0.012,
              "beta_schedule": "linear",
              "beta_start": 0.00085,
              "clip_sample": false,
              "clip_sample_range": 1.0,
              "dynamic_thresholding_ratio": 0.995,
              "num_train_timesteps": 1000,
              "prediction_type": "epsilon",
              "rescale_betas_zero_snr": false,
              "sample_max_value": 1.0,
              "set_alpha_to_one": false,
              "steps_offset": 1,
              "thresholding": false,
              "timestep_spacing": "linspace",
              "trained_betas": null
            }
            """;

    /** ModelScope's DDIM scheduler config (scaled-linear betas). */
    public static final String MODELSCOPE_DDIM = """
            {
              "_class_name": "DDIMScheduler",
              "beta_end": 0.012,
              "beta_schedule": "scaled_linear",
              "beta_start": 0.00085,
              "clip_sample": false,
              "num_train_timesteps": 1000,
              "prediction_type": "epsilon",
              "set_alpha_to_one": false,
              "steps_offset": 1,
              "timestep_spacing": "leading"
            }
            """;

    /** The configs of an AnimateDiff pipeline folder (JSON texts, written as given). */
    public record AnimateDiffConfigs(String unet, String motionAdapter, String vae, String textEncoder, String scheduler) {}

    /** The configs of a text-to-video (ModelScope) pipeline folder. */
    public record TextToVideoConfigs(String unet, String vae, String textEncoder, String scheduler) {}

    /** Model kinds {@link #write} makes. */
    public enum Kind { SD15, SD15_INPAINT, ZEROSCOPE }

    private RandomModels() {}

    public static void write(Kind kind, Path dir, long seed, Consumer<String> log) throws IOException, ModelPackException {
        switch (kind) {
            case SD15 -> writeAnimateDiff(dir, seed, new AnimateDiffConfigs(SD15_UNET, ANIMATEDIFF_V3, SD_VAE, CLIP_L_TEXT, ANIMATEDIFF_DDIM), log);
            case SD15_INPAINT -> writeAnimateDiff(dir, seed, new AnimateDiffConfigs(SD15_INPAINT_UNET, ANIMATEDIFF_V3, SD_VAE, CLIP_L_TEXT, ANIMATEDIFF_DDIM), log);
            case ZEROSCOPE -> writeTextToVideo(dir, seed, new TextToVideoConfigs(ZEROSCOPE_UNET, SD_VAE, OPEN_CLIP_H_TEXT, MODELSCOPE_DDIM), log);
        }
    }

    /** Stable Diffusion 1.5 UNet + AnimateDiff v3 motion adapter + SD VAE + CLIP ViT-L text encoder, AnimateDiffPipeline. */
    public static void sd15AnimateDiff(Path dir, long seed) throws IOException, ModelPackException { write(Kind.SD15, dir, seed, m -> {}); }

    /** The same with Stable Diffusion 1.5 inpainting's 9-channel UNet (self-contained: motion adapter included). */
    public static void sd15Inpainting(Path dir, long seed) throws IOException, ModelPackException { write(Kind.SD15_INPAINT, dir, seed, m -> {}); }

    /** ModelScope / Zeroscope v2: UNet3DConditionModel + SD VAE + OpenCLIP-H text encoder, TextToVideoSDPipeline. */
    public static void zeroscope(Path dir, long seed) throws IOException, ModelPackException { write(Kind.ZEROSCOPE, dir, seed, m -> {}); }

    /** An AnimateDiffPipeline folder: unet/ (UNet2DConditionModel), motion_adapter/, vae/, text_encoder/, tokenizer/, scheduler/. */
    public static void writeAnimateDiff(Path dir, long seed, AnimateDiffConfigs c, Consumer<String> log) throws IOException, ModelPackException {
        Files.createDirectories(dir);
        UNet2DConditionConfig unet = UNet2DConditionConfig.parse("unet/config.json", c.unet());
        MotionAdapterConfig motion = MotionAdapterConfig.parse("motion_adapter/config.json", c.motionAdapter());
        Map<String, String> components = new LinkedHashMap<>();
        components.put("motion_adapter", "diffusers:MotionAdapter");
        components.put("scheduler", "diffusers:" + className(c.scheduler()));
        components.put("text_encoder", "transformers:CLIPTextModel");
        components.put("tokenizer", "transformers:CLIPTokenizer");
        components.put("unet", "diffusers:UNet2DConditionModel");
        components.put("vae", "diffusers:AutoencoderKL");
        modelIndex(dir, "AnimateDiffPipeline", components);
        component(dir.resolve("unet"), c.unet(), "diffusion_pytorch_model.safetensors", WeightShapes.unet2d(unet), seed + 1, log);
        component(dir.resolve("motion_adapter"), c.motionAdapter(), "diffusion_pytorch_model.safetensors", WeightShapes.motionAdapter(motion), seed + 2, log);
        writeShared(dir, seed, c.vae(), c.textEncoder(), c.scheduler(), "<|endoftext|>", log);
    }

    /** A TextToVideoSDPipeline folder: unet/ (UNet3DConditionModel), vae/, text_encoder/, tokenizer/, scheduler/. */
    public static void writeTextToVideo(Path dir, long seed, TextToVideoConfigs c, Consumer<String> log) throws IOException, ModelPackException {
        Files.createDirectories(dir);
        UNet3DConditionConfig unet = UNet3DConditionConfig.parse("unet/config.json", c.unet());
        Map<String, String> components = new LinkedHashMap<>();
        components.put("scheduler", "diffusers:" + className(c.scheduler()));
        components.put("text_encoder", "transformers:CLIPTextModel");
        components.put("tokenizer", "transformers:CLIPTokenizer");
        components.put("unet", "diffusers:UNet3DConditionModel");
        components.put("vae", "diffusers:AutoencoderKL");
        modelIndex(dir, "TextToVideoSDPipeline", components);
        component(dir.resolve("unet"), c.unet(), "diffusion_pytorch_model.safetensors", WeightShapes.unet3d(unet), seed + 1, log);
        // OpenCLIP's tokenizer pads with "!" (id 0)
        writeShared(dir, seed, c.vae(), c.textEncoder(), c.scheduler(), "!", log);
    }

    private static void writeShared(Path dir, long seed, String vae, String text, String scheduler, String padToken, Consumer<String> log)
            throws IOException, ModelPackException {
        AutoencoderKLConfig vaeConfig = AutoencoderKLConfig.parse(JSON.readTree(vae), "vae/config.json");
        component(dir.resolve("vae"), vae, "diffusion_pytorch_model.safetensors", WeightShapes.autoencoder(vaeConfig), seed + 3, log);
        Path textDir = dir.resolve("text_encoder");
        Files.createDirectories(textDir);
        Files.writeString(textDir.resolve("config.json"), text);
        ClipTextConfig textConfig = ClipTextConfig.load(textDir.resolve("config.json"));
        component(textDir, text, "model.safetensors", WeightShapes.clipText(textConfig), seed + 4, log);
        writeTokenizer(dir.resolve("tokenizer"), textConfig.vocabSize(), textConfig.maxPositionEmbeddings(), padToken);
        Path sched = dir.resolve("scheduler");
        Files.createDirectories(sched);
        Files.writeString(sched.resolve("scheduler_config.json"), scheduler);
    }

    private static String className(String json) throws IOException { return JSON.readTree(json).path("_class_name").asText(); }

    private static void modelIndex(Path dir, String pipeline, Map<String, String> components) throws IOException {
        ObjectNode index = JSON.createObjectNode();
        index.put("_class_name", pipeline);
        index.put("_diffusers_version", "0.31.0");
        components.forEach((name, lib) -> {
            ArrayNode a = index.putArray(name);
            a.add(lib.substring(0, lib.indexOf(':')));
            a.add(lib.substring(lib.indexOf(':') + 1));
        });
        Files.writeString(dir.resolve("model_index.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index));
    }

    private static void component(Path dir, String config, String weightsFile, Map<String, Shape> shapes, long seed, Consumer<String> log)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config);
        long t0 = System.nanoTime();
        writeWeights(dir.resolve(weightsFile), shapes, seed);
        log.accept(String.format(java.util.Locale.ROOT, "%s/%s: %d tensors, %.1f M parameters (%.1f s)", dir.getFileName(), weightsFile,
                shapes.size(), parameters(shapes) / 1e6, (System.nanoTime() - t0) / 1e9));
    }

    /** Total elements of a weight enumeration. */
    public static long parameters(Map<String, Shape> shapes) {
        long n = 0;
        for (Shape s : shapes.values()) n += s.size();
        return n;
    }

    /**
     * Writes random weights of the given names and shapes as an F16 safetensors file, streaming one tensor at a time.
     * Each tensor's values depend only on {@code seed} and its name.
     */
    public static void writeWeights(Path file, Map<String, Shape> shapes, long seed) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F16");
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().getShape()) shape.add(d);
            long bytes = 2 * e.getValue().size();
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(json);
            while (head.hasRemaining()) head.put((byte) ' ');
            writeAll(ch, head.flip());
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, Shape> e : shapes.entrySet()) {
                TensorValues values = valuesOf(e.getKey(), e.getValue(), seed);
                for (long i = 0, n = e.getValue().size(); i < n; i++) {
                    if (!buf.hasRemaining()) {
                        writeAll(ch, buf.flip());
                        buf.clear();
                    }
                    buf.putShort(Half.fromFloat(values.next(i)));
                }
            }
            writeAll(ch, buf.flip());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /** The value of element i (row-major) of a tensor. */
    private interface TensorValues {
        float next(long i);
    }

    /**
     * How a weight starts: biases 0; 1-D weights (every norm's scale in these architectures) 1; AnimateDiff's position
     * tables {@code pos_embed.pe} (1, L, D) the sinusoids of diffusers' SinusoidalPositionalEmbedding; everything else
     * (linear, convolution, embedding) N(0, 1/fan_in) with fan_in the product of all but the first dimension.
     */
    private static TensorValues valuesOf(String name, Shape shape, long seed) {
        if (name.endsWith(".bias")) return i -> 0f;
        if (name.endsWith("pos_embed.pe")) {
            long d = shape.get(shape.dimension() - 1);
            return i -> {
                long position = i / d, c = i % d;
                double rate = Math.exp((c - c % 2) * (-Math.log(10000.0) / d));
                return (float) (c % 2 == 0 ? Math.sin(position * rate) : Math.cos(position * rate));
            };
        }
        if (shape.dimension() == 1) return i -> 1f;
        long fanIn = shape.size() / shape.get(0);
        double std = 1.0 / Math.sqrt(fanIn);
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        return i -> (float) (random.nextGaussian() * std);
    }

    /**
     * A synthetic CLIP tokenizer folder of {@code vocabSize} ids: the 256 byte tokens (in CLIP's byte-to-unicode
     * order), their {@code </w>} forms, {@code vocabSize - 514} generated merges of two byte tokens, then
     * {@code <|startoftext|>} and {@code <|endoftext|>} as the last two ids.
     */
    public static void writeTokenizer(Path dir, int vocabSize, int maxLength, String padToken) throws IOException {
        if (vocabSize < 514) throw new IllegalArgumentException("a byte-level vocabulary needs at least 514 ids, got " + vocabSize);
        Files.createDirectories(dir);
        List<String> bytes = byteTokens();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String b : bytes) vocab.put(b, vocab.size());
        for (String b : bytes) vocab.put(b + "</w>", vocab.size());
        List<String> merges = new ArrayList<>();
        int wanted = vocabSize - 514;
        // a few English merges first, then every pair of byte tokens (as word middle and as word end) in byte order
        String[][] common = {{"t", "h"}, {"i", "n"}, {"th", "e</w>"}, {"a", "n"}, {"r", "e"}, {"o", "n"}, {"e", "r"}, {"a", "t"}};
        for (String[] m : common) addMerge(m[0], m[1], vocab, merges, wanted);
        outer:
        for (String a : bytes) {
            for (String b : bytes) {
                if (merges.size() >= wanted) break outer;
                addMerge(a, b, vocab, merges, wanted);
                addMerge(a, b + "</w>", vocab, merges, wanted);
            }
        }
        vocab.put("<|startoftext|>", vocab.size());
        vocab.put("<|endoftext|>", vocab.size());
        Files.writeString(dir.resolve("vocab.json"), JSON.writeValueAsString(vocab));
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges) + "\n");
        ObjectNode config = JSON.createObjectNode();
        ObjectNode added = config.putObject("added_tokens_decoder");
        if (!padToken.equals("<|endoftext|>")) addedToken(added, vocab.get(padToken), padToken, false);
        addedToken(added, vocabSize - 2, "<|startoftext|>", true);
        addedToken(added, vocabSize - 1, "<|endoftext|>", true);
        config.put("bos_token", "<|startoftext|>");
        config.put("clean_up_tokenization_spaces", true);
        config.put("do_lower_case", true);
        config.put("eos_token", "<|endoftext|>");
        config.put("errors", "replace");
        config.put("model_max_length", maxLength);
        config.put("pad_token", padToken);
        config.put("tokenizer_class", "CLIPTokenizer");
        config.put("unk_token", "<|endoftext|>");
        Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        ObjectNode special = JSON.createObjectNode();
        special.put("bos_token", "<|startoftext|>");
        special.put("eos_token", "<|endoftext|>");
        special.put("pad_token", padToken);
        special.put("unk_token", "<|endoftext|>");
        Files.writeString(dir.resolve("special_tokens_map.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(special));
    }

    private static void addMerge(String a, String b, Map<String, Integer> vocab, List<String> merges, int wanted) {
        if (merges.size() >= wanted || !vocab.containsKey(a) || !vocab.containsKey(b) || vocab.containsKey(a + b)) return;
        merges.add(a + " " + b);
        vocab.put(a + b, vocab.size());
    }

    private static void addedToken(ObjectNode added, int id, String content, boolean normalized) {
        ObjectNode t = added.putObject(Integer.toString(id));
        t.put("content", content);
        t.put("lstrip", false);
        t.put("normalized", normalized);
        t.put("rstrip", false);
        t.put("single_word", false);
        t.put("special", true);
    }

    /** GPT-2 / CLIP byte-to-unicode: printable bytes stand for themselves, the others map to U+0100 onwards; in id order. */
    static List<String> byteTokens() {
        List<Integer> printable = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) printable.add(b);
        for (int b = 0xA1; b <= 0xAC; b++) printable.add(b);
        for (int b = 0xAE; b <= 0xFF; b++) printable.add(b);
        List<String> tokens = new ArrayList<>();
        for (int b : printable) tokens.add(new String(Character.toChars(b)));
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable.contains(b)) tokens.add(new String(Character.toChars(256 + extra++)));
        }
        return tokens;
    }
}
