package cinegen.engine.schedule.diffusers;

import java.util.Arrays;

/**
 * A scheduler whose noise levels are sigmas, sigma = sqrt((1 - abar) / abar): the Euler family (samples in
 * x0 + sigma eps form) and DPM-Solver (variance-preserving samples, stepped in log-SNR).
 */
abstract class SigmaScheduler extends BaseScheduler {
    /** One sigma per step plus the final one (0, or sigma_min); float32 as diffusers stores them. */
    protected float[] sigmas;

    SigmaScheduler(SchedulerConfig config, String className) {
        super(config, className);
    }

    /** diffusers' rescale_betas_zero_snr fix for sigma schedulers: the last abar just above 0, so sigma stays finite. */
    protected void keepLastSigmaFinite() {
        if (config.rescaleBetasZeroSnr()) alphasCumprod[alphasCumprod.length - 1] = 0x1p-24f;
    }

    /** The sigmas of the schedule, one per step plus the final one (a copy). */
    public float[] sigmas() {
        schedule();
        return sigmas.clone();
    }

    /** The sample's level at step i as VP alpha-bar: 1 / (1 + sigma^2). */
    @Override
    public double alphaBarAt(int stepIndex) {
        checkStepIndex(stepIndex);
        double s = sigmas[stepIndex];
        return 1 / (1 + s * s);
    }

    /** The final sigma diffusers appends: 0, or the training schedule's smallest sigma. */
    protected float finalSigma() {
        return switch (config.finalSigmasType()) {
            case ZERO -> 0f;
            case SIGMA_MIN -> Numerics.sqrt((1f - alphasCumprod[0]) / alphasCumprod[0]);
        };
    }

    /** The Euler family's float32 timesteps for the configured spacing, decreasing. */
    protected double[] eulerTimesteps(int n) {
        double[] ts;
        switch (config.timestepSpacing()) {
            case LINSPACE -> {
                double[] lin = Numerics.linspace(0, trainSteps - 1, n, true);
                ts = new double[n];
                for (int i = 0; i < n; i++) ts[i] = (float) lin[n - 1 - i];
            }
            case LEADING -> {
                int ratio = trainSteps / n;
                ts = new double[n];
                for (int i = 0; i < n; i++) ts[i] = (float) ((double) (n - 1 - i) * ratio) + (float) config.stepsOffset();
            }
            case TRAILING -> {
                ts = Numerics.trailing(trainSteps, (double) trainSteps / n);
            }
            default -> throw new IllegalStateException();
        }
        return ts;
    }

    /** sigma(t) for each timestep by np.interp over the training sigmas (float64), then stored as float32. */
    protected float[] interpolatedSigmas(double[] ts, float[] table) {
        float[] out = new float[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = (float) Numerics.interpOnIndex(ts[i], table);
        return out;
    }

    protected static float[] withFinal(float[] s, float last) {
        float[] out = Arrays.copyOf(s, s.length + 1);
        out[s.length] = last;
        return out;
    }
}
