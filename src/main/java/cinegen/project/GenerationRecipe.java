package cinegen.project;

import cinegen.frames.GenerationMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to run a generation job again: stored with each generated media item so that
 * "regenerate" and "vary seed" work. Immutable; {@link #toBuilder()} makes a changed copy.
 *
 * @param lowPass       strength of the temporal low-pass filter in [0, 1]; 0 turns it off
 * @param modelPackHash content hash of the model pack the clip was made with ("" when unknown)
 * @param sourceMediaId the input image or video for image-to-video, inpainting and cinemagraph; null otherwise
 * @param maskTrackId   the painted mask for inpainting and cinemagraph; null otherwise
 * @param cropToRegion  whether the model saw the painted region and a margin (true) or the whole frame (false);
 *                      null: the mode's default (recipes saved before this was stored)
 */
public record GenerationRecipe(
        GenerationMode mode,
        String prompt,
        String negativePrompt,
        long seed,
        int steps,
        double guidance,
        Sampler sampler,
        int width,
        int height,
        int frames,
        double fps,
        double lowPass,
        String modelPackId,
        String modelPackHash,
        StyleBlend styles,
        String engineVersion,
        String sourceMediaId,
        String maskTrackId,
        Boolean cropToRegion) {

    /** A recipe that leaves the crop to the mode's default. */
    public GenerationRecipe(GenerationMode mode, String prompt, String negativePrompt, long seed, int steps, double guidance,
                            Sampler sampler, int width, int height, int frames, double fps, double lowPass, String modelPackId,
                            String modelPackHash, StyleBlend styles, String engineVersion, String sourceMediaId, String maskTrackId) {
        this(mode, prompt, negativePrompt, seed, steps, guidance, sampler, width, height, frames, fps, lowPass, modelPackId,
                modelPackHash, styles, engineVersion, sourceMediaId, maskTrackId, null);
    }

    public GenerationRecipe {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sampler, "sampler");
        prompt = Objects.requireNonNullElse(prompt, "");
        negativePrompt = Objects.requireNonNullElse(negativePrompt, "");
        modelPackId = Objects.requireNonNullElse(modelPackId, "");
        modelPackHash = Objects.requireNonNullElse(modelPackHash, "");
        engineVersion = Objects.requireNonNullElse(engineVersion, "");
        styles = Objects.requireNonNullElse(styles, StyleBlend.none());
        if (steps < 1 || steps > 1000) throw new IllegalArgumentException("steps must be in [1, 1000], got " + steps);
        if (!(guidance >= 0) || Double.isInfinite(guidance)) throw new IllegalArgumentException("guidance must be a finite number >= 0, got " + guidance);
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        if (frames < 1) throw new IllegalArgumentException("frame count must be at least 1, got " + frames);
        if (!(fps > 0) || Double.isInfinite(fps)) throw new IllegalArgumentException("fps must be positive, got " + fps);
        if (!(lowPass >= 0 && lowPass <= 1)) throw new IllegalArgumentException("low-pass strength must be in [0, 1], got " + lowPass);
        if (sourceMediaId != null) Ids.require(sourceMediaId, "source media");
        if (maskTrackId != null) Ids.require(maskTrackId, "mask track");
    }

    public Optional<String> source() { return Optional.ofNullable(sourceMediaId); }

    public Optional<String> mask() { return Optional.ofNullable(maskTrackId); }

    /** The same recipe with another seed ("vary seed"). */
    public GenerationRecipe withSeed(long newSeed) { return toBuilder().seed(newSeed).build(); }

    public Builder toBuilder() { return new Builder(this); }

    /** A builder starting from {@code settings}, for a job of the given mode. */
    public static Builder builder(GenerationSettings settings, GenerationMode mode) {
        Builder b = new Builder();
        b.mode = mode;
        b.negativePrompt = settings.negativePrompt();
        b.steps = settings.steps();
        b.guidance = settings.guidance();
        b.sampler = settings.sampler();
        b.width = settings.width();
        b.height = settings.height();
        b.frames = settings.frames();
        b.fps = settings.fps();
        b.lowPass = settings.lowPass();
        b.modelPackId = settings.modelPackId();
        b.styles = settings.styles();
        return b;
    }

    /** Changes one field at a time; {@link #build()} validates. */
    public static final class Builder {
        private GenerationMode mode = GenerationMode.TEXT_TO_VIDEO;
        private String prompt = "", negativePrompt = "", modelPackId = "", modelPackHash = "", engineVersion = "";
        private long seed;
        private int steps, width, height, frames;
        private double guidance, fps, lowPass;
        private Sampler sampler;
        private StyleBlend styles = StyleBlend.none();
        private String sourceMediaId, maskTrackId;
        private Boolean cropToRegion;

        private Builder() {
            GenerationSettings d = GenerationSettings.defaults();
            steps = d.steps();
            guidance = d.guidance();
            sampler = d.sampler();
            width = d.width();
            height = d.height();
            frames = d.frames();
            fps = d.fps();
        }

        private Builder(GenerationRecipe r) {
            mode = r.mode; prompt = r.prompt; negativePrompt = r.negativePrompt; seed = r.seed; steps = r.steps;
            guidance = r.guidance; sampler = r.sampler; width = r.width; height = r.height; frames = r.frames;
            fps = r.fps; lowPass = r.lowPass; modelPackId = r.modelPackId; modelPackHash = r.modelPackHash;
            styles = r.styles; engineVersion = r.engineVersion; sourceMediaId = r.sourceMediaId; maskTrackId = r.maskTrackId;
            cropToRegion = r.cropToRegion;
        }

        public Builder mode(GenerationMode v) { mode = v; return this; }
        public Builder prompt(String v) { prompt = v; return this; }
        public Builder negativePrompt(String v) { negativePrompt = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder guidance(double v) { guidance = v; return this; }
        public Builder sampler(Sampler v) { sampler = v; return this; }
        public Builder size(int w, int h) { width = w; height = h; return this; }
        public Builder frames(int v) { frames = v; return this; }
        public Builder fps(double v) { fps = v; return this; }
        public Builder lowPass(double v) { lowPass = v; return this; }
        public Builder modelPack(String id, String hash) { modelPackId = id; modelPackHash = hash; return this; }
        public Builder styles(StyleBlend v) { styles = v; return this; }
        public Builder engineVersion(String v) { engineVersion = v; return this; }
        public Builder sourceMediaId(String v) { sourceMediaId = v; return this; }
        public Builder maskTrackId(String v) { maskTrackId = v; return this; }
        /** Crop to the painted region (true), the whole frame (false), or null for the mode's default. */
        public Builder cropToRegion(Boolean v) { cropToRegion = v; return this; }

        public GenerationRecipe build() {
            return new GenerationRecipe(mode, prompt, negativePrompt, seed, steps, guidance, sampler, width, height,
                    frames, fps, lowPass, modelPackId, modelPackHash, styles, engineVersion, sourceMediaId, maskTrackId, cropToRegion);
        }
    }
}
