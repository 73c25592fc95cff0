package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' EulerDiscreteScheduler (k-diffusion's Euler method) without churn (s_churn = 0, diffusers' default,
 * so it never draws noise). Samples are x0 + sigma eps; the model sees sample / sqrt(sigma^2 + 1). Supports linear
 * sigma interpolation, Karras sigmas (timesteps then fractional), final sigma zero or sigma_min, and
 * rescale_betas_zero_snr. Refused: log_linear interpolation, exponential / beta sigmas, continuous timesteps.
 */
public final class EulerDiscreteScheduler extends EulerFamily {
    public EulerDiscreteScheduler(SchedulerConfig config) {
        super(config, SchedulerConfig.EULER);
        SchedulerConfig c = this.config;
        if (!"linear".equals(c.interpolationType())) refuse("interpolation_type", c.interpolationType(), "only \"linear\" is supported");
        if (!"discrete".equals(c.timestepType())) refuse("timestep_type", c.timestepType(), "only \"discrete\" is supported");
        if (c.useExponentialSigmas()) refuse("use_exponential_sigmas", "true", "not supported (Karras or the default sigmas are)");
        if (c.useBetaSigmas()) refuse("use_beta_sigmas", "true", "not supported (Karras or the default sigmas are)");
        c.finalSigmasType(); // fails now for an unknown value
        keepLastSigmaFinite();
    }

    private void refuse(String key, String value, String why) {
        throw new IllegalArgumentException(config.source() + ": \"" + key + "\": " + value + " is " + why + " for " + config.className());
    }

    @Override
    public void setTimesteps(int n) {
        checkStepCount(n);
        double[] ts = eulerTimesteps(n);
        float[] table = sigmaTable();
        float[] s;
        if (config.useKarrasSigmas()) {
            double first = Numerics.interpOnIndex(ts[0], table), last = Numerics.interpOnIndex(ts[ts.length - 1], table);
            double sigmaMin = config.sigmaMin() != null ? config.sigmaMin() : last;
            double sigmaMax = config.sigmaMax() != null ? config.sigmaMax() : first;
            double[] karras = Numerics.karras(sigmaMin, sigmaMax, n);
            float[] logSigmas = new float[table.length];
            for (int i = 0; i < table.length; i++) logSigmas[i] = (float) Math.log(table[i]);
            ts = new double[n];
            s = new float[n];
            for (int i = 0; i < n; i++) {
                ts[i] = (float) Numerics.sigmaToT(karras[i], logSigmas);
                s[i] = (float) karras[i];
            }
        } else {
            s = interpolatedSigmas(ts, table);
        }
        sigmas = withFinal(s, finalSigma());
        timesteps = ts;
        inferenceSteps = n;
    }

    @Override
    public Step step(NDArray modelOutput, int stepIndex, NDArray sample, NoiseFn noise) {
        checkStepIndex(stepIndex);
        float sigma = sigmas[stepIndex];
        NDArray x0 = switch (prediction) {
            case SAMPLE -> modelOutput;
            case EPSILON -> sample.sub(modelOutput.mul(sigma));
            case V_PREDICTION -> modelOutput.mul(-sigma / Numerics.sqrt(sigma * sigma + 1f)).add(sample.div(sigma * sigma + 1f));
        };
        NDArray derivative = sample.sub(x0).div(sigma);
        float dt = sigmas[stepIndex + 1] - sigma;
        return new Step(sample.add(derivative.mul(dt)), x0);
    }
}
