package cinegen.project;

import cinegen.frames.GenerationMode;
import java.util.Objects;

/**
 * The project's defaults for the next generation job (what the inspector starts from).
 * {@link GenerationRecipe#builder(GenerationSettings, GenerationMode)} turns them into a recipe.
 */
public record GenerationSettings(
        int width,
        int height,
        int frames,
        double fps,
        int steps,
        double guidance,
        Sampler sampler,
        double lowPass,
        String negativePrompt,
        String modelPackId,
        StyleBlend styles) {

    public GenerationSettings {
        Objects.requireNonNull(sampler, "sampler");
        negativePrompt = Objects.requireNonNullElse(negativePrompt, "");
        modelPackId = Objects.requireNonNullElse(modelPackId, "");
        styles = Objects.requireNonNullElse(styles, StyleBlend.none());
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        if (frames < 1) throw new IllegalArgumentException("frame count must be at least 1, got " + frames);
        if (!(fps > 0) || Double.isInfinite(fps)) throw new IllegalArgumentException("fps must be positive, got " + fps);
        if (steps < 1 || steps > 1000) throw new IllegalArgumentException("steps must be in [1, 1000], got " + steps);
        if (!(guidance >= 0) || Double.isInfinite(guidance)) throw new IllegalArgumentException("guidance must be a finite number >= 0, got " + guidance);
        if (!(lowPass >= 0 && lowPass <= 1)) throw new IllegalArgumentException("low-pass strength must be in [0, 1], got " + lowPass);
    }

    /** 256x256, 16 frames at 8 fps, 30 DDIM steps, guidance 7.5, no low-pass, no style. */
    public static GenerationSettings defaults() {
        return new GenerationSettings(256, 256, 16, 8, 30, 7.5, Sampler.DDIM, 0, "", "", StyleBlend.none());
    }
}
