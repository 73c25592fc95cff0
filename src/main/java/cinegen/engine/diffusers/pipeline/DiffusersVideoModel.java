package cinegen.engine.diffusers.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.clip.ClipTextEncoder;
import cinegen.engine.diffusers.clip.ClipTokenizer;
import cinegen.engine.diffusers.unet.VideoDenoiser;
import cinegen.engine.diffusers.vae.AutoencoderKL;
import cinegen.engine.diffusers.vae.LatentRgbPreview;
import cinegen.engine.family.ClipInputs;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelInfo;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.pipeline.FrameTensors;
import cinegen.frames.GenerationMode;
import cinegen.engine.preview.LatentPreview;
import cinegen.engine.schedule.NoiseSource;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.schedule.Scheduler;
import cinegen.engine.schedule.diffusers.DiffusersScheduler;
import cinegen.engine.schedule.diffusers.SchedulerAdapter;
import cinegen.engine.schedule.diffusers.SchedulerConfig;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A latent video diffusion model made of diffusers components: CLIP tokenizer and text encoder, AutoencoderKL, a
 * video denoiser (AnimateDiff's UNetMotionModel, an inpainting variant with 9 input channels, or ModelScope's
 * UNet3DConditionModel) and a scheduler config. The families that load such models (Stable Diffusion 1.5 +
 * AnimateDiff, ModelScope) assemble one of these; it computes what diffusers' pipelines compute.
 */
public final class DiffusersVideoModel implements LoadedModel {
    /** What a family assembles. {@code window} is the frames the denoiser was trained on (its context length). */
    public record Parts(String name, String familyId, String familyName, String hash, NDManager manager,
                        ClipTokenizer tokenizer, ClipTextEncoder textEncoder, AutoencoderKL vae, VideoDenoiser denoiser,
                        SchedulerConfig scheduler, int nativeWidth, int nativeHeight, int window, int clipSkip,
                        DiffusersStyles styles, cinegen.engine.diffusers.io.UnetLayout unetLayout) {}

    private final Parts parts;
    private final int latentChannels, scale;
    private final LatentRgbPreview preview;
    private final ModelInfo info;

    public DiffusersVideoModel(Parts parts) {
        this.parts = parts;
        this.latentChannels = parts.vae().config().latentChannels();
        this.scale = parts.vae().config().downscale();
        int in = parts.denoiser().inChannels();
        if (in != latentChannels && in != 2 * latentChannels + 1) {
            throw new IllegalArgumentException(parts.name() + ": the denoiser takes " + in + " input channels, the autoencoder gives "
                    + latentChannels + " (expected " + latentChannels + ", or " + (2 * latentChannels + 1) + " for inpainting)");
        }
        this.preview = latentChannels == 4 ? LatentRgbPreview.sd15(1) : null;
        this.info = buildInfo();
    }

    /** Reads a single-file checkpoint of the model's family as a style: {UNet weights, text encoder weights}. */
    @FunctionalInterface
    public interface StyleCheckpointReader {
        cinegen.engine.diffusers.Params[] read(java.nio.file.Path file, NDManager m) throws ModelPackException;
    }

    private StyleCheckpointReader checkpointReader;
    private int clipSkip;

    /** How this model's family reads a checkpoint file given as a style (set by the family). */
    public void setStyleCheckpointReader(StyleCheckpointReader reader) { checkpointReader = reader; }

    StyleCheckpointReader styleCheckpointReader() { return checkpointReader; }

    /** Layers of CLIP skipped from the end (0: the last layer, as trained; 1: the one before, as some fine-tunes want). */
    @Override
    public void setClipSkip(int layers) throws ModelPackException {
        int max = parts.textEncoder().config().numHiddenLayers() - 1;
        if (layers < 0 || layers > max) throw new ModelPackException("clip skip must be between 0 and " + max + " for " + parts.name() + ", got " + layers);
        clipSkip = layers;
    }

    /** Whether the denoiser takes the mask and the masked video as extra channels (an inpainting UNet). */
    public boolean inpaintingDenoiser() { return parts.denoiser().inChannels() != latentChannels; }

    public Parts parts() { return parts; }

    private ModelInfo buildInfo() {
        Map<GenerationMode, String> methods = new EnumMap<>(GenerationMode.class);
        methods.put(GenerationMode.TEXT_TO_VIDEO, "text to video");
        String how = inpaintingDenoiser()
                ? "the inpainting UNet sees the mask and the masked video as extra channels (Lumiere's masked conditioning)"
                : "latent blending: the kept region is replaced by the input's latent at every step, kept pixels pasted back";
        methods.put(GenerationMode.IMAGE_TO_VIDEO, how + "; frame 1 kept");
        methods.put(GenerationMode.INPAINT, how);
        methods.put(GenerationMode.CINEMAGRAPH, how + "; only the painted region moves");
        // An LCM-distilled UNet starts at LatentConsistencyModelPipeline's defaults: 4 steps, guidance 8.5 (w = 7.5).
        boolean embedded = guidanceEmbedded();
        ModelInfo.Defaults defaults = new ModelInfo.Defaults(embedded ? 4 : 25, embedded ? 8.5 : 7.5, samplerOf(parts.scheduler()), 8,
                Math.min(16, parts.window()));
        return new ModelInfo(parts.name(), parts.familyId(), parts.familyName(), parts.nativeWidth(), parts.nativeHeight(), scale,
                scale * 8, 2048, parts.window(), latentChannels, scale, methods, defaults,
                new ModelInfo.Limits(cinegen.engine.pipeline.GenerationRequest.MAX_FRAMES, 1000, 30), true,
                parts.tokenizer().maxLength(), false, false, true, embedded);
    }

    /**
     * Whether the denoiser takes the guidance scale as an embedding ({@code time_cond_proj_dim}, LCM-distilled UNets):
     * then, as diffusers' pipelines do for such a UNet, there is no classifier-free guidance batch.
     */
    public boolean guidanceEmbedded() { return parts.denoiser().timeCondProjDim() != null; }

    /** The sampler choice that is this scheduler config. */
    static SamplerKind samplerOf(SchedulerConfig c) {
        return switch (c.className()) {
            case SchedulerConfig.DDIM -> SamplerKind.DDIM;
            case SchedulerConfig.EULER -> SamplerKind.EULER;
            case SchedulerConfig.EULER_ANCESTRAL -> SamplerKind.EULER_ANCESTRAL;
            case SchedulerConfig.LCM -> SamplerKind.LCM;
            default -> c.useKarrasSigmas() ? SamplerKind.DPMPP_2M_KARRAS : SamplerKind.DPMPP_2M;
        };
    }

    /** The model's scheduler config with the class (and Karras sigmas) of the user's choice, as diffusers' from_config does. */
    static SchedulerConfig configFor(SchedulerConfig base, SamplerKind kind) {
        if (kind == samplerOf(base)) return base;
        return switch (kind) {
            case DDIM -> base.withClassName(SchedulerConfig.DDIM);
            case EULER -> base.withClassName(SchedulerConfig.EULER).withOverrides(Map.of("use_karras_sigmas", false));
            case EULER_ANCESTRAL -> base.withClassName(SchedulerConfig.EULER_ANCESTRAL);
            case LCM -> base.withClassName(SchedulerConfig.LCM);
            case DPMPP_2M -> base.withClassName(SchedulerConfig.DPM_SOLVER_MULTISTEP).withOverrides(Map.of("use_karras_sigmas", false));
            case DPMPP_2M_KARRAS -> base.withClassName(SchedulerConfig.DPM_SOLVER_MULTISTEP).withOverrides(Map.of("use_karras_sigmas", true));
        };
    }

    @Override public ModelInfo info() { return info; }
    @Override public String hash() { return parts.hash(); }
    @Override public NDManager manager() { return parts.manager(); }

    @Override
    public NDArray encodePrompts(NDManager m, List<String> prompts) {
        int n = parts.tokenizer().maxLength();
        int[] ids = new int[prompts.size() * n];
        for (int i = 0; i < prompts.size(); i++) System.arraycopy(parts.tokenizer().encode(prompts.get(i)).ids(), 0, ids, i * n, n);
        // diffusers' pipelines pass no attention mask to CLIP (use_attention_mask is off for CLIPTextModel).
        return parts.textEncoder().encode(m.create(ids, new Shape(prompts.size(), n)).toType(DataType.INT64, false), null, clipSkip);
    }

    @Override
    public NDArray encodeFrames(NDArray frames) { return parts.vae().encodeScaled(frames, codecChunk(), null); }

    @Override
    public NDArray decodeLatents(NDArray latents) { return parts.vae().decodeScaled(latents, codecChunk(), null); }

    /** Frames per autoencoder call: about one 256x256 frame's worth of activations... four of them. */
    @Override
    public int codecChunk() { return Math.max(1, 4 * 256 * 256 / Math.max(1, parts.nativeWidth() * parts.nativeHeight())); }

    private cinegen.engine.diffusers.vae.TinyAutoencoderDecoder taesd;
    private long taesdNanos, taesdEnded;

    /**
     * TAESD for full-size previews, used while it costs at most a tenth of the time: a diffusers AutoencoderTiny folder
     * or a decoder file (ComfyUI's {@code vae_approx/taesd_decoder.safetensors} or {@code .pth}). Replaces (and frees)
     * the one used before.
     */
    @Override
    public void usePreviewDecoder(java.nio.file.Path path) throws ModelPackException {
        var decoder = cinegen.engine.diffusers.vae.TinyAutoencoderDecoder.load(path, parts.manager());
        if (decoder.config().latentChannels() != latentChannels) {
            decoder.close();
            throw new ModelPackException(path.getFileName() + " decodes " + decoder.config().latentChannels() + "-channel latents; "
                    + parts.name() + " has " + latentChannels);
        }
        if (taesd != null) taesd.close();
        taesd = decoder;
        taesdEnded = 0;
    }

    /**
     * The latent grid through the fitted linear map at every step (well under 2% of a step); with TAESD, full-size
     * frames whenever the time since the last TAESD preview is at least nine times what it took, so it stays near 10%.
     */
    @Override
    public cinegen.engine.preview.PreviewFrames preview(float[] latents, int channels, int frames, int h, int w) {
        long now = System.nanoTime();
        if (taesd != null && (taesdEnded == 0 || now - taesdEnded >= 9 * taesdNanos)) {
            try (NDManager m = parts.manager().newSubManager()) {
                NDArray z = m.create(latents, new Shape(channels, frames, h, w)).transpose(1, 0, 2, 3);
                NDArray rgb = taesd.decode(z);
                int up = taesd.config().upscale();
                var out = new cinegen.engine.preview.PreviewFrames(w * up, h * up, FrameTensors.toArgb(rgb.toFloatArray(), frames, w * up, h * up));
                taesdEnded = System.nanoTime();
                taesdNanos = taesdEnded - now;
                return out;
            }
        }
        if (preview != null) return new cinegen.engine.preview.PreviewFrames(w, h, preview.frames(latents, LatentPreview.Layout.CHANNELS_FIRST, channels, frames, h, w));
        // No fitted map for this latent space: the first three channels as grey-centred RGB.
        float[][] m = new float[3][channels];
        for (int c = 0; c < Math.min(3, channels); c++) m[c][c] = 0.25f;
        return new cinegen.engine.preview.PreviewFrames(w, h, new LatentPreview(m, new float[] {0.5f, 0.5f, 0.5f}).toArgb(latents, channels, frames, h, w));
    }

    /**
     * For an inpainting UNet: the mask (1 = generate) and the latents of the video with the generated region blanked,
     * as diffusers' inpainting pipelines prepare them; nothing for a 4-channel denoiser.
     */
    @Override
    public NDArray extraChannels(NDManager m, ClipInputs clip) {
        if (!inpaintingDenoiser()) return null;
        NDArray mask = clip.keep().mul(-1f).add(1f);
        List<int[]> masked = new ArrayList<>(clip.length());
        for (int f = 0; f < clip.length(); f++) {
            int[] frame = clip.plan().conditionFrames().get(f).clone();
            float[] keep = clip.plan().keep().get(f);
            // image * (mask < 0.5) in [-1, 1]: generated pixels become 0, mid grey.
            for (int i = 0; i < frame.length; i++) if (keep[i] < 0.5f) frame[i] = 0xff808080;
            masked.add(frame);
        }
        List<NDArray> parts = new ArrayList<>();
        int chunk = codecChunk();
        for (int i = 0; i < masked.size(); i += chunk) {
            List<int[]> part = masked.subList(i, Math.min(masked.size(), i + chunk));
            parts.add(encodeFrames(FrameTensors.toTensor(m, part, clip.width(), clip.height())));
        }
        NDArray z = parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
        return mask.concat(z.transpose(1, 0, 2, 3).expandDims(0), 1);
    }

    @Override
    public NDArray denoise(NDArray input, double timestep, NDArray text, double fps) {
        if (guidanceEmbedded()) {
            throw new IllegalStateException(parts.name() + " takes the guidance scale as an input: call denoise with it");
        }
        NDArray t = input.getManager().create(new float[] {(float) timestep});
        return float32(parts.denoiser().predict(input, t, text, null));
    }

    /** A denoiser output for the sampler, which computes in float32 (a half-precision denoiser gives its own type). */
    private static NDArray float32(NDArray out) {
        return out.getDataType() == DataType.FLOAT32 ? out : out.toType(DataType.FLOAT32, false);
    }

    /** With embedded guidance, the scale's embedding (the same for every video of the batch) goes with every call. */
    @Override
    public NDArray denoise(NDArray input, double timestep, NDArray text, double fps, double guidance) {
        if (!guidanceEmbedded()) return denoise(input, timestep, text, fps);
        NDManager m = input.getManager();
        NDArray t = m.create(new float[] {(float) timestep});
        NDArray w = GuidanceEmbedding.of(m, guidance, parts.denoiser().timeCondProjDim(), Math.toIntExact(input.getShape().get(0)));
        return float32(parts.denoiser().predict(input, t, text, null, w));
    }

    /** Both video UNets take a text state per frame: the cross-attention of each frame reads its own row. */
    @Override
    public NDArray denoiseFrames(NDArray input, double timestep, NDArray frameText, double fps, double guidance) {
        NDManager m = input.getManager();
        NDArray t = m.create(new float[] {(float) timestep});
        if (!guidanceEmbedded()) return float32(parts.denoiser().predict(input, t, null, frameText));
        NDArray w = GuidanceEmbedding.of(m, guidance, parts.denoiser().timeCondProjDim(), Math.toIntExact(input.getShape().get(0)));
        return float32(parts.denoiser().predict(input, t, null, frameText, w));
    }

    @Override
    public Scheduler scheduler(SamplerKind kind, double eta) { return scheduler(kind, eta, null); }

    @Override
    public Scheduler scheduler(SamplerKind kind, double eta, String timestepSpacing) {
        SchedulerConfig c = configFor(parts.scheduler(), kind);
        if (timestepSpacing != null) c = c.withOverrides(Map.of("timestep_spacing", timestepSpacing));
        if (kind == SamplerKind.DDIM && eta > 0) return new SchedulerAdapter(new cinegen.engine.schedule.diffusers.DdimScheduler(c, eta));
        return new SchedulerAdapter(DiffusersScheduler.create(c));
    }

    @Override
    public NoiseSource noise(long seed) { return new NoiseSource(seed, 0); }

    @Override
    public void applyStyles(StyleMix mix) throws ModelPackException { parts.styles().apply(mix); }

    @Override
    public List<String> styleNames() { return parts.styles().names(); }

    @Override
    public String addStyle(java.nio.file.Path file) throws ModelPackException { return StyleSources.add(this, file); }

    @Override
    public String offerStyle(java.nio.file.Path file) { return StyleSources.addLater(this, file); }

    /** The files styles were read (or will be read) from, by style name. */
    private final java.util.Map<String, java.nio.file.Path> styleFiles = new java.util.concurrent.ConcurrentHashMap<>();

    void rememberStyleFile(String name, java.nio.file.Path file) { styleFiles.put(name, file); }

    @Override
    public java.util.Optional<java.nio.file.Path> styleFile(String name) { return java.util.Optional.ofNullable(styleFiles.get(name)); }

    @Override
    public void close() { parts.manager().close(); }
}
