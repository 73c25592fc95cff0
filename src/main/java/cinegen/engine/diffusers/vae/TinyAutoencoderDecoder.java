package cinegen.engine.diffusers.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.ConfigJson;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.blocks.Upsample2D;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoder of TAESD (madebyollin's tiny autoencoder) as diffusers' AutoencoderTiny {@code decoder} computes it,
 * for fast previews: clamp (tanh(z / 3) * 3), conv + ReLU, then per stage its tiny blocks (three 3x3 convolutions
 * with ReLUs, plus the input, ReLU), an upsampling and a convolution (bias-free except the last), finally [0, 1]
 * to [-1, 1]. Weights {@code decoder.layers.N...} in diffusers' numbering. It takes the latents as the sampler
 * holds them (AutoencoderTiny's scaling_factor is 1).
 */
public final class TinyAutoencoderDecoder {

    /** The decoder's part of an AutoencoderTiny config.json (diffusers' defaults: 4 latents, 4 x 64 channels, blocks 3, 3, 3, 1). */
    public record Config(int latentChannels, int outChannels, List<Integer> blockOutChannels, List<Integer> numBlocks,
                         int upsamplingScalingFactor) {
        public Config {
            blockOutChannels = List.copyOf(blockOutChannels);
            numBlocks = List.copyOf(numBlocks);
        }

        public static Config defaults() { return new Config(4, 3, List.of(64, 64, 64, 64), List.of(3, 3, 3, 1), 2); }

        /** Output pixels per latent pixel. */
        public int upscale() {
            int s = 1;
            for (int i = 0; i < numBlocks.size() - 1; i++) s *= upsamplingScalingFactor;
            return s;
        }
    }

    private final Config config;
    private final Params decoder;

    /** @param params weights under {@code decoder.layers.N}; checked against {@code config} */
    public TinyAutoencoderDecoder(Config config, Params params) throws ModelPackException {
        this.config = config;
        this.decoder = params.at("decoder").at("layers");
        checkWeights();
    }

    /** Loads a diffusers AutoencoderTiny folder (config.json and diffusion_pytorch_model.safetensors); only the decoder is read. */
    public static TinyAutoencoderDecoder load(Path folder, NDManager manager) throws ModelPackException {
        Config config = readConfig(folder.resolve(AutoencoderKL.CONFIG));
        Path weights = folder.resolve(AutoencoderKL.WEIGHTS);
        if (!Files.isRegularFile(weights) && Files.isRegularFile(folder.resolve(AutoencoderKL.WEIGHTS_FP16))) {
            weights = folder.resolve(AutoencoderKL.WEIGHTS_FP16);
        }
        Params all = Params.load(weights, manager);
        try {
            return new TinyAutoencoderDecoder(config, all);
        } catch (ModelPackException e) {
            throw new ModelPackException(weights.getFileName() + ": " + e.getMessage());
        }
    }

    /** The decoder's keys of an AutoencoderTiny config.json, with diffusers' defaults; other activations refused. */
    public static Config readConfig(Path configJson) throws ModelPackException {
        ConfigJson json = ConfigJson.read(configJson);
        String source = json.source();
        String cls = json.string("_class_name", "AutoencoderTiny");
        if (!cls.equals("AutoencoderTiny")) throw new ModelPackException(source + ": describes a " + cls + ", not an AutoencoderTiny");
        String act = json.string("act_fn", "relu");
        if (!act.equals("relu")) throw new ModelPackException(source + ": act_fn is " + act + "; only relu is supported");
        String up = json.string("upsample_fn", "nearest");
        if (!up.equals("nearest")) throw new ModelPackException(source + ": upsample_fn is " + up + "; only nearest is supported");
        Config d = Config.defaults();
        Config c = new Config(json.integer("latent_channels", d.latentChannels()), json.integer("out_channels", d.outChannels()),
                json.integerList("decoder_block_out_channels", d.blockOutChannels()),
                json.integerList("num_decoder_blocks", d.numBlocks()),
                json.integer("upsampling_scaling_factor", d.upsamplingScalingFactor()));
        if (c.blockOutChannels().size() != c.numBlocks().size() || c.numBlocks().isEmpty()) {
            throw new ModelPackException(source + ": decoder_block_out_channels and num_decoder_blocks need the same, non-zero length");
        }
        if (c.upsamplingScalingFactor() < 1) throw new ModelPackException(source + ": upsampling_scaling_factor must be positive");
        return c;
    }

    public Config config() { return config; }

    /** Sampler latents (N, latent_channels, h, w) to images (N, out_channels, h * upscale, w * upscale) in about [-1, 1]. */
    public NDArray decode(NDArray latents) {
        Shape s = latents.getShape();
        if (s.dimension() != 4 || s.get(1) != config.latentChannels()) {
            throw new IllegalArgumentException("latents must be (N, " + config.latentChannels() + ", h, w), are " + s);
        }
        NDArray x = AutoencoderKL.stage(latents, false, z -> z.div(3f).tanh().mul(3f));
        x = AutoencoderKL.stage(x, true, h -> Activation.relu(Ops.conv2d(decoder, "0", h, 1, 1)));
        int layer = 2;
        int stages = config.numBlocks().size();
        for (int i = 0; i < stages; i++) {
            for (int b = 0; b < config.numBlocks().get(i); b++) {
                Params block = decoder.at(String.valueOf(layer++));
                x = AutoencoderKL.stage(x, true, h -> tinyBlock(block, h));
            }
            if (i < stages - 1) {
                x = AutoencoderKL.stage(x, true, h -> nearest(h, config.upsamplingScalingFactor()));
                layer++;
            }
            String conv = String.valueOf(layer++);
            x = AutoencoderKL.stage(x, true, h -> Ops.conv2d(decoder, conv, h, 1, 1));
        }
        return AutoencoderKL.stage(x, true, h -> h.mul(2f).sub(1f));
    }

    /** diffusers' AutoencoderTinyBlock: relu(conv(relu(conv(relu(conv(x))))) + skip(x)). */
    private static NDArray tinyBlock(Params p, NDArray x) {
        NDArray h = Activation.relu(Ops.conv2d(p, "conv.0", x, 1, 1));
        h = Activation.relu(Ops.conv2d(p, "conv.2", h, 1, 1));
        h = Ops.conv2d(p, "conv.4", h, 1, 1);
        NDArray skip = p.has("skip.weight") ? Ops.conv2d(p, "skip", x, 1, 0) : x;
        return Activation.relu(h.add(skip));
    }

    private static NDArray nearest(NDArray x, int factor) {
        if (factor == 1) return x;
        if (factor == 2) return Upsample2D.nearest2x(x);
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        return x.reshape(n, c, h, 1, w, 1).broadcast(new Shape(n, c, h, factor, w, factor)).reshape(n, c, h * factor, w * factor);
    }

    /** Every decoder weight the configuration needs, with its shape. */
    Map<String, Shape> expectedWeights() {
        Map<String, Shape> w = new LinkedHashMap<>();
        List<Integer> ch = config.blockOutChannels();
        convShape(w, "0", config.latentChannels(), ch.get(0), 3, true);
        int layer = 2, stages = ch.size(), in = ch.get(0);
        for (int i = 0; i < stages; i++) {
            int c = ch.get(i);
            for (int b = 0; b < config.numBlocks().get(i); b++) {
                String p = (layer++) + ".";
                convShape(w, p + "conv.0", in, c, 3, true);
                convShape(w, p + "conv.2", c, c, 3, true);
                convShape(w, p + "conv.4", c, c, 3, true);
                in = c;
            }
            if (i < stages - 1) layer++;
            boolean last = i == stages - 1;
            convShape(w, String.valueOf(layer++), c, last ? config.outChannels() : c, 3, last);
            in = last ? config.outChannels() : c;
        }
        return w;
    }

    private static void convShape(Map<String, Shape> w, String name, int in, int out, int k, boolean bias) {
        w.put(name + ".weight", new Shape(out, in, k, k));
        if (bias) w.put(name + ".bias", new Shape(out));
    }

    private void checkWeights() throws ModelPackException {
        for (Map.Entry<String, Shape> e : expectedWeights().entrySet()) {
            NDArray a = decoder.getOrNull(e.getKey());
            String key = decoder.key(e.getKey());
            if (a == null) throw new ModelPackException("weight '" + key + "' is missing");
            if (!a.getShape().equals(e.getValue())) {
                throw new ModelPackException("weight '" + key + "' has shape " + a.getShape() + ", the config implies " + e.getValue());
            }
        }
    }
}
