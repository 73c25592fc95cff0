package cinegen.engine.diffusers.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.blocks.Attention;
import cinegen.engine.diffusers.blocks.Downsample2D;
import cinegen.engine.diffusers.blocks.ResnetBlock2D;
import cinegen.engine.diffusers.blocks.Upsample2D;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * diffusers' AutoencoderKL (the Stable Diffusion VAE), computed as diffusers 0.31 computes it: Encoder -> quant_conv
 * -> diagonal Gaussian; post_quant_conv -> Decoder. Weights by their diffusers names; attention weights under the
 * deprecated names (query/key/value/proj_attn) are adopted as diffusers does on load.
 *
 * <p>Every block runs in its own sub-manager and only its output survives, so peak memory is about one block's
 * intermediates; the pipeline helpers ({@link #encodeScaled}, {@link #decodeScaled}) also take a long batch of frames
 * a few at a time.
 */
public final class AutoencoderKL {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "diffusion_pytorch_model.safetensors";
    public static final String WEIGHTS_FP16 = "diffusion_pytorch_model.fp16.safetensors";
    /** Every norm of the autoencoder uses this epsilon (resnets, mid-block attention, conv_norm_out). */
    static final float EPS = 1e-6f;
    private static final Pattern LEGACY_ATTENTION =
            Pattern.compile("((?:encoder|decoder)\\.mid_block\\.attentions\\.\\d+)\\.(query|key|value|proj_attn)\\.(weight|bias)");

    private final AutoencoderKLConfig config;
    private final Params params;

    /**
     * Decoding in overlapping tiles as diffusers' {@code tiled_decode}: tiles of {@code sampleTile} pixels
     * ({@code sampleTile / downscale} latents) start every {@code latentTile * (1 - overlap)} latents and are blended
     * linearly over {@code sampleTile * overlap} pixels. Used only when the latents are larger than one tile.
     */
    public record Tiling(int sampleTile, double overlap) {
        public Tiling {
            if (sampleTile < 1) throw new IllegalArgumentException("tile size must be positive, is " + sampleTile);
            if (!(overlap >= 0 && overlap < 1)) throw new IllegalArgumentException("tile overlap must be in [0, 1), is " + overlap);
        }

        /** diffusers' defaults: the config's sample_size, overlap 0.25. */
        public static Tiling defaults(AutoencoderKLConfig config) { return new Tiling(config.sampleSize(), 0.25); }

        public int latentTile(int downscale) { return sampleTile / downscale; }
    }

    /** Checks that {@code params} holds every weight {@code config} needs, with the right shape. */
    public AutoencoderKL(AutoencoderKLConfig config, Params params) throws ModelPackException {
        this(config, params, "weights");
    }

    private AutoencoderKL(AutoencoderKLConfig config, Params params, String source) throws ModelPackException {
        this.config = config;
        this.params = params;
        adoptLegacyAttentionNames(params);
        checkWeights(source);
    }

    /** Loads a diffusers {@code vae/} folder: config.json and diffusion_pytorch_model(.fp16).safetensors. */
    public static AutoencoderKL load(Path folder, NDManager manager) throws ModelPackException {
        AutoencoderKLConfig config = AutoencoderKLConfig.read(folder.resolve(CONFIG));
        Path weights = folder.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights) && Files.isRegularFile(folder.resolve(WEIGHTS_FP16))) weights = folder.resolve(WEIGHTS_FP16);
        String source = (folder.getFileName() == null ? "" : folder.getFileName() + "/") + weights.getFileName();
        return new AutoencoderKL(config, Params.load(weights, manager), source);
    }

    public AutoencoderKLConfig config() { return config; }

    public Params params() { return params; }

    // ---------------------------------------------------------------- encode

    /** Images (N, in_channels, H, W) in [-1, 1] to the latent distribution (N, latent_channels, H/8, W/8 for SD). */
    public LatentDistribution encode(NDArray images) {
        requireImage(images, config.inChannels(), "images");
        return LatentDistribution.fromMoments(moments(images, null));
    }

    /** quant_conv(encoder(images)); {@code trace} (may be null) receives "encoder_out". */
    NDArray moments(NDArray images, Map<String, NDArray> trace) {
        NDArray h = encoder(images);
        if (trace != null) trace.put("encoder_out", h.duplicate());
        if (config.useQuantConv()) h = stage(h, true, x -> Ops.conv2d(params, "quant_conv", x, 1, 0));
        return h;
    }

    private NDArray encoder(NDArray x) {
        Params e = params.at("encoder");
        int groups = config.normNumGroups();
        x = stage(x, false, h -> Ops.conv2d(e, "conv_in", h, 1, 1));
        int blocks = config.blockOutChannels().size();
        for (int i = 0; i < blocks; i++) {
            Params b = e.at("down_blocks", i);
            for (int r = 0; r < config.layersPerBlock(); r++) x = stage(x, true, resnet(b.at("resnets", r)));
            if (i < blocks - 1) {
                Downsample2D down = new Downsample2D(b.at("downsamplers", 0), 0);
                x = stage(x, true, down::forward);
            }
        }
        x = midBlock(e.at("mid_block"), x);
        return stage(x, true, h -> Ops.conv2d(e, "conv_out", Ops.silu(Ops.groupNorm(e, "conv_norm_out", h, groups, EPS)), 1, 1));
    }

    // ---------------------------------------------------------------- decode

    /** Latents (N, latent_channels, h, w), unscaled (what the encoder's distribution holds), to images (N, out, 8h, 8w for SD). */
    public NDArray decode(NDArray latents) { return decode(latents, null); }

    /** {@link #decode(NDArray)}, in tiles when {@code tiling} is given and the latents are larger than one tile. */
    public NDArray decode(NDArray latents, Tiling tiling) {
        requireImage(latents, config.latentChannels(), "latents");
        if (tiling != null) {
            int t = tiling.latentTile(config.downscale());
            if (latents.getShape().get(2) > t || latents.getShape().get(3) > t) return tiledDecode(latents, tiling);
        }
        return decodeTile(latents, false, null);
    }

    /** post_quant_conv then the decoder; {@code trace} (may be null) receives post_quant_conv, decoder.conv_in, decoder.mid_block. */
    NDArray decodeTile(NDArray z, boolean owned, Map<String, NDArray> trace) {
        if (config.usePostQuantConv()) {
            z = stage(z, owned, x -> Ops.conv2d(params, "post_quant_conv", x, 1, 0));
            owned = true;
        }
        if (trace != null) trace.put("post_quant_conv", z.duplicate());
        Params d = params.at("decoder");
        int groups = config.normNumGroups();
        NDArray x = stage(z, owned, h -> Ops.conv2d(d, "conv_in", h, 1, 1));
        if (trace != null) trace.put("decoder.conv_in", x.duplicate());
        x = midBlock(d.at("mid_block"), x);
        if (trace != null) trace.put("decoder.mid_block", x.duplicate());
        int blocks = config.blockOutChannels().size();
        for (int i = 0; i < blocks; i++) {
            Params b = d.at("up_blocks", i);
            for (int r = 0; r <= config.layersPerBlock(); r++) x = stage(x, true, resnet(b.at("resnets", r)));
            if (i < blocks - 1) {
                Upsample2D up = new Upsample2D(b.at("upsamplers", 0));
                x = stage(x, true, up::forward);
            }
        }
        return stage(x, true, h -> Ops.conv2d(d, "conv_out", Ops.silu(Ops.groupNorm(d, "conv_norm_out", h, groups, EPS)), 1, 1));
    }

    private NDArray midBlock(Params m, NDArray x) {
        x = stage(x, true, resnet(m.at("resnets", 0)));
        if (config.midBlockAddAttention()) {
            // diffusers: heads = channels / attention_head_dim with attention_head_dim = channels, so one head
            Attention attention = new Attention(m.at("attentions", 0), 1, config.normNumGroups(), EPS, true, 1f);
            x = stage(x, true, h -> attention.forward(h, null));
        }
        return stage(x, true, resnet(m.at("resnets", 1)));
    }

    private UnaryOperator<NDArray> resnet(Params p) {
        ResnetBlock2D block = new ResnetBlock2D(p, config.normNumGroups(), EPS, 1f);
        return x -> block.forward(x, null);
    }

    /** diffusers' tiled_decode: overlapping tiles decoded alone, each blended into its upper and left neighbours. */
    private NDArray tiledDecode(NDArray z, Tiling tiling) {
        int latentTile = tiling.latentTile(config.downscale());
        int sampleTile = tiling.sampleTile();
        int step = (int) (latentTile * (1 - tiling.overlap()));
        int blend = (int) (sampleTile * tiling.overlap());
        int rowLimit = sampleTile - blend;
        if (latentTile < 1 || step < 1) {
            throw new IllegalArgumentException("tile of " + sampleTile + " pixels with overlap " + tiling.overlap() + " is too small");
        }
        long height = z.getShape().get(2), width = z.getShape().get(3);
        NDManager home = z.getManager();
        List<List<NDArray>> rows = new ArrayList<>();
        for (long i = 0; i < height; i += step) {
            List<NDArray> row = new ArrayList<>();
            for (long j = 0; j < width; j += step) {
                NDArray tile = z.get(":, :, {}:{}, {}:{}", i, Math.min(height, i + latentTile), j, Math.min(width, j + latentTile));
                row.add(decodeTile(tile, true, null));
            }
            rows.add(row);
        }
        NDArray out;
        try (NDManager sub = home.newSubManager()) {
            // blending runs on the decoded tiles moved into sub, so its intermediates go when sub closes
            List<List<NDArray>> blended = new ArrayList<>();
            List<NDArray> resultRows = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                List<NDArray> row = new ArrayList<>();
                List<NDArray> cropped = new ArrayList<>();
                for (int j = 0; j < rows.get(i).size(); j++) {
                    NDArray tile = rows.get(i).get(j);
                    tile.tempAttach(sub);
                    // as diffusers, which blends in place: the neighbours used are already blended themselves
                    if (i > 0) tile = blendVertical(blended.get(i - 1).get(j), tile, blend);
                    if (j > 0) tile = blendHorizontal(row.get(j - 1), tile, blend);
                    row.add(tile);
                    cropped.add(tile.get(":, :, :{}, :{}", rowLimit, rowLimit));
                }
                blended.add(row);
                resultRows.add(NDArrays.concat(new NDList(cropped), 3));
            }
            out = NDArrays.concat(new NDList(resultRows), 2);
            out.attach(home);
        }
        rows.forEach(r -> r.forEach(NDArray::close));
        return out;
    }

    /** b's first rows become a's last rows faded into b's: a * (1 - y/e) + b * (y/e), y < e. */
    private static NDArray blendVertical(NDArray a, NDArray b, int extent) {
        int e = (int) Math.min(Math.min(a.getShape().get(2), b.getShape().get(2)), extent);
        if (e <= 0) return b;
        NDArray w = ramp(b.getManager(), e).reshape(1, 1, e, 1);
        long ha = a.getShape().get(2);
        NDArray top = a.get(":, :, {}:, :", ha - e).mul(w.neg().add(1f)).add(b.get(":, :, :{}, :", e).mul(w));
        return top.concat(b.get(":, :, {}:, :", e), 2);
    }

    private static NDArray blendHorizontal(NDArray a, NDArray b, int extent) {
        int e = (int) Math.min(Math.min(a.getShape().get(3), b.getShape().get(3)), extent);
        if (e <= 0) return b;
        NDArray w = ramp(b.getManager(), e).reshape(1, 1, 1, e);
        long wa = a.getShape().get(3);
        NDArray left = a.get(":, :, :, {}:", wa - e).mul(w.neg().add(1f)).add(b.get(":, :, :, :{}", e).mul(w));
        return left.concat(b.get(":, :, :, {}:", e), 3);
    }

    /** y / e for y = 0 .. e-1. */
    private static NDArray ramp(NDManager manager, int e) {
        float[] w = new float[e];
        for (int y = 0; y < e; y++) w[y] = (float) ((double) y / e);
        return manager.create(w);
    }

    // ---------------------------------------------------------------- pipeline helpers

    /**
     * Images (N, in_channels, H, W) in [-1, 1] to latents as the sampler holds them: (z - shift_factor) *
     * scaling_factor, z the distribution's mean ({@code noise} null) or mean + std * noise (noise (N, C, h, w)).
     * Encodes {@code chunk} frames at a time.
     */
    public NDArray encodeScaled(NDArray images, int chunk, NDArray noise) {
        requireImage(images, config.inChannels(), "images");
        if (noise != null && noise.getShape().get(0) != images.getShape().get(0)) {
            throw new IllegalArgumentException("noise has " + noise.getShape().get(0) + " frames, the images " + images.getShape().get(0));
        }
        return chunked(images, chunk, (part, from) -> {
            LatentDistribution d = encode(part);
            NDArray z = d.mean();
            if (noise != null) {
                NDArray n = noise.get("{}:{}", from, from + part.getShape().get(0));
                n.attach(part.getManager());
                z = d.sample(n);
            }
            return toScaled(z);
        });
    }

    /** Sampler latents (N, C, h, w) to images: decode(latents / scaling_factor + shift_factor), {@code chunk} frames at a time. */
    public NDArray decodeScaled(NDArray latents, int chunk, Tiling tiling) {
        requireImage(latents, config.latentChannels(), "latents");
        return chunked(latents, chunk, (part, from) -> decode(fromScaled(part), tiling));
    }

    /**
     * Video latents (B, C, F, h, w) as a video sampler holds them to (B, out_channels, F, H, W), frames folded into
     * the batch frame-major within each video and decoded {@code chunk} at a time (diffusers' AnimateDiff decode_latents).
     */
    public NDArray decodeVideoScaled(NDArray latents, int chunk, Tiling tiling) {
        requireVideo(latents, config.latentChannels(), "latents");
        return perFrame(latents, frames -> decodeScaled(frames, chunk, tiling));
    }

    /** Video (B, in_channels, F, H, W) in [-1, 1] to sampler latents (B, C, F, h, w); {@code noise} as in {@link #encodeScaled}, (B*F, C, h, w). */
    public NDArray encodeVideoScaled(NDArray video, int chunk, NDArray noise) {
        requireVideo(video, config.inChannels(), "video");
        return perFrame(video, frames -> encodeScaled(frames, chunk, noise));
    }

    /** Applies an image op to (B, C, F, H, W) as (B*F, C, H, W), frame-major within each video, and folds the result back. */
    private static NDArray perFrame(NDArray video, UnaryOperator<NDArray> imageOp) {
        Shape s = video.getShape();
        long b = s.get(0), f = s.get(2);
        NDArray frames = video.transpose(0, 2, 1, 3, 4).reshape(b * f, s.get(1), s.get(3), s.get(4));
        NDArray images = imageOp.apply(frames);
        frames.close();
        Shape is = images.getShape();
        NDArray out = images.reshape(b, f, is.get(1), is.get(2), is.get(3)).transpose(0, 2, 1, 3, 4);
        images.close();
        return out;
    }

    /** Unscaled latents z to the sampler's: (z - shift) * scaling_factor, or (z - mean) * scaling_factor / std. */
    public NDArray toScaled(NDArray z) {
        float sf = config.scalingFactor();
        if (config.latentsMean() != null) {
            return z.sub(channelVector(z, config.latentsMean())).mul(sf).div(channelVector(z, config.latentsStd()));
        }
        return config.shiftFactor() == 0f ? z.mul(sf) : z.sub(config.shiftFactor()).mul(sf);
    }

    /** The inverse of {@link #toScaled}: latents / scaling_factor + shift, or latents * std / scaling_factor + mean. */
    public NDArray fromScaled(NDArray latents) {
        float sf = config.scalingFactor();
        if (config.latentsMean() != null) {
            return latents.mul(channelVector(latents, config.latentsStd())).div(sf).add(channelVector(latents, config.latentsMean()));
        }
        return config.shiftFactor() == 0f ? latents.div(sf) : latents.div(sf).add(config.shiftFactor());
    }

    private static NDArray channelVector(NDArray like, float[] values) {
        return like.getManager().create(values).reshape(1, values.length, 1, 1);
    }

    // ---------------------------------------------------------------- memory scoping

    /**
     * Runs {@code f} on x in a sub-manager of x's manager, keeps only the result (in x's manager) and closes x when
     * {@code owned} (an intermediate of ours, not the caller's array).
     */
    static NDArray stage(NDArray x, boolean owned, UnaryOperator<NDArray> f) {
        NDManager home = x.getManager();
        NDArray y;
        try (NDManager sub = home.newSubManager()) {
            x.tempAttach(sub);
            y = f.apply(x);
            y.attach(home);
        }
        if (owned && y != x) x.close();
        return y;
    }

    /** f over slices of {@code chunk} along the batch, each in its own sub-manager; the results concatenated. */
    private static NDArray chunked(NDArray x, int chunk, BiFunction<NDArray, Long, NDArray> f) {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be at least 1 frame, is " + chunk);
        NDManager home = x.getManager();
        long n = x.getShape().get(0);
        List<NDArray> parts = new ArrayList<>();
        for (long i = 0; i < n; i += chunk) {
            try (NDManager sub = home.newSubManager()) {
                NDArray part = x.get("{}:{}", i, Math.min(n, i + chunk));
                part.attach(sub);
                NDArray y = f.apply(part, i);
                y.attach(home);
                parts.add(y);
            }
        }
        if (parts.size() == 1) return parts.get(0);
        NDArray out = NDArrays.concat(new NDList(parts), 0);
        parts.forEach(NDArray::close);
        return out;
    }

    // ---------------------------------------------------------------- checks

    private static void requireImage(NDArray x, int channels, String what) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != channels) {
            throw new IllegalArgumentException(what + " must be (N, " + channels + ", H, W), is " + s);
        }
    }

    private static Shape requireVideo(NDArray x, int channels, String what) {
        Shape s = x.getShape();
        if (s.dimension() != 5 || s.get(1) != channels) {
            throw new IllegalArgumentException(what + " must be (B, " + channels + ", F, H, W), is " + s);
        }
        return s;
    }

    /** Renames query/key/value/proj_attn to to_q/to_k/to_v/to_out.0 and flattens 1x1-convolution attention weights. */
    private static void adoptLegacyAttentionNames(Params params) {
        Map<String, String> renamed = Map.of("query", "to_q", "key", "to_k", "value", "to_v", "proj_attn", "to_out.0");
        for (String key : List.copyOf(params.keys())) {
            Matcher m = LEGACY_ATTENTION.matcher(key);
            if (!m.matches()) continue;
            String target = m.group(1) + "." + renamed.get(m.group(2)) + "." + m.group(3);
            if (params.has(target)) continue;
            NDArray w = params.get(key);
            Shape s = w.getShape();
            if (s.dimension() == 4 && s.get(2) == 1 && s.get(3) == 1) w = w.reshape(s.get(0), s.get(1));
            params.put(target, w);
        }
    }

    private void checkWeights(String source) throws ModelPackException {
        for (Map.Entry<String, Shape> e : expectedWeights(config).entrySet()) {
            NDArray w = params.getOrNull(e.getKey());
            if (w == null) throw new ModelPackException(source + ": weight '" + e.getKey() + "' is missing");
            if (!w.getShape().equals(e.getValue())) {
                throw new ModelPackException(source + ": weight '" + e.getKey() + "' has shape " + w.getShape()
                        + ", config.json implies " + e.getValue());
            }
        }
    }

    /** Every weight a model of this configuration has, by diffusers name, with its shape. */
    public static Map<String, Shape> expectedWeights(AutoencoderKLConfig config) {
        Map<String, Shape> w = new LinkedHashMap<>();
        List<Integer> ch = config.blockOutChannels();
        int blocks = ch.size(), latent = config.latentChannels();
        conv(w, "encoder.conv_in", config.inChannels(), ch.get(0), 3);
        int out = ch.get(0);
        for (int i = 0; i < blocks; i++) {
            int in = out;
            out = ch.get(i);
            String b = "encoder.down_blocks." + i;
            for (int r = 0; r < config.layersPerBlock(); r++) resnet(w, b + ".resnets." + r, r == 0 ? in : out, out);
            if (i < blocks - 1) conv(w, b + ".downsamplers.0.conv", out, out, 3);
        }
        int top = ch.get(blocks - 1);
        midBlock(w, "encoder.mid_block", top, config.midBlockAddAttention());
        norm(w, "encoder.conv_norm_out", top);
        conv(w, "encoder.conv_out", top, 2 * latent, 3);
        if (config.useQuantConv()) conv(w, "quant_conv", 2 * latent, 2 * latent, 1);
        if (config.usePostQuantConv()) conv(w, "post_quant_conv", latent, latent, 1);
        conv(w, "decoder.conv_in", latent, top, 3);
        midBlock(w, "decoder.mid_block", top, config.midBlockAddAttention());
        out = top;
        for (int i = 0; i < blocks; i++) {
            int in = out;
            out = ch.get(blocks - 1 - i);
            String b = "decoder.up_blocks." + i;
            for (int r = 0; r <= config.layersPerBlock(); r++) resnet(w, b + ".resnets." + r, r == 0 ? in : out, out);
            if (i < blocks - 1) conv(w, b + ".upsamplers.0.conv", out, out, 3);
        }
        norm(w, "decoder.conv_norm_out", ch.get(0));
        conv(w, "decoder.conv_out", ch.get(0), config.outChannels(), 3);
        return w;
    }

    private static void midBlock(Map<String, Shape> w, String name, int c, boolean attention) {
        resnet(w, name + ".resnets.0", c, c);
        if (attention) {
            String a = name + ".attentions.0";
            norm(w, a + ".group_norm", c);
            for (String proj : List.of("to_q", "to_k", "to_v", "to_out.0")) {
                w.put(a + "." + proj + ".weight", new Shape(c, c));
                w.put(a + "." + proj + ".bias", new Shape(c));
            }
        }
        resnet(w, name + ".resnets.1", c, c);
    }

    private static void resnet(Map<String, Shape> w, String name, int in, int out) {
        norm(w, name + ".norm1", in);
        conv(w, name + ".conv1", in, out, 3);
        norm(w, name + ".norm2", out);
        conv(w, name + ".conv2", out, out, 3);
        if (in != out) conv(w, name + ".conv_shortcut", in, out, 1);
    }

    private static void conv(Map<String, Shape> w, String name, int in, int out, int k) {
        w.put(name + ".weight", new Shape(out, in, k, k));
        w.put(name + ".bias", new Shape(out));
    }

    private static void norm(Map<String, Shape> w, String name, int c) {
        w.put(name + ".weight", new Shape(c));
        w.put(name + ".bias", new Shape(c));
    }
}
