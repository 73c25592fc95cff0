package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' EulerAncestralDiscreteScheduler: an Euler step down to sigma_down, then fresh noise of sigma_up, with
 * sigma_up^2 + sigma_down^2 = sigma_next^2. Like diffusers it draws noise at every step, the last included (where
 * sigma_up is 0), so a noise stream stays aligned with diffusers' generator. prediction_type "sample" is refused,
 * as in diffusers.
 */
public final class EulerAncestralDiscreteScheduler extends EulerFamily {
    public EulerAncestralDiscreteScheduler(SchedulerConfig config) {
        super(config, SchedulerConfig.EULER_ANCESTRAL);
        if (prediction == Prediction.SAMPLE) {
            throw new IllegalArgumentException(this.config.source() + ": EulerAncestralDiscreteScheduler does not support " +
                    "\"prediction_type\": \"sample\" (diffusers does not either); use epsilon or v_prediction");
        }
        keepLastSigmaFinite();
    }

    @Override
    public void setTimesteps(int n) {
        checkStepCount(n);
        double[] ts = eulerTimesteps(n);
        sigmas = withFinal(interpolatedSigmas(ts, sigmaTable()), 0f);
        timesteps = ts;
        inferenceSteps = n;
    }

    @Override
    public Step step(NDArray modelOutput, int stepIndex, NDArray sample, NoiseFn noise) {
        checkStepIndex(stepIndex);
        NoiseFn source = requireNoise(noise, "EulerAncestralDiscreteScheduler");
        float sigma = sigmas[stepIndex], next = sigmas[stepIndex + 1];
        NDArray x0 = prediction == Prediction.EPSILON
                ? sample.sub(modelOutput.mul(sigma))
                : modelOutput.mul(-sigma / Numerics.sqrt(sigma * sigma + 1f)).add(sample.div(sigma * sigma + 1f));
        float up = Numerics.sqrt(next * next * (sigma * sigma - next * next) / (sigma * sigma));
        // diffusers takes the root of a difference that rounding can push a hair below 0; 0 is the exact value there
        float down = Numerics.sqrt(Math.max(0f, next * next - up * up));
        NDArray derivative = sample.sub(x0).div(sigma);
        NDArray prevSample = sample.add(derivative.mul(down - sigma));
        prevSample = prevSample.add(source.like(modelOutput).mul(up));
        return new Step(prevSample, x0);
    }
}
