package cinegen.engine.pipeline;

import cinegen.engine.pack.StyleMix;
import cinegen.engine.schedule.SamplerKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.GenerationMode;
import cinegen.frames.Mask;

import java.util.List;

/**
 * Everything one generation needs. Masks are as the user paints them: 1 (white) = the region to regenerate
 * (inpainting) or to animate (cinemagraph); one mask for all frames or one per frame. Build with {@link #builder};
 * {@link Builder#build} refuses inconsistent requests with a message naming the problem. The prompt is a
 * {@link PromptSchedule}: one prompt, or prompts at keyframes (prompt travel); the negative prompt is one for all frames.
 */
public record GenerationRequest(GenerationMode mode, PromptSchedule prompts, String negativePrompt, FrameSequence image, FrameSequence video,
                                List<Mask> masks, int frames, double fps, int steps, double guidance, long seed,
                                SamplerKind sampler, double lowpass, double feather, StyleMix style, double eta,
                                int width, int height, Latents initialNoise, boolean loop, String timestepSpacing) {

    /**
     * The same settings without the input pictures, masks and starting noise: what a finished job keeps to say what
     * it was (mode, prompts, seed, sizes), not to run it again. Not a request the builder would make.
     */
    public GenerationRequest withoutInputs() {
        if (image == null && video == null && masks.isEmpty() && initialNoise == null) return this;
        return new GenerationRequest(mode, prompts, negativePrompt, null, null, List.of(), frames, fps, steps, guidance, seed,
                sampler, lowpass, feather, style, eta, width, height, null, loop, timestepSpacing);
    }

    public static final int MAX_FRAMES = 256;

    public static Builder builder() { return new Builder(); }

    /** The first keyframe's prompt: the one prompt of a request without prompt travel. */
    public String prompt() { return prompts.first(); }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode; b.prompts = prompts; b.negativePrompt = negativePrompt; b.image = image; b.video = video;
        b.masks = masks; b.frames = frames; b.fps = fps; b.steps = steps; b.guidance = guidance; b.seed = seed;
        b.sampler = sampler; b.lowpass = lowpass; b.feather = feather; b.style = style; b.eta = eta;
        b.width = width; b.height = height; b.initialNoise = initialNoise; b.loop = loop; b.timestepSpacing = timestepSpacing;
        return b;
    }

    /** The user's mask for frame f (the last one repeats), or null when the request has none. */
    public Mask maskFor(int f) {
        if (masks == null || masks.isEmpty()) return null;
        return masks.get(Math.min(f, masks.size() - 1));
    }

    public static final class Builder {
        private GenerationMode mode = GenerationMode.TEXT_TO_VIDEO;
        private PromptSchedule prompts = PromptSchedule.of("");
        private String negativePrompt = "";
        private FrameSequence image, video;
        private List<Mask> masks = List.of();
        private int frames = 16, steps = 25;
        private double fps = 8, guidance = 5.0, lowpass = 0, feather = 2, eta = 0;
        private long seed = 0;
        private SamplerKind sampler = SamplerKind.DPMPP_2M;
        private StyleMix style = StyleMix.NONE;
        private int width, height;
        private Latents initialNoise;
        private boolean loop;
        private String timestepSpacing;

        public Builder mode(GenerationMode v) { mode = v; return this; }
        /** One prompt for every frame. */
        public Builder prompt(String v) { prompts = PromptSchedule.of(v); return this; }
        /** Prompts at keyframes (prompt travel); a one-keyframe schedule is the same as {@link #prompt}. */
        public Builder prompts(PromptSchedule v) { prompts = v == null ? PromptSchedule.of("") : v; return this; }
        public Builder negativePrompt(String v) { negativePrompt = v == null ? "" : v; return this; }
        public Builder image(FrameSequence v) { image = v; return this; }
        public Builder video(FrameSequence v) { video = v; return this; }
        public Builder masks(List<Mask> v) { masks = v == null ? List.of() : List.copyOf(v); return this; }
        public Builder mask(Mask v) { masks = v == null ? List.of() : List.of(v); return this; }
        public Builder frames(int v) { frames = v; return this; }
        public Builder fps(double v) { fps = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder guidance(double v) { guidance = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder sampler(SamplerKind v) { sampler = v; return this; }
        public Builder lowpass(double v) { lowpass = v; return this; }
        public Builder feather(double v) { feather = v; return this; }
        public Builder style(StyleMix v) { style = v == null ? StyleMix.NONE : v; return this; }
        public Builder eta(double v) { eta = v; return this; }
        /** Frame size to generate at; 0 x 0 (the default) is the model's native size. */
        public Builder size(int w, int h) { width = w; height = h; return this; }
        /** Starting latents (1, C, frames, h, w) instead of seeded noise, to compare with another implementation. */
        public Builder initialNoise(Latents v) { initialNoise = v; return this; }
        /** A seamless loop: the last frame leads into the first (looped temporal windows). */
        public Builder loop(boolean v) { loop = v; return this; }
        /** Overrides the model's timestep spacing (leading, trailing, linspace); null keeps it. */
        public Builder timestepSpacing(String v) { timestepSpacing = v; return this; }

        public GenerationRequest build() {
            if (mode == null) throw new IllegalArgumentException("mode is missing");
            if (frames < 1 || frames > MAX_FRAMES) throw new IllegalArgumentException("frames must be between 1 and " + MAX_FRAMES + ", got " + frames);
            if (steps < 1 || steps > 1000) throw new IllegalArgumentException("steps must be between 1 and 1000, got " + steps);
            if (!(fps >= 1 && fps <= 60)) throw new IllegalArgumentException("fps must be between 1 and 60, got " + fps);
            if (!(guidance >= 1 && guidance <= 30)) throw new IllegalArgumentException("guidance must be between 1 and 30, got " + guidance);
            if (!(lowpass >= 0 && lowpass <= 1)) throw new IllegalArgumentException("low-pass strength must be between 0 and 1, got " + lowpass);
            if (!(feather >= 0 && feather <= 32)) throw new IllegalArgumentException("feather must be between 0 and 32 pixels, got " + feather);
            if (!(eta >= 0 && eta <= 1)) throw new IllegalArgumentException("eta must be between 0 and 1, got " + eta);
            if (mode.needsImage() && (image == null || image.isEmpty())) throw new IllegalArgumentException(mode.title() + " needs an input image");
            if (!mode.needsImage() && image != null) throw new IllegalArgumentException(mode.title() + " takes no input image");
            if (mode.needsVideo() && (video == null || video.isEmpty())) throw new IllegalArgumentException(mode.title() + " needs an input video");
            if (!mode.needsVideo() && video != null) throw new IllegalArgumentException(mode.title() + " takes no input video");
            if (mode.needsMask() && masks.isEmpty()) throw new IllegalArgumentException(mode.title() + " needs a painted mask");
            if (!mode.needsMask() && !masks.isEmpty()) throw new IllegalArgumentException(mode.title() + " takes no mask");
            if (prompts.lastFrame() >= frames) {
                throw new IllegalArgumentException("the prompt keyframe at frame " + prompts.lastFrame() + " is past the end of the "
                        + frames + "-frame clip (frames count from 0 to " + (frames - 1) + ")");
            }
            if (width < 0 || height < 0 || (width == 0) != (height == 0)) throw new IllegalArgumentException("width and height must be given together, got " + width + "x" + height);
            if (timestepSpacing != null && !java.util.Set.of("leading", "trailing", "linspace").contains(timestepSpacing)) {
                throw new IllegalArgumentException("timestep spacing must be leading, trailing or linspace, got " + timestepSpacing);
            }
            if (width > 4096 || height > 4096) throw new IllegalArgumentException("frames can be at most 4096 pixels on a side, got " + width + "x" + height);
            return new GenerationRequest(mode, prompts, negativePrompt, image, video, masks, frames, fps, steps, guidance,
                    seed, sampler, lowpass, feather, style, eta, width, height, initialNoise, loop, timestepSpacing);
        }
    }
}
