package cinegen.engine.family;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.schedule.NoiseSource;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.schedule.Scheduler;

import java.util.List;

/**
 * A model of some family loaded on one device: everything {@link cinegen.engine.pipeline.VideoPipeline} needs to
 * sample it. Owns its arrays (close it to free them); one worker thread uses a model at a time.
 */
public interface LoadedModel extends AutoCloseable {
    ModelInfo info();

    /** Content hash of the weights, recorded in each clip's recipe. */
    String hash();

    NDManager manager();

    default Device device() { return manager().getDevice(); }

    /** Text states (B, L, D), one row per prompt, in {@code m}. */
    NDArray encodePrompts(NDManager m, List<String> prompts);

    /** Frames (N, 3, H, W) in [-1, 1] to the latents the denoiser samples, (N, C, H/s, W/s). */
    NDArray encodeFrames(NDArray frames);

    /** Latents (N, C, h, w) to frames (N, 3, h·s, w·s) in about [-1, 1]. */
    NDArray decodeLatents(NDArray latents);

    /** Frames per autoencoder call (memory bound). */
    default int codecChunk() { return 16; }

    /**
     * A cheap preview of predicted clean latents (C, T, h, w as floats), for every step: the latent grid mapped to
     * RGB, or a small decoder's full-size frames when that stays cheap.
     */
    cinegen.engine.preview.PreviewFrames preview(float[] latents, int channels, int frames, int h, int w);

    /** Skips the last {@code layers} layers of the text encoder (CLIP skip); families without one refuse. */
    default void setClipSkip(int layers) throws ModelPackException {
        if (layers != 0) throw new ModelPackException(info().name() + " has no CLIP text encoder; clip skip does not apply");
    }

    /** Uses a tiny decoder (TAESD) for previews; families without one refuse with a sentence. */
    default void usePreviewDecoder(java.nio.file.Path folder) throws ModelPackException {
        throw new ModelPackException(info().name() + " has its own previews; it takes no preview decoder");
    }

    /**
     * Extra input channels after the noisy latent for the whole clip, (1, E, T, h, w), or null when the denoiser
     * takes only the latent. The pipeline windows them along time with the latent.
     */
    NDArray extraChannels(NDManager m, ClipInputs clip);

    /**
     * The denoiser's output for a batch of windows.
     *
     * @param input (B, C + E, F, h, w): the scaled noisy latent and the extra channels
     * @param timestep the scheduler's model timestep
     * @param text (B, L, D)
     * @param fps frames per second the clip plays at (for models conditioned on it)
     */
    NDArray denoise(NDArray input, double timestep, NDArray text, double fps);

    /**
     * {@link #denoise} with a text state per frame (prompt travel), for a model whose info says
     * {@link ModelInfo#promptTravel()}; {@code guidance} as in {@link #denoise(NDArray, double, NDArray, double, double)}.
     *
     * @param frameText (B·F, L, D): row b·F + f conditions frame f of window b
     */
    default NDArray denoiseFrames(NDArray input, double timestep, NDArray frameText, double fps, double guidance) {
        throw new UnsupportedOperationException(info().promptTravelRule());
    }

    /**
     * {@link #denoise(NDArray, double, NDArray, double)} for a model whose guidance is embedded
     * ({@link ModelInfo#guidanceEmbedded()}): the request's guidance scale is an input of the denoiser. Models guided
     * the classifier-free way ignore it.
     */
    default NDArray denoise(NDArray input, double timestep, NDArray text, double fps, double guidance) {
        return denoise(input, timestep, text, fps);
    }

    /** The predicted clean latent as the model trusts it (a family may clamp outliers); identity by default. */
    default NDArray boundPrediction(NDArray x0) { return x0; }

    /** Whether {@link #boundPrediction} changes anything (so the pipeline can skip the x0 round trip). */
    default boolean boundsPrediction() { return false; }

    /** A scheduler of this model's noise schedule for the user's sampler choice. */
    Scheduler scheduler(SamplerKind kind, double eta);

    /** {@link #scheduler(SamplerKind, double)} with the timestep spacing overridden (null keeps the model's). */
    default Scheduler scheduler(SamplerKind kind, double eta, String timestepSpacing) throws ModelPackException {
        if (timestepSpacing != null) throw new ModelPackException(info().name() + " samples with its own timestep spacing only");
        return scheduler(kind, eta);
    }

    /** The seeded initial and sampler noise this model was trained with. */
    NoiseSource noise(long seed);

    /** Sets the denoiser's weights to the base blended with the given styles (W = α·W_style + (1−α)·W_base). */
    void applyStyles(StyleMix mix) throws ModelPackException;

    /**
     * Registers a style weight set from a file (a LoRA, or a second model of the same architecture) and returns the
     * name to use in a {@link StyleMix}; nothing is applied until a mix names it.
     */
    default String addStyle(java.nio.file.Path file) throws ModelPackException {
        throw new ModelPackException(info().name() + " takes its styles from its own pack, not from files");
    }

    /**
     * Lists a style file (a LoRA of the models folder) among the model's styles without reading it yet: its weights are
     * read when a mix first uses it. Returns its name, or null when this model takes no style files.
     */
    default String offerStyle(java.nio.file.Path file) { return null; }

    /** The style weight sets this model offers, by name. */
    List<String> styleNames();

    /** The file a style was read from (a LoRA, a second checkpoint); empty for styles of the model's own pack. */
    default java.util.Optional<java.nio.file.Path> styleFile(String name) { return java.util.Optional.empty(); }

    /** A sentence about a style, for the preset shelf ("" when there is none). */
    default String styleDescription(String name) { return ""; }

    @Override
    void close();
}
