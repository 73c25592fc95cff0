package cinegen.project;

import cinegen.frames.GenerationMode;

import java.util.Objects;

/**
 * What the studio's inspector held when the project was saved: the settings of the next job, the prompt included,
 * so reopening the project puts them back (docs/decisions/0619). Kept with the project but not part of its document:
 * changing them does not make the project dirty and is not undoable. The model choice is not here (it is the
 * person's, in the user settings).
 *
 * @param randomSeed    whether a new seed is rolled after each Generate
 * @param lowPass       whether the temporal low-pass filter is on
 * @param lowPassCutoff the fraction of temporal frequencies the low-pass keeps, in (0, 1]
 * @param styles        the styles chosen on the shelf with their strengths (the first one, then the one blended in)
 * @param cropToRegion  whether inpainting and cinemagraphs show the model only the painted region and a margin
 */
public record InspectorSettings(
        GenerationMode mode,
        String prompt,
        String negativePrompt,
        long seed,
        boolean randomSeed,
        int steps,
        double guidance,
        Sampler sampler,
        int width,
        int height,
        int frames,
        int fps,
        boolean lowPass,
        double lowPassCutoff,
        StyleBlend styles,
        boolean cropToRegion) {

    public InspectorSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sampler, "sampler");
        prompt = Objects.requireNonNullElse(prompt, "");
        negativePrompt = Objects.requireNonNullElse(negativePrompt, "");
        styles = Objects.requireNonNullElse(styles, StyleBlend.none());
        if (seed < 0) throw new IllegalArgumentException("the seed must not be negative, got " + seed);
        if (steps < 1 || steps > 1000) throw new IllegalArgumentException("steps must be in [1, 1000], got " + steps);
        if (!(guidance >= 0) || Double.isInfinite(guidance)) throw new IllegalArgumentException("guidance must be a finite number >= 0, got " + guidance);
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        if (frames < 1) throw new IllegalArgumentException("frame count must be at least 1, got " + frames);
        if (fps < 1) throw new IllegalArgumentException("fps must be at least 1, got " + fps);
        if (!(lowPassCutoff > 0 && lowPassCutoff <= 1)) throw new IllegalArgumentException("the low-pass cutoff must be in (0, 1], got " + lowPassCutoff);
    }
}
