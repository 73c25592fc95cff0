package cinegen.engine.family;

import cinegen.frames.GenerationMode;
import cinegen.engine.schedule.SamplerKind;

import java.util.Map;
import java.util.Set;

/**
 * What a loaded model is and what it accepts: the one source of generation defaults and limits for the CLI, the
 * studio's inspector and the engine.
 *
 * @param width native frame width in pixels (the default when a request names none)
 * @param sizeStep width and height must be multiples of this; 0 when only the native size is possible
 * @param frameWindow frames the denoiser sees at once; longer clips are sampled in blended windows
 * @param latentScale pixels per latent cell along each side
 * @param modeMethods for each supported mode, how this model does it, in words for the studio
 * @param openVocabulary whether any prompt is understood (false: a closed word list, see the prompt encoder)
 * @param maxPromptTokens tokens a prompt can use (including start and end tokens)
 * @param usesFps whether the frame rate conditions the motion speed
 * @param samplesWholeWindow whether a clip shorter than the window is sampled as a whole window and cut (a model
 *     trained only on full windows) rather than at its own length
 * @param promptTravel whether the denoiser reads a text state per frame, so prompts can change over the clip
 *     (keyframed prompts, {@link cinegen.engine.pipeline.PromptSchedule}); without it a request that travels is refused
 * @param guidanceEmbedded whether the guidance scale is an input of the denoiser (an LCM-distilled UNet's guidance
 *     embedding) instead of classifier-free guidance: one pass per step, no negative prompt
 */
public record ModelInfo(String name, String familyId, String familyName, int width, int height, int sizeStep,
                        int minSide, int maxSide, int frameWindow, int latentChannels, int latentScale,
                        Map<GenerationMode, String> modeMethods, Defaults defaults, Limits limits, boolean openVocabulary,
                        int maxPromptTokens, boolean usesFps, boolean samplesWholeWindow, boolean promptTravel,
                        boolean guidanceEmbedded) {

    /** A model guided the classifier-free way. */
    public ModelInfo(String name, String familyId, String familyName, int width, int height, int sizeStep,
                     int minSide, int maxSide, int frameWindow, int latentChannels, int latentScale,
                     Map<GenerationMode, String> modeMethods, Defaults defaults, Limits limits, boolean openVocabulary,
                     int maxPromptTokens, boolean usesFps, boolean samplesWholeWindow, boolean promptTravel) {
        this(name, familyId, familyName, width, height, sizeStep, minSide, maxSide, frameWindow, latentChannels, latentScale,
                modeMethods, defaults, limits, openVocabulary, maxPromptTokens, usesFps, samplesWholeWindow, promptTravel, false);
    }

    /** A model guided the classifier-free way, with one prompt per clip. */
    public ModelInfo(String name, String familyId, String familyName, int width, int height, int sizeStep,
                     int minSide, int maxSide, int frameWindow, int latentChannels, int latentScale,
                     Map<GenerationMode, String> modeMethods, Defaults defaults, Limits limits, boolean openVocabulary,
                     int maxPromptTokens, boolean usesFps, boolean samplesWholeWindow) {
        this(name, familyId, familyName, width, height, sizeStep, minSide, maxSide, frameWindow, latentChannels, latentScale,
                modeMethods, defaults, limits, openVocabulary, maxPromptTokens, usesFps, samplesWholeWindow, false, false);
    }

    /** How the guidance scale acts, in a word for the studio: "classifier-free" or "embedded". */
    public String guidanceMethod() { return guidanceEmbedded ? "embedded" : "classifier-free"; }

    /** Settings a new generation starts from. */
    public record Defaults(int steps, double guidance, SamplerKind sampler, double fps, int frames) {}

    /** Largest values a request may ask for. */
    public record Limits(int maxFrames, int maxSteps, double maxGuidance) {}

    public ModelInfo {
        modeMethods = Map.copyOf(modeMethods);
    }

    public Set<GenerationMode> modes() { return modeMethods.keySet(); }

    public boolean supports(GenerationMode mode) { return modeMethods.containsKey(mode); }

    /** Whether frames of {@code w} x {@code h} can be generated. */
    public boolean acceptsSize(int w, int h) {
        if (w == width && h == height) return true;
        if (sizeStep <= 0) return false;
        return w % sizeStep == 0 && h % sizeStep == 0 && Math.min(w, h) >= minSide && Math.max(w, h) <= maxSide;
    }

    /** Why this model refuses prompt travel, as a sentence without the final stop; null when it takes it. */
    public String promptTravelRule() {
        return promptTravel ? null : name + " takes one prompt for the whole clip: prompt travel (prompts at keyframes) needs a model"
                + " that reads a prompt per frame, such as Stable Diffusion + AnimateDiff";
    }

    /** A sentence saying which sizes this model generates. */
    public String sizeRule() {
        if (sizeStep <= 0) return name + " generates " + width + "x" + height + " only";
        return name + " generates widths and heights that are multiples of " + sizeStep + " from " + minSide + " to " + maxSide
                + " (native " + width + "x" + height + ")";
    }
}
