package cinegen.engine.diffusers.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.ConfigJson;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.io.CheckpointLoader;
import cinegen.engine.diffusers.io.KeyMaps;
import cinegen.engine.diffusers.io.ModelFileException;
import cinegen.engine.diffusers.io.TensorSource;
import cinegen.engine.diffusers.io.TensorSources;
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
 * to [-1, 1]. Weights {@code decoder.layers.N...} in diffusers' numbering (files in taesd.py's own numbering are
 * renamed as they load, see {@link #loadFile}). It takes the latents as the sampler holds them (AutoencoderTiny's
 * scaling_factor is 1).
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
    private final NDManager arrays;

    /** @param params weights under {@code decoder.layers.N}; checked against {@code config} */
    public TinyAutoencoderDecoder(Config config, Params params) throws ModelPackException { this(config, params, null); }

    private TinyAutoencoderDecoder(Config config, Params params, NDManager arrays) throws ModelPackException {
        this.config = config;
        this.decoder = params.at("decoder").at("layers");
        this.arrays = arrays;
        checkWeights();
    }

    /** Frees the weights now, when {@link #load} read them (otherwise they go with their manager). */
    public void close() {
        if (arrays != null) arrays.close();
    }

    /**
     * Loads TAESD's decoder from a diffusers AutoencoderTiny folder (config.json and diffusion_pytorch_model.safetensors),
     * or from one weights file ({@link #loadFile}). Only the decoder is read; its arrays live on a sub-manager of
     * {@code manager} (closed with it, or by {@link #close}).
     */
    public static TinyAutoencoderDecoder load(Path path, NDManager manager) throws ModelPackException {
        if (!Files.exists(path)) throw new ModelPackException(path + " does not exist");
        if (!Files.isDirectory(path)) return loadFile(path, manager);
        Config config = readConfig(path.resolve(AutoencoderKL.CONFIG));
        Path weights = path.resolve(AutoencoderKL.WEIGHTS);
        if (!Files.isRegularFile(weights) && Files.isRegularFile(path.resolve(AutoencoderKL.WEIGHTS_FP16))) {
            weights = path.resolve(AutoencoderKL.WEIGHTS_FP16);
        }
        NDManager own = manager.newSubManager();
        try {
            return new TinyAutoencoderDecoder(config, Params.load(weights, own), own);
        } catch (ModelFileException e) {
            own.close();
            throw e;
        } catch (ModelPackException e) {
            own.close();
            throw new ModelPackException(weights.getFileName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * TAESD's decoder from one file (safetensors or a PyTorch {@code .pth}), its layout told by its names: the raw
     * {@code nn.Sequential} of madebyollin's taesd.py that ComfyUI keeps in {@code models/vae_approx/}
     * ({@code taesd_decoder.safetensors} / {@code .pth}: {@code 1.weight}, {@code 3.conv.0.weight}, ...; also under
     * {@code taesd_decoder.}), renamed by {@link KeyMaps#taesdDecoder}; or diffusers' {@code decoder.layers.N...}. A
     * file has no config: channels and blocks per stage are read from the weights' shapes, the upsampling factor is
     * TAESD's 2.
     */
    public static TinyAutoencoderDecoder loadFile(Path file, NDManager manager) throws ModelPackException {
        NDManager own = manager.newSubManager();
        try (TensorSource src = TensorSources.open(file)) {
            Params weights = Params.on(own);
            if (anyStarts(src, DIFFUSERS_LAYERS)) {
                for (String k : src.names()) if (k.startsWith(DIFFUSERS_LAYERS)) weights.put(k, src.load(k, own));
            } else if (anyStarts(src, KeyMaps.TAESD_DECODER_PREFIX)) {
                weights = CheckpointLoader.loadOriginal(src, KeyMaps.taesdDecoder(KeyMaps.TAESD_DECODER_PREFIX), own);
            } else if (src.has("1.weight")) {
                weights = CheckpointLoader.loadOriginal(src, KeyMaps.taesdDecoder(""), own);
            } else if (src.has("0.weight") || anyStarts(src, "encoder.layers.")) {
                throw new ModelFileException(file, "is the encoder half of TAESD; previews need its decoder (taesd_decoder.pth"
                        + " or taesd_decoder.safetensors)");
            } else {
                throw new ModelFileException(file, "is not a TAESD decoder (it has neither TAESD's '1.weight' nor diffusers'"
                        + " 'decoder.layers.0.weight')");
            }
            Config config = inferConfig(weights.at("decoder").at("layers"));
            TinyAutoencoderDecoder decoder = new TinyAutoencoderDecoder(config, weights, own);
            decoder.refuseUnknownWeights();
            return decoder;
        } catch (ModelFileException e) {
            own.close();
            throw e;
        } catch (ModelPackException | RuntimeException e) {
            own.close();
            throw new ModelFileException(file, e.getMessage());
        }
    }

    private static final String DIFFUSERS_LAYERS = "decoder.layers.";

    private static boolean anyStarts(TensorSource src, String prefix) {
        for (String n : src.names()) if (n.startsWith(prefix)) return true;
        return false;
    }

    /**
     * The decoder's configuration from its weights ({@code layers}: the view under {@code decoder.layers}): the first
     * convolution gives the latent and first stage's channels; then each stage is a run of blocks followed either by
     * an upsampling (no weights) and a convolution, or, for the last stage, by the output convolution.
     */
    static Config inferConfig(Params layers) throws ModelPackException {
        NDArray first = layers.getOrNull("0.weight");
        if (first == null || first.getShape().dimension() != 4) {
            throw new ModelPackException("weight '" + layers.key("0.weight") + "' (the first convolution) is missing");
        }
        int latent = (int) first.getShape().get(1);
        List<Integer> channels = new java.util.ArrayList<>(), blocks = new java.util.ArrayList<>();
        int layer = 2, out = -1;
        while (out < 0) {
            int n = 0, width = -1;
            while (layers.has(layer + ".conv.0.weight")) {
                width = (int) layers.get(layer + ".conv.0.weight").getShape().get(0);
                n++;
                layer++;
            }
            if (n == 0) throw new ModelPackException("weight '" + layers.key(layer + ".conv.0.weight") + "' (a block of stage "
                    + (blocks.size() + 1) + ") is missing");
            channels.add(width);
            blocks.add(n);
            NDArray conv = layers.getOrNull(layer + ".weight");
            if (conv != null) {
                out = (int) conv.getShape().get(0); // no upsampling before it: the output convolution
            } else {
                layer++; // the upsampling
                if (!layers.has(layer + ".weight")) {
                    throw new ModelPackException("weight '" + layers.key(layer + ".weight") + "' (the convolution after stage "
                            + blocks.size() + ") is missing");
                }
                layer++;
            }
            if (blocks.size() > 16) throw new ModelPackException("more than 16 stages: not a TAESD decoder");
        }
        return new Config(latent, out, channels, blocks, 2);
    }

    /** Refuses weights the configuration has no place for (another architecture with TAESD's names). */
    private void refuseUnknownWeights() throws ModelPackException {
        java.util.Set<String> expected = expectedWeights().keySet();
        String prefix = decoder.key("");
        for (String k : decoder.keys()) {
            if (!k.startsWith(prefix)) continue;
            String rest = k.substring(prefix.length());
            if (!expected.contains(rest) && !(rest.matches("\\d+\\.skip\\.weight"))) {
                throw new ModelPackException("weight '" + k + "' has no place in a TAESD decoder of " + config.numBlocks().size()
                        + " stages (blocks " + config.numBlocks() + ")");
            }
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
