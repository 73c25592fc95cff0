package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' LCMScheduler (latent consistency models; AnimateLCM uses it with linear betas). Its timesteps come from
 * the distillation schedule of original_inference_steps (every num_train_timesteps / original_inference_steps-th
 * timestep), evenly picked; timestep_spacing and steps_offset play no part. Each step predicts x0, applies the
 * consistency boundary condition (c_skip, c_out with timestep_scaling) to get {@code denoised}, and, except at the
 * last step, noises it afresh to the next timestep. The step's {@code predOriginal} is that denoised sample, which
 * LCM pipelines output after the last step.
 */
public final class LcmScheduler extends AlphaBarScheduler {
    private static final float SIGMA_DATA = 0.5f;

    public LcmScheduler(SchedulerConfig config) { super(config, SchedulerConfig.LCM); }

    @Override
    public void setTimesteps(int n) {
        checkStepCount(n);
        int original = config.originalInferenceSteps();
        if (original > trainSteps) {
            throw new IllegalArgumentException(config.source() + ": \"original_inference_steps\" (" + original +
                    ") cannot exceed num_train_timesteps (" + trainSteps + ")");
        }
        if (n > original) {
            throw new IllegalArgumentException("LCMScheduler: " + n + " steps is more than original_inference_steps (" + original +
                    "), the distillation schedule the steps are taken from");
        }
        int k = trainSteps / original;
        double[] picks = Numerics.linspace(0, original, n, false);
        timesteps = new double[n];
        for (int i = 0; i < n; i++) {
            int fromEnd = (int) Math.floor(picks[i]);
            timesteps[i] = (double) (original - fromEnd) * k - 1;
        }
        inferenceSteps = n;
    }

    @Override
    public Step step(NDArray modelOutput, int stepIndex, NDArray sample, NoiseFn noise) {
        checkStepIndex(stepIndex);
        int t = (int) timesteps[stepIndex];
        boolean last = stepIndex == inferenceSteps - 1;
        int prevT = stepIndex + 1 < timesteps.length ? (int) timesteps[stepIndex + 1] : t;
        float a = alphasCumprod[t];
        float aPrev = alphaCumprodOrFinal(prevT);
        float bPrev = 1f - aPrev;

        float scaled = (float) t * (float) config.timestepScaling();
        float denominator = scaled * scaled + SIGMA_DATA * SIGMA_DATA;
        float cSkip = SIGMA_DATA * SIGMA_DATA / denominator;
        float cOut = scaled / Numerics.sqrt(denominator);

        NDArray x0 = clipPredicted(predictOriginal(modelOutput, sample, a));
        NDArray denoised = x0.mul(cOut).add(sample.mul(cSkip));
        if (last) return new Step(denoised, denoised);
        NDArray fresh = requireNoise(noise, "LCMScheduler").like(modelOutput);
        NDArray prevSample = denoised.mul(Numerics.sqrt(aPrev)).add(fresh.mul(Numerics.sqrt(bPrev)));
        return new Step(prevSample, denoised);
    }
}
