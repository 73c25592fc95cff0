package cinegen.engine.diffusers.unet;

import cinegen.engine.diffusers.ConfigJson;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Path;
import java.util.List;

/**
 * The config.json of a diffusers UNet3DConditionModel (ModelScope text-to-video, Zeroscope), with diffusers' defaults.
 * Unlike UNet2DConditionModel's, {@code attention_head_dim} here is the width of a head: a block of C channels has
 * C / attention_head_dim heads in its spatial and temporal transformers.
 *
 * @param attentionHeadDim head width per down block
 * @param timeCondProjDim width of a timestep condition projected onto the timestep projection, or null
 */
public record UNet3DConditionConfig(
        int inChannels,
        int outChannels,
        List<String> downBlockTypes,
        List<String> upBlockTypes,
        int[] blockOutChannels,
        int layersPerBlock,
        int downsamplePadding,
        float midBlockScaleFactor,
        String actFn,
        int normNumGroups,
        float normEps,
        int crossAttentionDim,
        int[] attentionHeadDim,
        Integer timeCondProjDim) {

    /** Heads of diffusers' transformer_in (a constant of the architecture). */
    static final int TRANSFORMER_IN_HEADS = 8;

    public static UNet3DConditionConfig load(Path configJson) throws ModelPackException {
        return from(ConfigJson.read(configJson));
    }

    public static UNet3DConditionConfig parse(String source, String json) throws ModelPackException {
        return from(ConfigJson.parse(source, json));
    }

    static UNet3DConditionConfig from(ConfigJson c) throws ModelPackException {
        String className = c.string("_class_name", "UNet3DConditionModel");
        if (!className.equals("UNet3DConditionModel")) throw c.error("_class_name", "is \"" + className + "\", not a UNet3DConditionModel");
        c.refuseIfSet("num_attention_heads", "num_attention_heads (diffusers refuses it for this class too; give attention_head_dim)");
        int[] channels = c.integers("block_out_channels", new int[] {320, 640, 1280, 1280});
        int n = channels.length;
        List<String> down = c.blockTypes("down_block_types", List.of("CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "DownBlock3D"), n);
        List<String> up = c.blockTypes("up_block_types", List.of("UpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D"), n);
        for (String t : down) hasAttention(c, "down_block_types", t, "Down");
        for (String t : up) hasAttention(c, "up_block_types", t, "Up");
        int[] headDim = c.perBlock("attention_head_dim", 64, n);
        c.requireDivides("attention_head_dim", headDim, channels, "head width");
        String act = c.siluActivation();
        return new UNet3DConditionConfig(
                c.integer("in_channels", 4),
                c.integer("out_channels", 4),
                down, up, channels,
                c.integer("layers_per_block", 2),
                c.integer("downsample_padding", 1),
                c.number("mid_block_scale_factor", 1f),
                act,
                c.normGroups(channels),
                c.number("norm_eps", 1e-5f),
                c.integer("cross_attention_dim", 1024),
                headDim,
                c.optionalInteger("time_cond_proj_dim"));
    }

    private static boolean hasAttention(ConfigJson c, String key, String type, String direction) throws ModelPackException {
        String plain = direction + "Block3D";
        if (type.equals("CrossAttn" + plain)) return true;
        if (type.equals(plain)) return false;
        throw c.error(key, "has \"" + type + "\": only CrossAttn" + plain + " and " + plain + " are supported");
    }

    /** Heads of the transformers of a block of {@code channels} channels whose head width is {@code headDim}. */
    static int heads(int channels, int headDim) { return channels / headDim; }

    UNetLayout layout() {
        int n = blockOutChannels.length;
        boolean[] downAttention = new boolean[n], upAttention = new boolean[n];
        int[] downHeads = new int[n], layers = new int[n], ones = new int[n];
        for (int i = 0; i < n; i++) {
            downAttention[i] = downBlockTypes.get(i).startsWith("CrossAttn");
            upAttention[i] = upBlockTypes.get(i).startsWith("CrossAttn");
            downHeads[i] = heads(blockOutChannels[i], attentionHeadDim[i]);
            layers[i] = layersPerBlock;
            ones[i] = 1;
        }
        return new UNetLayout(inChannels, outChannels, blockOutChannels, layers, downAttention, upAttention,
                downHeads, UNetLayout.reversed(downHeads), downHeads[n - 1], ones, ones, 1,
                new boolean[n], new boolean[n], 1, normNumGroups, normEps, midBlockScaleFactor, downsamplePadding,
                blockOutChannels[0], true, 0, false, 3, 3);
    }
}
