package cinegen.engine.train;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import cinegen.engine.family.bundled.net.DenoiserConfig;
import cinegen.engine.family.bundled.net.SpaceTimeUNet;
import cinegen.engine.family.bundled.net.TextEncoder;
import cinegen.engine.family.bundled.net.Tokenizer;
import cinegen.engine.schedule.NoiseSchedule;
import cinegen.engine.schedule.NoiseSource;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One training batch for the denoiser: clean latents, a random conditioning mode per clip (C and M built as the
 * pipeline builds them), captions, frame rates, timesteps and noise; {@link #train} runs the v-prediction loss
 * with low-noise fall-off weighting and back-propagates it. Shared by base training and style fine-tuning.
 */
public final class DiffusionBatch {
    /** A clip for training: normalised latents (L, T, h, w), the objects' coverage (T, h, w), its caption and frame rate. */
    /** @param layout the planned layout channel (T, h, w) (decision 26), or null for none (a zero channel) */
    /** @param silhouettes the objects' silhouettes folded onto the latent grid (16, T, h, w) (decision 29), or null for none */
    public record Sample(float[] latents, float[] coverage, String caption, double fps, float[] layout, float[] silhouettes) {
        public Sample(float[] latents, float[] coverage, String caption, double fps) { this(latents, coverage, caption, fps, null, null); }
        public Sample(float[] latents, float[] coverage, String caption, double fps, float[] layout) { this(latents, coverage, caption, fps, layout, null); }
    }

    private final int b, lc, t, h, w, tokens;
    /**
     * Extra loss weight on latent cells that an object's outline crosses, in clips given their silhouettes
     * (decision 30). The weight depends only on the denoiser's input, so the optimum stays the conditional mean;
     * it spends the model's capacity on the cells that decide a shape (a circle's rim, a star's points).
     */
    static final double OUTLINE_WEIGHT = 4.0;

    private final float[] z0, cond, keep, layout, silhouettes, cellWeight, fps, ts, noise, sa, sb, weight;
    private final int[] ids;

    public DiffusionBatch(List<Sample> samples, int latentChannels, int frames, int height, int width, Tokenizer tokenizer,
                   NoiseSchedule schedule, SplittableRandom rng, boolean t2vOnly) {
        this(samples, latentChannels, frames, height, width, tokenizer, schedule, rng, t2vOnly, 0);
    }

    /** @param minStep the lowest timestep drawn (0 for training; a probe of the prompt looks at high noise only) */
    public DiffusionBatch(List<Sample> samples, int latentChannels, int frames, int height, int width, Tokenizer tokenizer,
                   NoiseSchedule schedule, SplittableRandom rng, boolean t2vOnly, int minStep) {
        this(samples, latentChannels, frames, height, width, tokenizer, schedule, rng, t2vOnly, minStep, schedule.trainSteps());
    }

    /** @param minStep lowest timestep drawn; @param endStep one past the highest (a probe looks at one band of noise) */
    public DiffusionBatch(List<Sample> samples, int latentChannels, int frames, int height, int width, Tokenizer tokenizer,
                   NoiseSchedule schedule, SplittableRandom rng, boolean t2vOnly, int minStep, int endStep) {
        this(samples, latentChannels, frames, height, width, tokenizer, schedule, rng, t2vOnly, minStep, endStep, 0);
    }

    /**
     * @param highNoiseShare share of clips whose timestep is drawn with density rising linearly towards the noisiest
     *                       step instead of uniformly (decision 20): where the layout and the prompt's words are decided
     */
    public DiffusionBatch(List<Sample> samples, int latentChannels, int frames, int height, int width, Tokenizer tokenizer,
                   NoiseSchedule schedule, SplittableRandom rng, boolean t2vOnly, int minStep, int endStep, double highNoiseShare) {
        this(samples, latentChannels, frames, height, width, tokenizer, schedule, rng, t2vOnly, minStep, endStep, highNoiseShare, 0);
    }

    /**
     * @param topStepShare share of clips drawn at exactly the noisiest step of the band (decision 25): the step
     *                     sampling starts from, where the input is pure noise and the best prediction is the
     *                     caption's average clip, not a place read from the noise
     */
    public DiffusionBatch(List<Sample> samples, int latentChannels, int frames, int height, int width, Tokenizer tokenizer,
                   NoiseSchedule schedule, SplittableRandom rng, boolean t2vOnly, int minStep, int endStep, double highNoiseShare,
                   double topStepShare) {
        if (minStep < 0 || endStep > schedule.trainSteps() || endStep <= minStep) {
            throw new IllegalArgumentException("timestep band [" + minStep + ", " + endStep + ") outside [0, " + schedule.trainSteps() + ")");
        }
        b = samples.size();
        lc = latentChannels;
        t = frames;
        h = height;
        w = width;
        tokens = tokenizer.maxTokens();
        int plane = t * h * w;
        z0 = new float[b * lc * plane];
        cond = new float[b * lc * plane];
        keep = new float[b * plane];
        layout = new float[b * plane];
        silhouettes = new float[b * DenoiserConfig.SILHOUETTE_CHANNELS * plane];
        cellWeight = new float[b * plane];
        fps = new float[b];
        ts = new float[b];
        noise = new float[b * lc * plane];
        sa = new float[b];
        sb = new float[b];
        weight = new float[b];
        ids = new int[b * tokens];
        for (int i = 0; i < b; i++) {
            Sample s = samples.get(i);
            System.arraycopy(s.latents(), 0, z0, i * lc * plane, lc * plane);
            cinegen.frames.GenerationMode mode = t2vOnly ? cinegen.frames.GenerationMode.TEXT_TO_VIDEO : TrainingMasks.draw(rng);
            float[] k = TrainingMasks.keep(mode, t, h, w, s.coverage(), rng);
            System.arraycopy(k, 0, keep, i * plane, plane);
            if (s.layout() != null) System.arraycopy(s.layout(), 0, layout, i * plane, plane);
            int sp = DenoiserConfig.SILHOUETTE_CHANNELS * plane;
            if (s.silhouettes() != null) System.arraycopy(s.silhouettes(), 0, silhouettes, i * sp, sp);
            System.arraycopy(outlineWeights(s.silhouettes(), plane), 0, cellWeight, i * plane, plane);
            for (int c = 0; c < lc; c++) {
                for (int p = 0; p < plane; p++) {
                    // Cinemagraph conditioning shows the first frame on every frame.
                    int src = mode == cinegen.frames.GenerationMode.CINEMAGRAPH ? p % (h * w) : p;
                    cond[i * lc * plane + c * plane + p] = z0[i * lc * plane + c * plane + src] * k[p];
                }
            }
            System.arraycopy(tokenizer.encode(s.caption()), 0, ids, i * tokens, tokens);
            fps[i] = (float) s.fps();
            double draw = rng.nextDouble();
            int step = draw < topStepShare ? endStep - 1 : minStep + (rng.nextDouble() < highNoiseShare
                    ? Math.min(endStep - minStep - 1, (int) ((endStep - minStep) * Math.sqrt(rng.nextDouble())))
                    : rng.nextInt(endStep - minStep));
            ts[i] = step;
            double ab = schedule.alphaBar(step);
            sa[i] = (float) Math.sqrt(ab);
            sb[i] = (float) Math.sqrt(1 - ab);
            double snr = schedule.snr(step);
            // Plain v-loss at high noise, where the prompt decides colour, shape and motion (min-SNR-5 would weight
            // it towards zero there); min-SNR-style fall-off only at low noise, so fine detail does not dominate.
            weight[i] = (float) Math.min(1.0, 6.0 / (snr + 1));
        }
        NoiseSource.fill(rng, noise);
        NoiseSource.correlateFrames(noise, b * lc, t, h * w, schedule.frameCorrelation(), rng);
    }

    /**
     * Per latent cell (plane = T * h * w): 1 + {@link #OUTLINE_WEIGHT} where the folded silhouettes cover the cell
     * partly (an outline crosses it), 1 elsewhere and everywhere when there are no silhouettes.
     */
    static float[] outlineWeights(float[] folded, int plane) {
        float[] out = new float[plane];
        java.util.Arrays.fill(out, 1f);
        if (folded == null) return out;
        int channels = DenoiserConfig.SILHOUETTE_CHANNELS;
        for (int p = 0; p < plane; p++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) sum += folded[c * plane + p];
            double mean = sum / channels;
            if (mean > 0.02 && mean < 0.98) out[p] = (float) (1 + OUTLINE_WEIGHT);
        }
        return out;
    }

    /** The timestep drawn for each clip (a copy). */
    float[] timesteps() { return ts.clone(); }

    /** Forward, loss and backward; gradients land on the networks' parameters. Returns the unweighted mean loss. */
    public double train(NDManager parent, TextEncoder text, SpaceTimeUNet unet) {
        return train(parent, text, unet, 0);
    }

    /**
     * As {@link #train(NDManager, TextEncoder, SpaceTimeUNet)}, plus {@code temporalWeight} times the squared error
     * of the frame-to-frame differences (decision 15). Both terms are fixed quadratic forms of the error, so the
     * optimum stays the conditional mean; the second weights what changes between frames, i.e. motion. Returns
     * the plain mean squared v error, comparable across weights.
     */
    public double train(NDManager parent, TextEncoder text, SpaceTimeUNet unet, double temporalWeight) {
        try (NDManager s = parent.newSubManager();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray err = error(s, text, unet);
            // A per-pixel weight that depends on the clean clip (such as one on the objects' pixels) would bias the
            // optimum towards "an object is here" wherever one might be, and samples grow into large blobs; the
            // outline weight depends on the silhouette input only, which the denoiser sees.
            NDArray cells = s.create(cellWeight, new Shape(b, 1, t, h, w));
            NDArray loss = perClipLoss(err, temporalWeight, cells).mul(s.create(weight)).mean();
            double value = err.square().mean().getFloat();
            gc.backward(loss);
            return value;
        }
    }

    /** Per clip of {@code err} (B, C, T, H, W): mean squared error plus {@code temporalWeight} x mean squared frame difference. */
    static NDArray perClipLoss(NDArray err, double temporalWeight) {
        return perClipLoss(err, temporalWeight, null);
    }

    /** As {@link #perClipLoss(NDArray, double)}, the squared error weighted per cell by {@code cells} (B, 1, T, H, W) unless null. */
    static NDArray perClipLoss(NDArray err, double temporalWeight, NDArray cells) {
        long clips = err.getShape().get(0), frames = err.getShape().get(2);
        NDArray sq = cells == null ? err.square() : err.square().mul(cells);
        NDArray perClip = sq.reshape(clips, -1).mean(new int[] {1});
        if (temporalWeight <= 0 || frames < 2) return perClip;
        NDArray diff = err.get(new NDIndex(":, :, 1:")).sub(err.get(new NDIndex(":, :, :" + (frames - 1))));
        return perClip.add(diff.square().reshape(clips, -1).mean(new int[] {1}).mul((float) temporalWeight));
    }

    /** Forward only: the unweighted mean squared v error of this batch (no gradients are recorded). */
    public double meanSquaredError(NDManager parent, TextEncoder text, SpaceTimeUNet unet) {
        try (NDManager s = parent.newSubManager()) {
            return error(s, text, unet).square().mean().getFloat();
        }
    }

    private NDArray error(NDManager s, TextEncoder text, SpaceTimeUNet unet) {
        Shape vid = new Shape(b, lc, t, h, w);
        NDArray x0 = s.create(z0, vid), eps = s.create(noise, vid);
        NDArray alpha = s.create(sa, new Shape(b, 1, 1, 1, 1)), sigma = s.create(sb, new Shape(b, 1, 1, 1, 1));
        NDArray xt = x0.mul(alpha).add(eps.mul(sigma));
        NDArray target = eps.mul(alpha).sub(x0.mul(sigma));
        NDList parts = new NDList(xt, s.create(cond, vid), s.create(keep, new Shape(b, 1, t, h, w)));
        if (unet.config().layout()) parts.add(s.create(layout, new Shape(b, 1, t, h, w)));
        if (unet.config().silhouette()) parts.add(s.create(silhouettes, new Shape(b, DenoiserConfig.SILHOUETTE_CHANNELS, t, h, w)));
        NDArray input = NDArrays.concat(parts, 1);
        NDArray tok = text.apply(s.create(ids, new Shape(b, tokens)));
        NDArray pred = unet.apply(input, s.create(ts), s.create(fps), tok);
        return pred.sub(target);
    }
}
