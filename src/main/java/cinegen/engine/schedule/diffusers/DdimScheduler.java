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
public final class DdimScheduler extends AlphaBarScheduler {
    private final double eta;

    public DdimScheduler(SchedulerConfig config) { this(config, 0.0); }

    /** @param eta 0 for DDIM, 1 for DDPM-like ancestral noise */
    public DdimScheduler(SchedulerConfig config, double eta) {
        super(config, SchedulerConfig.DDIM);
        if (!(eta >= 0)) throw new IllegalArgumentException("DDIM eta must be >= 0, got " + eta);
        this.eta = eta;
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

    @Override
    public Step step(NDArray modelOutput, int stepIndex, NDArray sample, NoiseFn noise) {
        checkStepIndex(stepIndex);
        int t = (int) timesteps[stepIndex];
        int prev = t - trainSteps / inferenceSteps;
        float a = alphasCumprod[t];
        float aPrev = alphaCumprodOrFinal(prev);
        float b = 1f - a;
        float sqrtA = Numerics.sqrt(a), sqrtB = Numerics.sqrt(b);
        NDArray x0 = predictOriginal(modelOutput, sample, a);
        NDArray eps = switch (prediction) {
            case EPSILON -> modelOutput;
            case SAMPLE -> sample.sub(x0.mul(sqrtA)).div(sqrtB);
            case V_PREDICTION -> modelOutput.mul(sqrtA).add(sample.mul(sqrtB));
        };
        x0 = clipPredicted(x0);
        float variance = ((1f - aPrev) / b) * (1f - a / aPrev);
        float std = (float) eta * Numerics.sqrt(variance);
        NDArray direction = eps.mul(Numerics.sqrt(1f - aPrev - std * std));
        NDArray prevSample = x0.mul(Numerics.sqrt(aPrev)).add(direction);
        if (eta > 0) prevSample = prevSample.add(requireNoise(noise, "DDIM with eta > 0").like(modelOutput).mul(std));
        return new Step(prevSample, x0);
    }

    /** eta of this scheduler. */
    public double eta() { return eta; }
}
