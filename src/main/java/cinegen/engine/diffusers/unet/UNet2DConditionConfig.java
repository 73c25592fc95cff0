package cinegen.engine.diffusers.unet;

import cinegen.engine.diffusers.ConfigJson;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

/**
 * The config.json of a diffusers UNet2DConditionModel (Stable Diffusion 1.x/2.x, inpainting, LCM-distilled), with
 * diffusers' defaults for absent keys. Also reads a UNetMotionModel's config.json (its spatial part: the Motion block
 * types map to their 2D counterparts, the motion fields are read by {@link MotionAdapterConfig#fromMotionUNet}).
 * Per-block values are expanded to one entry per down block. Options this implementation does not compute (class
 * and addition embeddings as in SDXL, other time-scale shifts, gated attention, ...) are refused with a sentence.
 *
 * @param numAttentionHeads heads per down block: diffusers' {@code num_attention_heads}, which for this class falls
 *     back to {@code attention_head_dim} (a naming quirk: SD's "attention_head_dim": 8 means 8 heads)
 * @param attentionHeadDim the file's {@code attention_head_dim} per block (kept as read)
 * @param midBlockType "UNetMidBlock2DCrossAttn", or null for no mid block
 * @param midBlockLayers attention/resnet pairs of the mid block (UNetMotionModel's {@code mid_block_layers}, else 1)
 * @param timeCondProjDim width of the LCM guidance embedding projected onto the timestep projection, or null
 */
public record UNet2DConditionConfig(
        String className,
        int inChannels,
        int outChannels,
        boolean centerInputSample,
        boolean flipSinToCos,
        int freqShift,
        List<String> downBlockTypes,
        String midBlockType,
        List<String> upBlockTypes,
        boolean[] onlyCrossAttention,
        int[] blockOutChannels,
        int[] layersPerBlock,
        int downsamplePadding,
        float midBlockScaleFactor,
        String actFn,
        int normNumGroups,
        float normEps,
        int[] crossAttentionDim,
        int[] transformerLayersPerBlock,
        int transformerLayersPerMidBlock,
        int[] attentionHeadDim,
        int[] numAttentionHeads,
        boolean useLinearProjection,
        boolean upcastAttention,
        String resnetTimeScaleShift,
        Integer timeCondProjDim,
        int convInKernel,
        int convOutKernel,
        int midBlockLayers) {

    static final String UNET_2D = "UNet2DConditionModel";
    static final String UNET_MOTION = "UNetMotionModel";

    /** Reads {@code config.json} of a UNet folder. */
    public static UNet2DConditionConfig load(Path configJson) throws ModelPackException {
        return from(ConfigJson.read(configJson));
    }

    /** Parses config.json text; {@code source} names it in error messages. */
    public static UNet2DConditionConfig parse(String source, String json) throws ModelPackException {
        return from(ConfigJson.parse(source, json));
    }

    static UNet2DConditionConfig from(ConfigJson c) throws ModelPackException {
        String className = c.string("_class_name", UNET_2D);
        if (!className.equals(UNET_2D) && !className.equals(UNET_MOTION)) {
            throw c.error("_class_name", "is \"" + className + "\", not a " + UNET_2D + " or " + UNET_MOTION);
        }
        boolean motion = className.equals(UNET_MOTION);
        refuseUnsupported(c);

        int[] channels = c.integers("block_out_channels", new int[] {320, 640, 1280, 1280});
        int n = channels.length;
        List<String> down = c.blockTypes("down_block_types", motion
                ? List.of("CrossAttnDownBlockMotion", "CrossAttnDownBlockMotion", "CrossAttnDownBlockMotion", "DownBlockMotion")
                : List.of("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"), n);
        List<String> up = c.blockTypes("up_block_types", motion
                ? List.of("UpBlockMotion", "CrossAttnUpBlockMotion", "CrossAttnUpBlockMotion", "CrossAttnUpBlockMotion")
                : List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"), n);
        for (String t : down) blockHasAttention(c, "down_block_types", t, "Down");
        for (String t : up) blockHasAttention(c, "up_block_types", t, "Up");
        String mid = motion ? "UNetMidBlock2DCrossAttn" : c.isSet("mid_block_type")
                ? c.string("mid_block_type", null) : c.raw("mid_block_type") != null ? null : "UNetMidBlock2DCrossAttn";
        if (mid != null && !mid.equals("UNetMidBlock2DCrossAttn")) {
            throw c.error("mid_block_type", "is \"" + mid + "\": only UNetMidBlock2DCrossAttn (or null) is supported");
        }

        int[] headDim = c.perBlock("attention_head_dim", 8, n);
        // diffusers: num_attention_heads = num_attention_heads or attention_head_dim
        String headsKey = c.isSet("num_attention_heads") ? "num_attention_heads" : "attention_head_dim";
        int[] numHeads = c.perBlock(headsKey, c.raw(headsKey), 8, n);
        int[] transformerLayers = transformerLayers(c, n);
        int midTransformerLayers = c.isSet("transformer_layers_per_mid_block")
                ? c.integer("transformer_layers_per_mid_block", 1) : transformerLayers[n - 1];
        c.requireDivides(headsKey, numHeads, channels, "heads");
        String act = c.siluActivation();
        String shift = c.string("resnet_time_scale_shift", "default");
        if (!shift.equals("default")) {
            throw c.error("resnet_time_scale_shift", "is \"" + shift + "\": only \"default\" (the time embedding added) is supported");
        }
        int groups = c.normGroups(channels);
        int convIn = c.integer("conv_in_kernel", 3), convOut = c.integer("conv_out_kernel", 3);
        if (convIn % 2 == 0) throw c.error("conv_in_kernel", "must be odd, got " + convIn);
        if (convOut % 2 == 0) throw c.error("conv_out_kernel", "must be odd, got " + convOut);
        return new UNet2DConditionConfig(
                className,
                c.integer("in_channels", 4),
                c.integer("out_channels", 4),
                !motion && c.bool("center_input_sample", false),
                motion || c.bool("flip_sin_to_cos", true),
                motion ? 0 : c.integer("freq_shift", 0),
                down, mid, up,
                motion ? new boolean[n] : c.boolPerBlock("only_cross_attention", false, n),
                channels,
                c.perBlock("layers_per_block", 2, n),
                c.integer("downsample_padding", 1),
                c.number("mid_block_scale_factor", 1f),
                act,
                groups,
                c.number("norm_eps", 1e-5f),
                c.perBlock("cross_attention_dim", 1280, n),
                transformerLayers,
                midTransformerLayers,
                headDim,
                numHeads,
                c.bool("use_linear_projection", false),
                !motion && c.bool("upcast_attention", false),
                shift,
                c.optionalInteger("time_cond_proj_dim"),
                convIn, convOut,
                motion ? c.integer("mid_block_layers", 1) : 1);
    }

    private static void refuseUnsupported(ConfigJson c) throws ModelPackException {
        c.refuseIfSet("class_embed_type", "a class embedding");
        c.refuseIfSet("num_class_embeds", "a class embedding");
        c.refuseIfSet("addition_embed_type", "an addition embedding (SDXL's text_time conditioning)");
        c.refuseIfSet("encoder_hid_dim_type", "a projection of the encoder states (encoder_hid_dim_type)");
        c.refuseIfSet("encoder_hid_dim", "a projection of the encoder states (encoder_hid_dim)");
        c.refuseIfSet("dual_cross_attention", "dual cross-attention");
        c.refuseIfSet("cross_attention_norm", "a norm of the cross-attention context");
        c.refuseIfSet("time_embedding_act_fn", "an activation after the time embedding");
        c.refuseIfSet("timestep_post_act", "an activation inside the time embedding (timestep_post_act)");
        c.refuseIfSet("resnet_skip_time_act", "skipping the time activation in resnets");
        c.refuseIfSet("reverse_transformer_layers_per_block", "an asymmetric transformer depth");
        String timeType = c.string("time_embedding_type", "positional");
        if (!timeType.equals("positional")) {
            throw c.error("time_embedding_type", "is \"" + timeType + "\": only the positional (sinusoidal) embedding is supported");
        }
        String attention = c.string("attention_type", "default");
        if (!attention.equals("default")) {
            throw c.error("attention_type", "is \"" + attention + "\": only default attention is supported");
        }
    }

    private static int[] transformerLayers(ConfigJson c, int n) throws ModelPackException {
        JsonNode v = c.raw("transformer_layers_per_block");
        if (v != null && v.isArray()) {
            for (JsonNode e : v) {
                if (e.isArray()) throw c.error("transformer_layers_per_block", "has per-layer lists: not supported");
            }
        }
        return c.perBlock("transformer_layers_per_block", 1, n);
    }

    /** Whether a block type has spatial transformers; refuses types other than the (Motion) SD ones. */
    static boolean blockHasAttention(ConfigJson c, String key, String type, String direction) throws ModelPackException {
        String plain = direction + "Block2D", motion = direction + "BlockMotion";
        if (type.equals("CrossAttn" + plain) || type.equals("CrossAttn" + motion)) return true;
        if (type.equals(plain) || type.equals(motion)) return false;
        throw c.error(key, "has \"" + type + "\": only CrossAttn" + plain + " and " + plain + " (or their Motion forms) are supported");
    }

    /** The structure the shared UNet walk builds. */
    UNetLayout layout() {
        int n = blockOutChannels.length;
        boolean[] downAttention = new boolean[n], upAttention = new boolean[n];
        for (int i = 0; i < n; i++) {
            downAttention[i] = downBlockTypes.get(i).startsWith("CrossAttn");
            upAttention[i] = upBlockTypes.get(i).startsWith("CrossAttn");
        }
        return new UNetLayout(inChannels, outChannels, blockOutChannels, layersPerBlock, downAttention, upAttention,
                numAttentionHeads, UNetLayout.reversed(numAttentionHeads), numAttentionHeads[n - 1],
                transformerLayersPerBlock, UNetLayout.reversed(transformerLayersPerBlock), transformerLayersPerMidBlock,
                onlyCrossAttention, UNetLayout.reversed(onlyCrossAttention),
                midBlockType == null ? 0 : midBlockLayers, normNumGroups, normEps, midBlockScaleFactor, downsamplePadding,
                blockOutChannels[0], flipSinToCos, freqShift, centerInputSample, convInKernel, convOutKernel);
    }

    /** The same UNet as diffusers' UNetMotionModel.from_unet2d builds it: its timestep projection is always flipped, unshifted. */
    UNet2DConditionConfig asMotionSpatialPart() {
        return new UNet2DConditionConfig(className, inChannels, outChannels, false, true, 0, downBlockTypes,
                midBlockType == null ? "UNetMidBlock2DCrossAttn" : midBlockType, upBlockTypes,
                new boolean[blockOutChannels.length], blockOutChannels, layersPerBlock, downsamplePadding,
                midBlockScaleFactor, actFn, normNumGroups, normEps, crossAttentionDim, transformerLayersPerBlock,
                transformerLayersPerMidBlock, attentionHeadDim, numAttentionHeads, useLinearProjection, false,
                resnetTimeScaleShift, timeCondProjDim, 3, 3, midBlockLayers);
    }
}
