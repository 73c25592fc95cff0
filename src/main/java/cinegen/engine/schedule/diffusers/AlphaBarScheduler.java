package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

/**
 * What DDIM and LCM share: unscaled model input, DDPM-style noising at the step's timestep, the level below timestep 0
 * ({@code final_alpha_cumprod}: 1 with set_alpha_to_one, else alphas_cumprod[0]), and the x0 prediction.
 */
abstract class AlphaBarScheduler extends BaseScheduler {
    protected final float finalAlphaCumprod;

    AlphaBarScheduler(SchedulerConfig config, String className) {
        super(config, className);
        refuseThresholding();
        this.finalAlphaCumprod = this.config.setAlphaToOne() ? 1f : alphasCumprod[0];
    }

    /** alphas_cumprod at timestep t, or final_alpha_cumprod below 0. */
    protected float alphaCumprodOrFinal(int t) { return t >= 0 ? alphasCumprod[t] : finalAlphaCumprod; }

    /** The x0 the model output predicts at a timestep of level {@code a} (before clipping). */
    protected NDArray predictOriginal(NDArray modelOutput, NDArray sample, float a) {
        float sqrtA = Numerics.sqrt(a), sqrtB = Numerics.sqrt(1f - a);
        return switch (prediction) {
            case EPSILON -> sample.sub(modelOutput.mul(sqrtB)).div(sqrtA);
            case SAMPLE -> modelOutput;
            case V_PREDICTION -> sample.mul(sqrtA).sub(modelOutput.mul(sqrtB));
        };
    }

    /** x0 clipped to +-clip_sample_range when clip_sample is set. */
    protected NDArray clipPredicted(NDArray x0) {
        if (!config.clipSample()) return x0;
        float r = (float) config.clipSampleRange();
        return x0.clip(-r, r);
    }

    @Override public double initNoiseSigma() { return 1.0; }

    @Override
    public NDArray scaleModelInput(NDArray sample, int stepIndex) {
        checkStepIndex(stepIndex);
        return sample;
    }

    /** diffusers' DDPM-style add_noise: sqrt(abar_t) x0 + sqrt(1 - abar_t) eps. */
    @Override
    public NDArray addNoise(NDArray original, NDArray noise, int stepIndex) {
        checkStepIndex(stepIndex);
        float a = alphasCumprod[(int) timesteps[stepIndex]];
        return original.mul(Numerics.sqrt(a)).add(noise.mul(Numerics.sqrt(1f - a)));
    }

    @Override
    public double alphaBarAt(int stepIndex) {
        checkStepIndex(stepIndex);
        return alphasCumprod[(int) timesteps[stepIndex]];
    }
}
