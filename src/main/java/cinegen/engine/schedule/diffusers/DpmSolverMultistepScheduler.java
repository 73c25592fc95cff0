package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' DPMSolverMultistepScheduler with algorithm_type dpmsolver++ (DPM-Solver++(2M), Lu et al. 2022):
 * solver_order 1 or 2, solver_type midpoint or heun, default or Karras sigmas, final sigma zero or sigma_min,
 * lower_order_final / euler_at_final, lambda_min_clipped. Samples are variance-preserving; each step converts the
 * model output to a data prediction and integrates in log-SNR. The previous step's data prediction is kept (outside
 * any step's manager) until {@link #release()} or the next {@link #setTimesteps}; steps must then run in order.
 *
 * <p>Refused with a message: the SDE and non-++ algorithm types, solver_order 3, learned variance outputs, Lu
 * lambdas, exponential and beta sigmas, thresholding.
 */
public final class DpmSolverMultistepScheduler extends SigmaScheduler {
    private final int order;
    private final boolean heun;
    /** Data prediction of the previous step, detached from every manager; null before the first step. */
    private NDArray previousX0;
    private int lowerOrderCount;
    private int lastStep = -1;

    public DpmSolverMultistepScheduler(SchedulerConfig config) {
        super(config, SchedulerConfig.DPM_SOLVER_MULTISTEP);
        SchedulerConfig c = this.config;
        String algorithm = c.algorithmType();
        // diffusers itself maps the deprecated "deis" onto dpmsolver++
        if (!algorithm.equals("dpmsolver++") && !algorithm.equals("deis")) {
            throw new IllegalArgumentException(c.source() + ": \"algorithm_type\": \"" + algorithm + "\" is not supported; " +
                    "only \"dpmsolver++\" (DPM-Solver++, the diffusers default) is implemented");
        }
        order = c.solverOrder();
        if (order > 2) {
            throw new IllegalArgumentException(c.source() + ": \"solver_order\": " + order + " is not supported (1 or 2; 2 is DPM-Solver++ 2M)");
        }
        String solver = c.solverType();
        heun = solver.equals("heun");
        if (!heun && !solver.equals("midpoint") && !solver.equals("logrho") && !solver.equals("bh1") && !solver.equals("bh2")) {
            throw new IllegalArgumentException(c.source() + ": \"solver_type\": \"" + solver + "\" is not known (midpoint, heun)");
        }
        if (c.varianceType() != null) {
            throw new IllegalArgumentException(c.source() + ": \"variance_type\": \"" + c.varianceType() + "\" (a model predicting its " +
                    "variance) is not supported; it must be null");
        }
        if (c.useLuLambdas()) throw new IllegalArgumentException(c.source() + ": \"use_lu_lambdas\": true is not supported");
        if (c.useExponentialSigmas()) throw new IllegalArgumentException(c.source() + ": \"use_exponential_sigmas\": true is not supported");
        if (c.useBetaSigmas()) throw new IllegalArgumentException(c.source() + ": \"use_beta_sigmas\": true is not supported");
        c.finalSigmasType(); // fails now for an unknown value
        refuseThresholding();
        keepLastSigmaFinite();
    }

    @Override
    public void setTimesteps(int n) {
        checkStepCount(n);
        int last = trainSteps - clippedIndex();
        double[] ts;
        switch (config.timestepSpacing()) {
            case LINSPACE -> {
                double[] lin = Numerics.linspace(0, last - 1, n + 1, true);
                ts = new double[n];
                for (int i = 0; i < n; i++) ts[i] = Numerics.round(lin[n - i]);
            }
            case LEADING -> {
                int ratio = last / (n + 1);
                ts = new double[n];
                for (int i = 0; i < n; i++) ts[i] = (double) (n - i) * ratio + config.stepsOffset();
            }
            case TRAILING -> {
                ts = Numerics.trailing(last, (double) trainSteps / n);
            }
            default -> throw new IllegalStateException();
        }
        float[] table = sigmaTable();
        float[] s;
        if (config.useKarrasSigmas()) {
            float[] logSigmas = new float[table.length];
            for (int i = 0; i < table.length; i++) logSigmas[i] = (float) Math.log(table[i]);
            double[] karras = Numerics.karras(table[0], table[table.length - 1], n);
            ts = new double[n];
            s = new float[n];
            for (int i = 0; i < n; i++) {
                ts[i] = Numerics.round(Numerics.sigmaToT(karras[i], logSigmas));
                s[i] = (float) karras[i];
            }
        } else {
            s = interpolatedSigmas(ts, table);
        }
        for (double t : ts) {
            if (t < 0 || t >= trainSteps) {
                throw new IllegalArgumentException(config.source() + ": timestep " + (long) t + " (steps_offset " + config.stepsOffset() +
                        ") is outside the " + trainSteps + " training timesteps");
            }
        }
        sigmas = withFinal(s, finalSigma());
        timesteps = ts;
        inferenceSteps = ts.length;
        release();
    }

    /** How many of the smallest log-SNRs lambda_min_clipped cuts off the end of the schedule (torch.searchsorted). */
    private int clippedIndex() {
        double min = config.lambdaMinClipped();
        int count = 0;
        for (float a : alphasCumprod) {
            float lambda = (float) Math.log(Numerics.sqrt(a)) - (float) Math.log(Numerics.sqrt(1f - a));
            if (lambda < min) count++;
        }
        return count;
    }

    @Override public double initNoiseSigma() { return 1.0; }

    @Override
    public NDArray scaleModelInput(NDArray sample, int stepIndex) {
        checkStepIndex(stepIndex);
        return sample;
    }

    /** alpha_t = 1 / sqrt(sigma^2 + 1) and sigma_t = sigma alpha_t, in float32. */
    private static float alphaOf(float sigma) { return 1f / Numerics.sqrt(sigma * sigma + 1f); }

    private static float lambdaOf(float sigma) {
        float alpha = alphaOf(sigma), sigmaT = sigma * alpha;
        return (float) Math.log(alpha) - (float) Math.log(sigmaT);
    }

    @Override
    public Step step(NDArray modelOutput, int stepIndex, NDArray sample, NoiseFn noise) {
        checkStepIndex(stepIndex);
        if (lastStep >= 0 && stepIndex != lastStep + 1) {
            throw new IllegalStateException("DPMSolverMultistepScheduler keeps the previous step's prediction: expected step " +
                    (lastStep + 1) + ", got " + stepIndex + " (call setTimesteps to start over)");
        }
        int n = timesteps.length;
        boolean lowerOrderFinal = stepIndex == n - 1 && (config.eulerAtFinal() || (config.lowerOrderFinal() && n < 15)
                || config.finalSigmasType() == SchedulerConfig.FinalSigmas.ZERO);

        float sigmaS = sigmas[stepIndex];
        float alphaS = alphaOf(sigmaS), sigmaTS = sigmaS * alphaS;
        NDArray x0 = switch (prediction) {
            case EPSILON -> sample.sub(modelOutput.mul(sigmaTS)).div(alphaS);
            case SAMPLE -> modelOutput;
            case V_PREDICTION -> sample.mul(alphaS).sub(modelOutput.mul(sigmaTS));
        };

        float sigmaNext = sigmas[stepIndex + 1];
        float alphaT = alphaOf(sigmaNext), sigmaT = sigmaNext * alphaT;
        float h = lambdaOf(sigmaNext) - lambdaOf(sigmaS);
        float expm = (float) Math.exp(-h) - 1f;
        NDArray prevSample;
        if (order == 1 || lowerOrderCount < 1 || lowerOrderFinal) {
            prevSample = sample.mul(sigmaT / sigmaTS).sub(x0.mul(alphaT * expm));
        } else {
            float h0 = lambdaOf(sigmaS) - lambdaOf(sigmas[stepIndex - 1]);
            float r0 = h0 / h;
            NDArray d1 = x0.sub(previousX0).mul(1f / r0);
            prevSample = sample.mul(sigmaT / sigmaTS).sub(x0.mul(alphaT * expm));
            prevSample = heun
                    ? prevSample.add(d1.mul(alphaT * (expm / h + 1f)))
                    : prevSample.sub(d1.mul(0.5f * (alphaT * expm)));
        }
        if (lowerOrderCount < order) lowerOrderCount++;
        keep(x0);
        lastStep = stepIndex;
        return new Step(prevSample, x0);
    }

    private void keep(NDArray x0) {
        if (previousX0 != null) previousX0.close();
        previousX0 = x0.duplicate();
        previousX0.detach();
    }

    /** alpha_t x0 + sigma_t noise at step i's sigma (VP). */
    @Override
    public NDArray addNoise(NDArray original, NDArray noise, int stepIndex) {
        checkStepIndex(stepIndex);
        float alpha = alphaOf(sigmas[stepIndex]), sigmaT = sigmas[stepIndex] * alpha;
        return original.mul(alpha).add(noise.mul(sigmaT));
    }

    @Override
    public void release() {
        if (previousX0 != null) previousX0.close();
        previousX0 = null;
        lowerOrderCount = 0;
        lastStep = -1;
    }
}
