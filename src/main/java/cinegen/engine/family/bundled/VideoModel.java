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
public final class VideoModel implements cinegen.engine.family.LoadedModel {
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
            try (var ae = cinegen.engine.diffusers.io.TensorFile.open(pack.file(files.autoencoder()))) {
                BlockWeights.load(enc, ae, "encoder.", manager);
                BlockWeights.load(dec, ae, "decoder.", manager);
            }
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

    // --- The model-family contract (LoadedModel) ---

    private volatile boolean planning = true;
    private cinegen.engine.preview.LatentPreview latentPreview;

    /**
     * Whether the layout planner fills the layout and silhouette channels (decisions 26, 29); off, they stay zero as
     * for a prompt outside the grammar, to measure what the denoiser does on its own ({@code eval --no-plan}).
     */
    public void setPlanning(boolean on) { planning = on; }

    public boolean planning() { return planning; }

    @Override
    public cinegen.engine.family.ModelInfo info() {
        Architecture a = architecture();
        Manifest.DefaultsJson d = pack.manifest().defaults();
        var defaults = new cinegen.engine.family.ModelInfo.Defaults(
                d == null || d.steps() == null ? 25 : d.steps(),
                d == null || d.guidance() == null ? 5.0 : d.guidance(),
                d == null || d.sampler() == null ? cinegen.engine.schedule.SamplerKind.DPMPP_2M : cinegen.engine.schedule.SamplerKind.parse(d.sampler()),
                d == null || d.fps() == null ? 8.0 : d.fps(), a.frameWindow());
        String channels = "the conditioning video and mask are extra denoiser channels (Lumiere's masked conditioning)";
        var methods = new java.util.EnumMap<cinegen.frames.GenerationMode, String>(cinegen.frames.GenerationMode.class);
        for (var mode : cinegen.frames.GenerationMode.values()) methods.put(mode, channels);
        // No prompt travel: the denoiser reads one caption per clip (pooled into the step embedding, cross-attended at
        // half and quarter frame rate) and the layout planner plans the whole clip from one prompt (decision 0618).
        return new cinegen.engine.family.ModelInfo(pack.name(), BundledFamily.ID, BundledFamily.NAME, a.width(), a.height(), 0,
                a.width(), a.width(), a.frameWindow(), a.latentChannels(), a.autoencoder().downsampling(), methods, defaults,
                new cinegen.engine.family.ModelInfo.Limits(cinegen.engine.pipeline.GenerationRequest.MAX_FRAMES, 1000, 30),
                false, pack.tokenizer().maxTokens(), true, true, false);
    }

    @Override
    public NDArray encodePrompts(NDManager m, java.util.List<String> prompts) { return encodeText(m, prompts.toArray(String[]::new)); }

    @Override
    public NDArray encodeFrames(NDArray frames) { return encode(frames); }

    @Override
    public NDArray decodeLatents(NDArray latents) { return decode(latents); }

    @Override
    public cinegen.engine.preview.PreviewFrames preview(float[] latents, int channels, int frames, int h, int w) {
        if (latentPreview == null) {
            Manifest.PreviewJson p = pack.manifest().preview();
            latentPreview = new cinegen.engine.preview.LatentPreview(p.matrix(), p.bias());
        }
        return new cinegen.engine.preview.PreviewFrames(w, h, latentPreview.toArgb(latents, channels, frames, h, w));
    }

    /** C times M, M, and the planned layout (and silhouettes) when the denoiser takes them. */
    @Override
    public NDArray extraChannels(NDManager m, cinegen.engine.family.ClipInputs clip) {
        Architecture a = architecture();
        int length = clip.length(), h = a.latentHeight(), w = a.latentWidth();
        NDArray extra = clip.condLatents().concat(clip.keep(), 1);
        if (a.denoiser().layout()) {
            NDArray layout = planning
                    ? m.create(LayoutPlanner.plannedLayout(clip.request(), clip.plan(), length, h, w), new Shape(1, 1, length, h, w))
                    : m.zeros(new Shape(1, 1, length, h, w));
            extra = extra.concat(layout, 1);
        }
        if (a.denoiser().silhouette()) {
            int sc = cinegen.engine.family.bundled.net.DenoiserConfig.SILHOUETTE_CHANNELS;
            extra = extra.concat(planning
                    ? m.create(LayoutPlanner.plannedSilhouettes(clip.request(), length, a.width(), a.height()), new Shape(1, sc, length, h, w))
                    : m.zeros(new Shape(1, sc, length, h, w)), 1);
        }
        return extra;
    }

    @Override
    public NDArray denoise(NDArray input, double timestep, NDArray text, double fps) {
        NDManager m = input.getManager();
        long b = input.getShape().get(0);
        return denoiser.apply(input, m.full(new Shape(b), (float) timestep), m.full(new Shape(b), (float) fps), text);
    }

    /** Clean latents of this autoencoder stay well within ±6; the clamp keeps an early noisy prediction in range. */
    @Override
    public NDArray boundPrediction(NDArray x0) { return x0.clip(-6f, 6f); }

    @Override
    public boolean boundsPrediction() { return true; }

    /**
     * DDIM, Euler ancestral and DPM-Solver++ 2M are the samplers this model was measured with (model card); the other
     * choices (Euler, DPM++ 2M Karras, LCM) are diffusers' schedulers over the pack's own noise schedule.
     */
    @Override
    public cinegen.engine.schedule.Scheduler scheduler(cinegen.engine.schedule.SamplerKind kind, double eta) {
        return switch (kind) {
            case DDIM, EULER_ANCESTRAL, DPMPP_2M -> new cinegen.engine.schedule.SamplerScheduler(kind, pack.schedule(), pack.prediction(), eta);
            case EULER, DPMPP_2M_KARRAS, LCM -> new cinegen.engine.schedule.diffusers.SchedulerAdapter(
                    cinegen.engine.schedule.diffusers.DiffusersScheduler.create(diffusersConfig(kind)));
        };
    }

    /** The pack's noise schedule as a diffusers scheduler config (trailing spacing, as the pack's own samplers). */
    cinegen.engine.schedule.diffusers.SchedulerConfig diffusersConfig(cinegen.engine.schedule.SamplerKind kind) {
        var s = pack.schedule();
        String betas = switch (s.kind()) {
            case LINEAR -> "linear";
            case SCALED_LINEAR -> "scaled_linear";
            case COSINE -> "squaredcos_cap_v2";
        };
        var sj = pack.manifest().schedule();
        String cls = switch (kind) {
            case EULER -> cinegen.engine.schedule.diffusers.SchedulerConfig.EULER;
            case LCM -> cinegen.engine.schedule.diffusers.SchedulerConfig.LCM;
            default -> cinegen.engine.schedule.diffusers.SchedulerConfig.DPM_SOLVER_MULTISTEP;
        };
        java.util.Map<String, Object> keys = new java.util.LinkedHashMap<>();
        keys.put("num_train_timesteps", s.trainSteps());
        keys.put("beta_schedule", betas);
        if (sj != null && sj.betaStart() != null) keys.put("beta_start", sj.betaStart());
        if (sj != null && sj.betaEnd() != null) keys.put("beta_end", sj.betaEnd());
        keys.put("prediction_type", pack.prediction() == cinegen.engine.schedule.PredictionType.V_PREDICTION ? "v_prediction" : "epsilon");
        keys.put("timestep_spacing", "trailing");
        keys.put("use_karras_sigmas", kind == cinegen.engine.schedule.SamplerKind.DPMPP_2M_KARRAS);
        return cinegen.engine.schedule.diffusers.SchedulerConfig.defaults(cls).withOverrides(keys);
    }

    @Override
    public cinegen.engine.schedule.NoiseSource noise(long seed) {
        return new cinegen.engine.schedule.NoiseSource(seed, pack.schedule().frameCorrelation());
    }

    @Override
    public void applyStyles(StyleMix mix) throws ModelPackException { styles.apply(mix); }

    @Override
    public String styleDescription(String name) {
        return pack.styles().stream().filter(s -> s.name().equals(name)).map(s -> s.description() == null ? "" : s.description())
                .findFirst().orElse("");
    }

    @Override
    public java.util.List<String> styleNames() { return pack.styles().stream().map(Manifest.StyleJson::name).toList(); }

    @Override
    public void close() { manager.close(); }
}
