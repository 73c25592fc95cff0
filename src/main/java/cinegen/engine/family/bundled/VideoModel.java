package cinegen.engine.family.bundled;

import cinegen.engine.pack.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.family.bundled.net.SpaceTimeUNet;
import cinegen.engine.family.bundled.net.TextEncoder;
import cinegen.engine.family.bundled.net.VideoDecoder;
import cinegen.engine.family.bundled.net.VideoEncoder;

/**
 * A model pack's networks loaded on one device: autoencoder, text encoder and denoiser, plus the latent
 * normalisation. Owns its arrays; close it to free them. One worker thread uses a model at a time.
 */
public final class VideoModel implements AutoCloseable {
    private final ModelPack pack;
    private final NDManager manager;
    private final VideoEncoder encoder;
    private final VideoDecoder decoder;
    private final TextEncoder textEncoder;
    private final SpaceTimeUNet denoiser;
    private final String hash;
    private final StyleWeights styles;

    private VideoModel(ModelPack pack, NDManager manager, VideoEncoder encoder, VideoDecoder decoder,
                       TextEncoder textEncoder, SpaceTimeUNet denoiser, String hash) {
        this.pack = pack;
        this.manager = manager;
        this.encoder = encoder;
        this.decoder = decoder;
        this.textEncoder = textEncoder;
        this.denoiser = denoiser;
        this.hash = hash;
        this.styles = new StyleWeights(this);
    }

    /** Loads every weight file of the pack on {@code device}; errors name the file and the tensor. */
    public static VideoModel load(ModelPack pack, Device device) throws ModelPackException {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Architecture a = pack.architecture();
            VideoEncoder enc = new VideoEncoder(a.autoencoder());
            VideoDecoder dec = new VideoDecoder(a.autoencoder());
            TextEncoder text = new TextEncoder(pack.tokenizer().size(), a.textDim(), a.maxTokens(), a.textLayers(), a.textHeads());
            SpaceTimeUNet unet = new SpaceTimeUNet(a.denoiser());
            var files = pack.manifest().files();
            var ae = SafeTensors.read(pack.file(files.autoencoder()));
            BlockWeights.assign(enc, prefixed(ae, "encoder."), files.autoencoder(), manager);
            BlockWeights.assign(dec, prefixed(ae, "decoder."), files.autoencoder(), manager);
            BlockWeights.load(text, pack.file(files.textEncoder()), manager);
            BlockWeights.load(unet, pack.file(files.denoiser()), manager);
            String hash;
            try {
                hash = pack.contentHash();
            } catch (java.io.IOException e) {
                throw new ModelPackException("model pack cannot be read: " + e.getMessage());
            }
            return new VideoModel(pack, manager, enc, dec, text, unet, hash);
        } catch (ModelPackException | RuntimeException e) {
            manager.close();
            if (e instanceof ModelPackException mpe) throw mpe;
            throw new ModelPackException("model pack " + pack.name() + " cannot be loaded: " + e.getMessage());
        }
    }

    /** The tensors whose names start with {@code prefix}, with the prefix removed. */
    static java.util.Map<String, SafeTensors.Tensor> prefixed(java.util.Map<String, SafeTensors.Tensor> all, String prefix) {
        java.util.Map<String, SafeTensors.Tensor> out = new java.util.LinkedHashMap<>();
        all.forEach((k, v) -> { if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v); });
        return out;
    }

    public ModelPack pack() { return pack; }
    public Architecture architecture() { return pack.architecture(); }
    public NDManager manager() { return manager; }
    public Device device() { return manager.getDevice(); }
    public VideoEncoder encoder() { return encoder; }
    public VideoDecoder decoder() { return decoder; }
    public TextEncoder textEncoder() { return textEncoder; }
    public SpaceTimeUNet denoiser() { return denoiser; }
    public String hash() { return hash; }
    public StyleWeights styles() { return styles; }

    /** Frames (N, 3, H, W) in [-1, 1] to normalised latents (N, L, h, w). */
    public NDArray encode(NDArray frames) {
        NDArray z = encoder.apply(frames);
        Shape c = new Shape(1, architecture().latentChannels(), 1, 1);
        NDManager m = frames.getManager();
        return z.sub(m.create(pack.manifest().latentMean(), c)).div(m.create(pack.manifest().latentStd(), c));
    }

    /** Normalised latents (N, L, h, w) to frames in about [-1, 1]. */
    public NDArray decode(NDArray latents) {
        Shape c = new Shape(1, architecture().latentChannels(), 1, 1);
        NDManager m = latents.getManager();
        return decoder.apply(latents.mul(m.create(pack.manifest().latentStd(), c)).add(m.create(pack.manifest().latentMean(), c)));
    }

    /** Token embeddings (B, L, D) for prompts. */
    public NDArray encodeText(NDManager m, String... prompts) {
        int n = pack.tokenizer().maxTokens();
        int[] ids = new int[prompts.length * n];
        for (int i = 0; i < prompts.length; i++) System.arraycopy(pack.tokenizer().encode(prompts[i]), 0, ids, i * n, n);
        return textEncoder.apply(m.create(ids, new Shape(prompts.length, n)));
    }

    @Override
    public void close() { manager.close(); }
}
