package cinegen.engine.diffusers.vae;

import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code config.json} of a diffusers AutoencoderKL, with diffusers' defaults for absent keys. Only the Stable
 * Diffusion layout is supported: DownEncoderBlock2D / UpDecoderBlock2D blocks, SiLU, group norms.
 *
 * @param sampleSize     the image size the tiles of tiled decoding default to ({@code sample_size}, first entry of a list)
 * @param shiftFactor    subtracted before scaling ({@code shift_factor}; null in the file = 0)
 * @param latentsMean    per-channel latent mean ({@code latents_mean}) or null; when given with {@code latentsStd} the
 *                       scaled latents are {@code (z - mean) * scaling_factor / std} as diffusers' SDXL pipelines do
 */
public record AutoencoderKLConfig(
        int inChannels, int outChannels, List<String> downBlockTypes, List<String> upBlockTypes,
        List<Integer> blockOutChannels, int layersPerBlock, String actFn, int latentChannels, int normNumGroups,
        int sampleSize, float scalingFactor, float shiftFactor, float[] latentsMean, float[] latentsStd,
        boolean useQuantConv, boolean usePostQuantConv, boolean midBlockAddAttention, boolean forceUpcast) {

    public static final String DOWN_BLOCK = "DownEncoderBlock2D";
    public static final String UP_BLOCK = "UpDecoderBlock2D";
    private static final ObjectMapper JSON = new ObjectMapper();

    public AutoencoderKLConfig {
        downBlockTypes = List.copyOf(downBlockTypes);
        upBlockTypes = List.copyOf(upBlockTypes);
        blockOutChannels = List.copyOf(blockOutChannels);
    }

    /** How many times the encoder halves the image: 2^(number of blocks - 1). */
    public int downscale() { return 1 << (blockOutChannels.size() - 1); }

    /** Reads and checks a config.json; the messages name the file and the key. */
    public static AutoencoderKLConfig read(Path configJson) throws ModelPackException {
        String source = configJson.getFileName() == null ? configJson.toString()
                : configJson.getParent() == null ? configJson.getFileName().toString()
                : configJson.getParent().getFileName() + "/" + configJson.getFileName();
        if (!Files.isRegularFile(configJson)) throw new ModelPackException(source + ": file is missing");
        JsonNode root;
        try {
            root = JSON.readTree(configJson.toFile());
        } catch (IOException e) {
            throw new ModelPackException(source + ": not valid JSON (" + e.getMessage() + ")");
        }
        return parse(root, source);
    }

    /** Parses the JSON of a config.json; {@code source} names it in error messages. */
    public static AutoencoderKLConfig parse(JsonNode root, String source) throws ModelPackException {
        if (root == null || !root.isObject()) throw new ModelPackException(source + ": not a JSON object");
        String cls = root.path("_class_name").asText("AutoencoderKL");
        if (!cls.equals("AutoencoderKL")) {
            throw new ModelPackException(source + ": describes a " + cls + ", not an AutoencoderKL");
        }
        List<Integer> channels = intList(root, "block_out_channels", List.of(64), source);
        List<String> down = stringList(root, "down_block_types", List.of(DOWN_BLOCK), source);
        List<String> up = stringList(root, "up_block_types", List.of(UP_BLOCK), source);
        int sampleSize = root.path("sample_size").isArray()
                ? root.path("sample_size").path(0).asInt(32) : intValue(root, "sample_size", 32, source);
        AutoencoderKLConfig c = new AutoencoderKLConfig(
                intValue(root, "in_channels", 3, source), intValue(root, "out_channels", 3, source), down, up, channels,
                intValue(root, "layers_per_block", 1, source), textValue(root, "act_fn", "silu", source),
                intValue(root, "latent_channels", 4, source), intValue(root, "norm_num_groups", 32, source), sampleSize,
                floatValue(root, "scaling_factor", 0.18215f, source), floatValue(root, "shift_factor", 0f, source),
                floatArrayOrNull(root, "latents_mean", source), floatArrayOrNull(root, "latents_std", source),
                boolValue(root, "use_quant_conv", true, source), boolValue(root, "use_post_quant_conv", true, source),
                boolValue(root, "mid_block_add_attention", true, source), boolValue(root, "force_upcast", true, source));
        c.check(source);
        return c;
    }

    /** Refuses what this implementation does not compute, with a sentence naming the key. */
    public void check(String source) throws ModelPackException {
        if (blockOutChannels.isEmpty()) throw new ModelPackException(source + ": block_out_channels is empty");
        for (int i = 0; i < downBlockTypes.size(); i++) {
            if (!downBlockTypes.get(i).equals(DOWN_BLOCK)) {
                throw new ModelPackException(source + ": down_block_types[" + i + "] is " + downBlockTypes.get(i)
                        + "; only " + DOWN_BLOCK + " (the Stable Diffusion autoencoder's block) is supported");
            }
        }
        for (int i = 0; i < upBlockTypes.size(); i++) {
            if (!upBlockTypes.get(i).equals(UP_BLOCK)) {
                throw new ModelPackException(source + ": up_block_types[" + i + "] is " + upBlockTypes.get(i)
                        + "; only " + UP_BLOCK + " (the Stable Diffusion autoencoder's block) is supported");
            }
        }
        if (downBlockTypes.size() != blockOutChannels.size() || upBlockTypes.size() != blockOutChannels.size()) {
            throw new ModelPackException(source + ": down_block_types (" + downBlockTypes.size() + "), up_block_types ("
                    + upBlockTypes.size() + ") and block_out_channels (" + blockOutChannels.size()
                    + ") must have the same length");
        }
        if (!actFn.equals("silu") && !actFn.equals("swish")) {
            throw new ModelPackException(source + ": act_fn is " + actFn + "; only silu is supported");
        }
        for (int ch : blockOutChannels) {
            if (ch <= 0 || normNumGroups <= 0 || ch % normNumGroups != 0) {
                throw new ModelPackException(source + ": block_out_channels entry " + ch
                        + " is not a positive multiple of norm_num_groups " + normNumGroups);
            }
        }
        if (layersPerBlock < 1) throw new ModelPackException(source + ": layers_per_block must be at least 1, is " + layersPerBlock);
        if (inChannels < 1 || outChannels < 1 || latentChannels < 1) {
            throw new ModelPackException(source + ": in_channels, out_channels and latent_channels must be positive");
        }
        if (!(scalingFactor > 0) || !Float.isFinite(scalingFactor)) {
            throw new ModelPackException(source + ": scaling_factor must be a positive number, is " + scalingFactor);
        }
        if ((latentsMean == null) != (latentsStd == null)) {
            throw new ModelPackException(source + ": latents_mean and latents_std must be given together");
        }
        if (latentsMean != null && (latentsMean.length != latentChannels || latentsStd.length != latentChannels)) {
            throw new ModelPackException(source + ": latents_mean and latents_std need " + latentChannels + " entries (latent_channels)");
        }
    }

    private static JsonNode present(JsonNode root, String key) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? null : n;
    }

    private static int intValue(JsonNode root, String key, int def, String source) throws ModelPackException {
        JsonNode n = present(root, key);
        if (n == null) return def;
        if (!n.canConvertToInt() || !n.isIntegralNumber()) throw new ModelPackException(source + ": " + key + " must be an integer, is " + n);
        return n.intValue();
    }

    private static float floatValue(JsonNode root, String key, float def, String source) throws ModelPackException {
        JsonNode n = present(root, key);
        if (n == null) return def;
        if (!n.isNumber()) throw new ModelPackException(source + ": " + key + " must be a number, is " + n);
        return (float) n.doubleValue();
    }

    private static boolean boolValue(JsonNode root, String key, boolean def, String source) throws ModelPackException {
        JsonNode n = present(root, key);
        if (n == null) return def;
        if (!n.isBoolean()) throw new ModelPackException(source + ": " + key + " must be true or false, is " + n);
        return n.booleanValue();
    }

    private static String textValue(JsonNode root, String key, String def, String source) throws ModelPackException {
        JsonNode n = present(root, key);
        if (n == null) return def;
        if (!n.isTextual()) throw new ModelPackException(source + ": " + key + " must be a string, is " + n);
        return n.textValue();
    }

    private static List<Integer> intList(JsonNode root, String key, List<Integer> def, String source) throws ModelPackException {
        JsonNode n = present(root, key);
        if (n == null) return def;
        if (!n.isArray()) throw new ModelPackException(source + ": " + key + " must be a list of integers, is " + n);
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isIntegralNumber()) throw new ModelPackException(source + ": " + key + " must be a list of integers, has " + e);
            out.add(e.intValue());
        }
        return out;
    }

    private static List<String> stringList(JsonNode root, String key, List<String> def, String source) throws ModelPackException {
        JsonNode n = present(root, key);
        if (n == null) return def;
        if (!n.isArray()) throw new ModelPackException(source + ": " + key + " must be a list of strings, is " + n);
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) throw new ModelPackException(source + ": " + key + " must be a list of strings, has " + e);
            out.add(e.textValue());
        }
        return out;
    }

    private static float[] floatArrayOrNull(JsonNode root, String key, String source) throws ModelPackException {
        JsonNode n = present(root, key);
        if (n == null) return null;
        if (!n.isArray()) throw new ModelPackException(source + ": " + key + " must be a list of numbers or null, is " + n);
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isNumber()) throw new ModelPackException(source + ": " + key + " must be a list of numbers, has " + n.get(i));
            out[i] = (float) n.get(i).doubleValue();
        }
        return out;
    }
}
