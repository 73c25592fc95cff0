package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

/** What Euler and Euler ancestral share: samples x0 + sigma eps, the model input scaled back to unit variance. */
abstract class EulerFamily extends SigmaScheduler {
    EulerFamily(SchedulerConfig config, String className) {
        super(config, className);
    }

    /** The largest sigma; with leading spacing sqrt(sigma_max^2 + 1), as diffusers has it. */
    @Override
    public double initNoiseSigma() {
        schedule();
        float max = 0;
        for (float s : sigmas) max = Math.max(max, s);
        return config.timestepSpacing() == SchedulerConfig.TimestepSpacing.LEADING ? Numerics.sqrt(max * max + 1f) : max;
    }

    @Override
    public NDArray scaleModelInput(NDArray sample, int stepIndex) {
        checkStepIndex(stepIndex);
        float s = sigmas[stepIndex];
        return sample.div(Numerics.sqrt(s * s + 1f));
    }

    /** original + sigma_i noise. */
    @Override
    public NDArray addNoise(NDArray original, NDArray noise, int stepIndex) {
        checkStepIndex(stepIndex);
        return original.add(noise.mul(sigmas[stepIndex]));
    }
}
