package cinegen.engine.diffusers.unet;

import cinegen.engine.diffusers.ConfigJson;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/**
 * The config.json of a diffusers MotionAdapter (AnimateDiff motion modules), with diffusers' defaults; or the motion
 * fields of a UNetMotionModel's config.json ({@link #fromMotionUNet}). Per-block values are expanded to one entry
 * per down block.
 *
 * @param motionNumAttentionHeads heads of the temporal attention in down block i (up block i uses the reversed list,
 *     the mid block the last entry)
 * @param motionNormNumGroups recorded only: UNetMotionModel normalises with the UNet's norm_num_groups
 * @param convInChannels a PIA-style adapter's own conv_in input channels, or null
 */
public record MotionAdapterConfig(
        int[] blockOutChannels,
        int[] motionLayersPerBlock,
        int[] motionTransformerLayersPerBlock,
        int motionMidBlockLayersPerBlock,
        int motionTransformerLayersPerMidBlock,
        int[] motionNumAttentionHeads,
        int motionNormNumGroups,
        int motionMaxSeqLength,
        boolean useMotionMidBlock,
        Integer convInChannels) {

    /** Reads a motion_adapter/config.json. */
    public static MotionAdapterConfig load(Path configJson) throws ModelPackException {
        return fromAdapter(ConfigJson.read(configJson));
    }

    public static MotionAdapterConfig parse(String source, String json) throws ModelPackException {
        return fromAdapter(ConfigJson.parse(source, json));
    }

    static MotionAdapterConfig fromAdapter(ConfigJson c) throws ModelPackException {
        String className = c.string("_class_name", "MotionAdapter");
        if (!className.equals("MotionAdapter")) throw c.error("_class_name", "is \"" + className + "\", not a MotionAdapter");
        int[] channels = c.integers("block_out_channels", new int[] {320, 640, 1280, 1280});
        int n = channels.length;
        int midLayers = c.integer("motion_mid_block_layers_per_block", 1);
        return new MotionAdapterConfig(channels,
                c.perBlock("motion_layers_per_block", 2, n),
                perBlockLayers(c, "motion_transformer_layers_per_block", n),
                midLayers,
                midTransformerLayers(c, "motion_transformer_layers_per_mid_block"),
                heads(c, "motion_num_attention_heads", channels),
                c.integer("motion_norm_num_groups", 32),
                c.integer("motion_max_seq_length", 32),
                c.bool("use_motion_mid_block", true),
                c.optionalInteger("conv_in_channels"));
    }

    /** The motion part of a UNetMotionModel config.json. */
    static MotionAdapterConfig fromMotionUNet(ConfigJson c) throws ModelPackException {
        int[] channels = c.integers("block_out_channels", new int[] {320, 640, 1280, 1280});
        int n = channels.length;
        c.refuseIfSet("reverse_temporal_transformer_layers_per_block", "an asymmetric motion-module depth");
        return new MotionAdapterConfig(channels,
                c.perBlock("layers_per_block", 2, n),
                perBlockLayers(c, "temporal_transformer_layers_per_block", n),
                c.integer("mid_block_layers", 1),
                midTransformerLayers(c, "temporal_transformer_layers_per_mid_block"),
                heads(c, "motion_num_attention_heads", channels),
                c.integer("norm_num_groups", 32),
                c.integer("motion_max_seq_length", 32),
                c.bool("use_motion_mid_block", true),
                null);
    }

    private static int[] perBlockLayers(ConfigJson c, String key, int n) throws ModelPackException {
        JsonNode v = c.raw(key);
        if (v != null && v.isArray()) {
            for (JsonNode e : v) if (e.isArray()) throw c.error(key, "has per-layer lists: not supported");
        }
        return c.perBlock(key, 1, n);
    }

    private static int midTransformerLayers(ConfigJson c, String key) throws ModelPackException {
        JsonNode v = c.raw(key);
        if (v != null && v.isArray()) throw c.error(key, "is a per-layer list: not supported");
        return c.integer(key, 1);
    }

    private static int[] heads(ConfigJson c, String key, int[] channels) throws ModelPackException {
        int[] heads = c.perBlock(key, 8, channels.length);
        c.requireDivides(key, heads, channels, "heads");
        return heads;
    }
}
