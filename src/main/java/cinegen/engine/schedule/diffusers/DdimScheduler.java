package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' DDIMScheduler (Song et al. 2021). Deterministic for eta = 0 (diffusers' default); eta > 0 adds
 * fresh noise at every step, as diffusers' {@code step(..., eta)}.
 *
 * <p>As in diffusers, step i goes from timestep t to t - num_train_timesteps / n (integer division), not to the
 * next listed timestep: with linspace or trailing spacing and n not dividing the training steps the two differ.
 * Below timestep 0 the level is {@code final_alpha_cumprod}: 1 with set_alpha_to_one, else alphas_cumprod[0].
 */
public final class DdimScheduler extends BaseScheduler {
    private final float finalAlphaCumprod;
    private final double eta;

    public DdimScheduler(SchedulerConfig config) { this(config, 0.0); }

    /** @param eta 0 for DDIM, 1 for DDPM-like ancestral noise */
    public DdimScheduler(SchedulerConfig config, double eta) {
        super(config, SchedulerConfig.DDIM);
        if (!(eta >= 0)) throw new IllegalArgumentException("DDIM eta must be >= 0, got " + eta);
        refuseThresholding();
        this.eta = eta;
        this.finalAlphaCumprod = this.config.setAlphaToOne() ? 1f : alphasCumprod[0];
    }

    @Override
    public void setTimesteps(int n) {
        checkStepCount(n);
        timesteps = spacedTimesteps(config, trainSteps, n);
        inferenceSteps = n;
    }

    /** The integer timesteps of diffusers' DDIM/DDPM spacings, decreasing. */
    static double[] spacedTimesteps(SchedulerConfig config, int trainSteps, int n) {
        double[] ts;
        switch (config.timestepSpacing()) {
            case LINSPACE -> {
                double[] lin = Numerics.linspace(0, trainSteps - 1, n, true);
                ts = new double[n];
                for (int i = 0; i < n; i++) ts[i] = Numerics.round(lin[n - 1 - i]);
            }
            case LEADING -> {
                int ratio = trainSteps / n;
                ts = new double[n];
                for (int i = 0; i < n; i++) ts[i] = (double) (n - 1 - i) * ratio + config.stepsOffset();
            }
            case TRAILING -> {
                ts = Numerics.trailing(trainSteps, (double) trainSteps / n);
            }
            default -> throw new IllegalStateException();
        }
        for (double t : ts) {
            if (t < 0 || t >= trainSteps) {
                throw new IllegalArgumentException(config.source() + ": timestep " + (long) t + " (steps_offset " + config.stepsOffset() +
                        ") is outside the " + trainSteps + " training timesteps");
            }
        }
        return ts;
    }

    @Override public double initNoiseSigma() { return 1.0; }

    @Override
    public NDArray scaleModelInput(NDArray sample, int stepIndex) {
        checkStepIndex(stepIndex);
        return sample;
    }

    @Override
    public Step step(NDArray modelOutput, int stepIndex, NDArray sample, NoiseFn noise) {
        checkStepIndex(stepIndex);
        int t = (int) timesteps[stepIndex];
        int prev = t - trainSteps / inferenceSteps;
        float a = alphasCumprod[t];
        float aPrev = prev >= 0 ? alphasCumprod[prev] : finalAlphaCumprod;
        float b = 1f - a;
        float sqrtA = Numerics.sqrt(a), sqrtB = Numerics.sqrt(b);
        NDArray x0, eps;
        switch (prediction) {
            case EPSILON -> {
                x0 = sample.sub(modelOutput.mul(sqrtB)).div(sqrtA);
                eps = modelOutput;
            }
            case SAMPLE -> {
                x0 = modelOutput;
                eps = sample.sub(x0.mul(sqrtA)).div(sqrtB);
            }
            case V_PREDICTION -> {
                x0 = sample.mul(sqrtA).sub(modelOutput.mul(sqrtB));
                eps = modelOutput.mul(sqrtA).add(sample.mul(sqrtB));
            }
            default -> throw new IllegalStateException();
        }
        if (config.clipSample()) {
            float r = (float) config.clipSampleRange();
            x0 = x0.clip(-r, r);
        }
        float variance = ((1f - aPrev) / b) * (1f - a / aPrev);
        float std = (float) eta * Numerics.sqrt(variance);
        NDArray direction = eps.mul(Numerics.sqrt(1f - aPrev - std * std));
        NDArray prevSample = x0.mul(Numerics.sqrt(aPrev)).add(direction);
        if (eta > 0) prevSample = prevSample.add(requireNoise(noise, "DDIM with eta > 0").like(modelOutput).mul(std));
        return new Step(prevSample, x0);
    }

    @Override
    public NDArray addNoise(NDArray original, NDArray noise, int stepIndex) {
        checkStepIndex(stepIndex);
        return addNoiseAtTimestep(alphasCumprod, (int) timesteps[stepIndex], original, noise);
    }

    /** diffusers' DDPM-style add_noise: sqrt(abar_t) x0 + sqrt(1 - abar_t) eps. */
    static NDArray addNoiseAtTimestep(float[] alphasCumprod, int t, NDArray original, NDArray noise) {
        float a = alphasCumprod[t];
        return original.mul(Numerics.sqrt(a)).add(noise.mul(Numerics.sqrt(1f - a)));
    }

    @Override
    public double alphaBarAt(int stepIndex) {
        checkStepIndex(stepIndex);
        return alphasCumprod[(int) timesteps[stepIndex]];
    }

    /** eta of this scheduler. */
    public double eta() { return eta; }
}
