package cinegen.engine.diffusers.pipeline;

import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.clip.ClipTextConfig;
import cinegen.engine.diffusers.unet.MotionAdapterConfig;
import cinegen.engine.diffusers.unet.UNet2DConditionConfig;
import cinegen.engine.diffusers.unet.UNet3DConditionConfig;
import cinegen.engine.diffusers.vae.AutoencoderKL;
import cinegen.engine.diffusers.vae.AutoencoderKLConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every weight a diffusers / transformers model of a given config has, by its saved name, with its shape: what
 * {@code save_pretrained} writes for UNet2DConditionModel, MotionAdapter, UNet3DConditionModel and CLIPTextModel
 * (AutoencoderKL: {@link AutoencoderKL#expectedWeights}). Used to write random-weight models of a published
 * architecture; the tests check it against the weight files diffusers wrote for the fixtures.
 */
public final class WeightShapes {
    private WeightShapes() {}

    /** UNet2DConditionModel (Stable Diffusion 1.x/2.x, inpainting with 9 input channels). */
    public static Map<String, Shape> unet2d(UNet2DConditionConfig c) {
        Map<String, Shape> w = new LinkedHashMap<>();
        int[] ch = c.blockOutChannels();
        int n = ch.length, temb = 4 * ch[0];
        boolean linear = c.useLinearProjection();
        conv(w, "conv_in", c.inChannels(), ch[0], c.convInKernel());
        timeEmbedding(w, ch[0], temb, c.timeCondProjDim());
        int out = ch[0];
        for (int i = 0; i < n; i++) {
            int in = out;
            out = ch[i];
            String b = "down_blocks." + i;
            boolean attention = c.downBlockTypes().get(i).startsWith("CrossAttn");
            for (int j = 0; j < c.layersPerBlock()[i]; j++) {
                resnet(w, b + ".resnets." + j, j == 0 ? in : out, out, temb);
                if (attention) {
                    transformer2d(w, b + ".attentions." + j, out, c.transformerLayersPerBlock()[i], c.crossAttentionDim()[i],
                            c.onlyCrossAttention()[i], linear);
                }
            }
            if (i < n - 1) conv(w, b + ".downsamplers.0.conv", out, out, 3);
        }
        if (c.midBlockType() != null) {
            int top = ch[n - 1];
            resnet(w, "mid_block.resnets.0", top, top, temb);
            for (int i = 0; i < c.midBlockLayers(); i++) {
                transformer2d(w, "mid_block.attentions." + i, top, c.transformerLayersPerMidBlock(), c.crossAttentionDim()[n - 1], false, linear);
                resnet(w, "mid_block.resnets." + (i + 1), top, top, temb);
            }
        }
        int prev = ch[n - 1];
        for (int i = 0; i < n; i++) {
            int r = n - 1 - i;
            int output = ch[r], input = ch[Math.max(r - 1, 0)];
            int layers = c.layersPerBlock()[r] + 1;
            String b = "up_blocks." + i;
            boolean attention = c.upBlockTypes().get(i).startsWith("CrossAttn");
            for (int j = 0; j < layers; j++) {
                int skip = j == layers - 1 ? input : output;
                resnet(w, b + ".resnets." + j, (j == 0 ? prev : output) + skip, output, temb);
                if (attention) {
                    transformer2d(w, b + ".attentions." + j, output, c.transformerLayersPerBlock()[r], c.crossAttentionDim()[r],
                            c.onlyCrossAttention()[r], linear);
                }
            }
            if (i < n - 1) conv(w, b + ".upsamplers.0.conv", output, output, 3);
            prev = output;
        }
        norm(w, "conv_norm_out", ch[0]);
        conv(w, "conv_out", ch[0], c.outChannels(), c.convOutKernel());
        return w;
    }

    /** MotionAdapter (AnimateDiff motion modules), named as in the adapter file and in UNetMotionModel. */
    public static Map<String, Shape> motionAdapter(MotionAdapterConfig c) {
        Map<String, Shape> w = new LinkedHashMap<>();
        int[] ch = c.blockOutChannels();
        int n = ch.length, seq = c.motionMaxSeqLength();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c.motionLayersPerBlock()[i]; j++) {
                motionModule(w, "down_blocks." + i + ".motion_modules." + j, ch[i], c.motionTransformerLayersPerBlock()[i], seq);
            }
        }
        if (c.useMotionMidBlock()) {
            for (int j = 0; j < c.motionMidBlockLayersPerBlock(); j++) {
                motionModule(w, "mid_block.motion_modules." + j, ch[n - 1], c.motionTransformerLayersPerMidBlock(), seq);
            }
        }
        for (int i = 0; i < n; i++) {
            int r = n - 1 - i;
            for (int j = 0; j < c.motionLayersPerBlock()[r] + 1; j++) {
                motionModule(w, "up_blocks." + i + ".motion_modules." + j, ch[r], c.motionTransformerLayersPerBlock()[r], seq);
            }
        }
        return w;
    }

    /** UNetMotionModel as saved whole: the image UNet's weights and the adapter's. */
    public static Map<String, Shape> unetMotion(UNet2DConditionConfig unet, MotionAdapterConfig motion) {
        Map<String, Shape> w = unet2d(unet);
        w.putAll(motionAdapter(motion));
        return w;
    }

    /** UNet3DConditionModel (ModelScope text-to-video, Zeroscope). */
    public static Map<String, Shape> unet3d(UNet3DConditionConfig c) {
        Map<String, Shape> w = new LinkedHashMap<>();
        int[] ch = c.blockOutChannels();
        int n = ch.length, temb = 4 * ch[0], cross = c.crossAttentionDim();
        conv(w, "conv_in", c.inChannels(), ch[0], 3);
        timeEmbedding(w, ch[0], temb, c.timeCondProjDim());
        // transformer_in: 8 heads of attention_head_dim channels each, projected from and back to the first block's width
        int innerIn = 8 * c.attentionHeadDim()[0];
        w.putAll(prefixed("transformer_in", temporalTransformer(ch[0], innerIn, 1, 0)));
        int out = ch[0];
        for (int i = 0; i < n; i++) {
            int in = out;
            out = ch[i];
            String b = "down_blocks." + i;
            boolean attention = c.downBlockTypes().get(i).startsWith("CrossAttn");
            for (int j = 0; j < c.layersPerBlock(); j++) {
                resnet(w, b + ".resnets." + j, j == 0 ? in : out, out, temb);
                temporalConv(w, b + ".temp_convs." + j, out);
                if (attention) {
                    transformer2d(w, b + ".attentions." + j, out, 1, cross, false, true);
                    w.putAll(prefixed(b + ".temp_attentions." + j, temporalTransformer(out, out, 1, 0)));
                }
            }
            if (i < n - 1) conv(w, b + ".downsamplers.0.conv", out, out, 3);
        }
        int top = ch[n - 1];
        resnet(w, "mid_block.resnets.0", top, top, temb);
        temporalConv(w, "mid_block.temp_convs.0", top);
        transformer2d(w, "mid_block.attentions.0", top, 1, cross, false, true);
        w.putAll(prefixed("mid_block.temp_attentions.0", temporalTransformer(top, top, 1, 0)));
        resnet(w, "mid_block.resnets.1", top, top, temb);
        temporalConv(w, "mid_block.temp_convs.1", top);
        int prev = top;
        for (int i = 0; i < n; i++) {
            int r = n - 1 - i;
            int output = ch[r], input = ch[Math.max(r - 1, 0)], layers = c.layersPerBlock() + 1;
            String b = "up_blocks." + i;
            boolean attention = c.upBlockTypes().get(i).startsWith("CrossAttn");
            for (int j = 0; j < layers; j++) {
                int skip = j == layers - 1 ? input : output;
                resnet(w, b + ".resnets." + j, (j == 0 ? prev : output) + skip, output, temb);
                temporalConv(w, b + ".temp_convs." + j, output);
                if (attention) {
                    transformer2d(w, b + ".attentions." + j, output, 1, cross, false, true);
                    w.putAll(prefixed(b + ".temp_attentions." + j, temporalTransformer(output, output, 1, 0)));
                }
            }
            if (i < n - 1) conv(w, b + ".upsamplers.0.conv", output, output, 3);
            prev = output;
        }
        norm(w, "conv_norm_out", ch[0]);
        conv(w, "conv_out", ch[0], c.outChannels(), 3);
        return w;
    }

    /** transformers' CLIPTextModel, with the {@code text_model.} prefix its save_pretrained writes. */
    public static Map<String, Shape> clipText(ClipTextConfig c) {
        Map<String, Shape> w = new LinkedHashMap<>();
        int d = c.hiddenSize(), f = c.intermediateSize();
        String t = "text_model.";
        w.put(t + "embeddings.token_embedding.weight", new Shape(c.vocabSize(), d));
        w.put(t + "embeddings.position_embedding.weight", new Shape(c.maxPositionEmbeddings(), d));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String l = t + "encoder.layers." + i + ".";
            for (String proj : List.of("k_proj", "v_proj", "q_proj", "out_proj")) linear(w, l + "self_attn." + proj, d, d, true);
            norm(w, l + "layer_norm1", d);
            linear(w, l + "mlp.fc1", d, f, true);
            linear(w, l + "mlp.fc2", f, d, true);
            norm(w, l + "layer_norm2", d);
        }
        norm(w, t + "final_layer_norm", d);
        return w;
    }

    /** AutoencoderKL (Stable Diffusion's VAE and its relatives). */
    public static Map<String, Shape> autoencoder(AutoencoderKLConfig c) { return AutoencoderKL.expectedWeights(c); }

    private static void timeEmbedding(Map<String, Shape> w, int projection, int temb, Integer condDim) {
        if (condDim != null) w.put("time_embedding.cond_proj.weight", new Shape(projection, condDim));
        linear(w, "time_embedding.linear_1", projection, temb, true);
        linear(w, "time_embedding.linear_2", temb, temb, true);
    }

    private static void resnet(Map<String, Shape> w, String name, int in, int out, int temb) {
        norm(w, name + ".norm1", in);
        conv(w, name + ".conv1", in, out, 3);
        linear(w, name + ".time_emb_proj", temb, out, true);
        norm(w, name + ".norm2", out);
        conv(w, name + ".conv2", out, out, 3);
        if (in != out) conv(w, name + ".conv_shortcut", in, out, 1);
    }

    /** Transformer2DModel over {@code c} channels (inner width c), projections 1x1 convolutions or linear. */
    private static void transformer2d(Map<String, Shape> w, String name, int c, int layers, int cross, boolean onlyCross, boolean linearProjection) {
        norm(w, name + ".norm", c);
        projection(w, name + ".proj_in", c, c, linearProjection);
        for (int k = 0; k < layers; k++) {
            String b = name + ".transformer_blocks." + k;
            norm(w, b + ".norm1", c);
            attention(w, b + ".attn1", c, onlyCross ? cross : c);
            norm(w, b + ".norm2", c);
            attention(w, b + ".attn2", c, cross);
            norm(w, b + ".norm3", c);
            geglu(w, b + ".ff", c);
        }
        projection(w, name + ".proj_out", c, c, linearProjection);
    }

    /** An AnimateDiff motion module: a temporal transformer over {@code c} channels with sinusoidal positions. */
    private static void motionModule(Map<String, Shape> w, String name, int c, int layers, int maxSeq) {
        w.putAll(prefixed(name, temporalTransformer(c, c, layers, maxSeq)));
    }

    /**
     * TransformerTemporalModel / AnimateDiffTransformer3D: norm, proj_in to {@code inner}, blocks whose attn2 is a
     * second self-attention, proj_out back to {@code c}; {@code positions} > 0 adds each block's position table.
     */
    private static Map<String, Shape> temporalTransformer(int c, int inner, int layers, int positions) {
        Map<String, Shape> w = new LinkedHashMap<>();
        norm(w, "norm", c);
        linear(w, "proj_in", c, inner, true);
        for (int k = 0; k < layers; k++) {
            String b = "transformer_blocks." + k;
            norm(w, b + ".norm1", inner);
            attention(w, b + ".attn1", inner, inner);
            norm(w, b + ".norm2", inner);
            attention(w, b + ".attn2", inner, inner);
            norm(w, b + ".norm3", inner);
            geglu(w, b + ".ff", inner);
            if (positions > 0) w.put(b + ".pos_embed.pe", new Shape(1, positions, inner));
        }
        linear(w, "proj_out", inner, c, true);
        return w;
    }

    /** ModelScope's TemporalConvLayer: four (GroupNorm, SiLU, [Dropout,] Conv3d (3, 1, 1)) stages. */
    private static void temporalConv(Map<String, Shape> w, String name, int c) {
        String[][] stages = {{"conv1.0", "conv1.2"}, {"conv2.0", "conv2.3"}, {"conv3.0", "conv3.3"}, {"conv4.0", "conv4.3"}};
        for (String[] s : stages) {
            norm(w, name + "." + s[0], c);
            w.put(name + "." + s[1] + ".weight", new Shape(c, c, 3, 1, 1));
            w.put(name + "." + s[1] + ".bias", new Shape(c));
        }
    }

    /** diffusers' Attention without q/k/v biases: to_q (c, c), to_k and to_v (c, context), to_out.0 with bias. */
    private static void attention(Map<String, Shape> w, String name, int c, int context) {
        w.put(name + ".to_q.weight", new Shape(c, c));
        w.put(name + ".to_k.weight", new Shape(c, context));
        w.put(name + ".to_v.weight", new Shape(c, context));
        linear(w, name + ".to_out.0", c, c, true);
    }

    /** FeedForward with GEGLU (the diffusers default): net.0.proj to 2 · 4c, net.2 back from 4c. */
    private static void geglu(Map<String, Shape> w, String name, int c) {
        linear(w, name + ".net.0.proj", c, 8 * c, true);
        linear(w, name + ".net.2", 4 * c, c, true);
    }

    private static void projection(Map<String, Shape> w, String name, int in, int out, boolean linear) {
        if (linear) linear(w, name, in, out, true);
        else conv(w, name, in, out, 1);
    }

    private static void linear(Map<String, Shape> w, String name, int in, int out, boolean bias) {
        w.put(name + ".weight", new Shape(out, in));
        if (bias) w.put(name + ".bias", new Shape(out));
    }

    private static void conv(Map<String, Shape> w, String name, int in, int out, int k) {
        w.put(name + ".weight", new Shape(out, in, k, k));
        w.put(name + ".bias", new Shape(out));
    }

    private static void norm(Map<String, Shape> w, String name, int c) {
        w.put(name + ".weight", new Shape(c));
        w.put(name + ".bias", new Shape(c));
    }

    private static Map<String, Shape> prefixed(String prefix, Map<String, Shape> w) {
        Map<String, Shape> out = new LinkedHashMap<>();
        w.forEach((k, v) -> out.put(prefix + "." + k, v));
        return out;
    }
}
