package cinegen.engine.diffusers.vae;

import cinegen.engine.diffusers.ConfigJson;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
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

    public AutoencoderKLConfig {
        downBlockTypes = List.copyOf(downBlockTypes);
        upBlockTypes = List.copyOf(upBlockTypes);
        blockOutChannels = List.copyOf(blockOutChannels);
    }

    /** How many times the encoder halves the image: 2^(number of blocks - 1). */
    public int downscale() { return 1 << (blockOutChannels.size() - 1); }

    /** Reads and checks a config.json; the messages name the file and the key. */
    public static AutoencoderKLConfig read(Path configJson) throws ModelPackException {
        return parse(ConfigJson.read(configJson));
    }

    /** Parses the JSON of a config.json; {@code source} names it in error messages. */
    public static AutoencoderKLConfig parse(JsonNode root, String source) throws ModelPackException {
        return parse(ConfigJson.of(source, root));
    }

    private static AutoencoderKLConfig parse(ConfigJson c) throws ModelPackException {
        String cls = c.string("_class_name", "AutoencoderKL");
        if (!cls.equals("AutoencoderKL")) {
            throw new ModelPackException(c.source() + ": describes a " + cls + ", not an AutoencoderKL");
        }
        JsonNode size = c.raw("sample_size");
        int sampleSize = size != null && size.isArray() ? size.path(0).asInt(32) : c.integer("sample_size", 32);
        AutoencoderKLConfig config = new AutoencoderKLConfig(
                c.integer("in_channels", 3), c.integer("out_channels", 3),
                c.strings("down_block_types", List.of(DOWN_BLOCK)), c.strings("up_block_types", List.of(UP_BLOCK)),
                c.integerList("block_out_channels", List.of(64)),
                c.integer("layers_per_block", 1), c.string("act_fn", "silu"),
                c.integer("latent_channels", 4), c.integer("norm_num_groups", 32), sampleSize,
                c.number("scaling_factor", 0.18215f), c.number("shift_factor", 0f),
                c.numbersOrNull("latents_mean"), c.numbersOrNull("latents_std"),
                c.bool("use_quant_conv", true), c.bool("use_post_quant_conv", true),
                c.bool("mid_block_add_attention", true), c.bool("force_upcast", true));
        config.check(c.source());
        return config;
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
}
