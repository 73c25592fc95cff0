package cinegen.engine.schedule;

import java.util.Locale;

/**
 * The forward process of a variance-preserving diffusion: x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps, with
 * abar_t the cumulative product of (1 - beta) over the training timesteps 0..T-1. For video, eps may share part of
 * its value across frames ({@link #frameCorrelation()}, PYoCo's mixed noise prior; decision 16).
 */
public final class NoiseSchedule {
    public enum Kind {
        LINEAR, SCALED_LINEAR, COSINE;

        public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        public static Kind parse(String s) {
            for (Kind k : values()) if (k.id().equals(s)) return k;
            throw new IllegalArgumentException("unknown noise schedule '" + s + "' (linear, scaled-linear, cosine)");
        }
    }

    /** Stable Diffusion's beta range, the default of linear and scaled-linear schedules. */
    public static final double DEFAULT_BETA_START = 0.00085, DEFAULT_BETA_END = 0.012;

    private final Kind kind;
    private final double[] betas, alphasCumprod;
    private final double frameCorrelation;

    private final double betaStart, betaEnd;

    private NoiseSchedule(Kind kind, double[] betas) { this(kind, betas, 0, Double.NaN, Double.NaN); }

    private NoiseSchedule(Kind kind, double[] betas, double start, double end) { this(kind, betas, 0, start, end); }

    private NoiseSchedule(Kind kind, double[] betas, double frameCorrelation, double betaStart, double betaEnd) {
        this.betaStart = betaStart;
        this.betaEnd = betaEnd;
        if (!(frameCorrelation >= 0 && frameCorrelation < 1)) throw new IllegalArgumentException("noise frame correlation must be in [0, 1), got " + frameCorrelation);
        this.kind = kind;
        this.betas = betas;
        this.frameCorrelation = frameCorrelation;
        this.alphasCumprod = new double[betas.length];
        double acc = 1;
        for (int i = 0; i < betas.length; i++) {
            acc *= 1 - betas[i];
            alphasCumprod[i] = acc;
        }
    }

    /** Linear betas from {@code start} to {@code end} (DDPM). */
    public static NoiseSchedule linear(int steps, double start, double end) {
        double[] b = new double[steps];
        for (int i = 0; i < steps; i++) b[i] = start + (end - start) * i / (steps - 1);
        return new NoiseSchedule(Kind.LINEAR, b, start, end);
    }

    /** Betas linear in their square root (Stable Diffusion's "scaled linear"). */
    public static NoiseSchedule scaledLinear(int steps, double start, double end) {
        double[] b = new double[steps];
        double s0 = Math.sqrt(start), s1 = Math.sqrt(end);
        for (int i = 0; i < steps; i++) {
            double v = s0 + (s1 - s0) * i / (steps - 1);
            b[i] = v * v;
        }
        return new NoiseSchedule(Kind.SCALED_LINEAR, b, start, end);
    }

    /** The cosine schedule (Nichol and Dhariwal): abar(t) = cos^2(((t/T) + s) / (1 + s) * pi/2), betas capped at 0.999. */
    public static NoiseSchedule cosine(int steps) {
        double[] b = new double[steps];
        for (int i = 0; i < steps; i++) {
            b[i] = Math.min(1 - cosineAlphaBar((i + 1.0) / steps) / cosineAlphaBar((double) i / steps), 0.999);
        }
        return new NoiseSchedule(Kind.COSINE, b);
    }

    public static double cosineAlphaBar(double t) {
        double s = 0.008;
        double c = Math.cos((t + s) / (1 + s) * Math.PI / 2);
        return c * c;
    }

    public static NoiseSchedule of(Kind kind, int steps, double betaStart, double betaEnd) {
        return switch (kind) {
            case LINEAR -> linear(steps, betaStart, betaEnd);
            case SCALED_LINEAR -> scaledLinear(steps, betaStart, betaEnd);
            case COSINE -> cosine(steps);
        };
    }

    public Kind kind() { return kind; }

    /** The first beta of a linear or scaled-linear schedule (what it was made from); NaN for the cosine schedule. */
    public double betaStart() { return betaStart; }

    /** The last beta of a linear or scaled-linear schedule; NaN for the cosine schedule. */
    public double betaEnd() { return betaEnd; }

    /**
     * Correlation of the noise between any two frames at the same latent position: eps = sqrt(rho) shared +
     * sqrt(1 - rho) independent. 0 is plain i.i.d. noise. A model must be sampled with the rho it was trained on.
     */
    public double frameCorrelation() { return frameCorrelation; }

    /** This schedule with video noise correlated across frames by {@code rho}. */
    public NoiseSchedule withFrameCorrelation(double rho) { return new NoiseSchedule(kind, betas, rho, betaStart, betaEnd); }
    public int trainSteps() { return betas.length; }
    public double beta(int t) { return betas[t]; }

    /** abar_t; by convention 1 for t < 0 (the clean sample). */
    public double alphaBar(int t) { return t < 0 ? 1.0 : alphasCumprod[t]; }

    /** Noise-to-signal ratio sigma_t = sqrt((1 - abar) / abar), the noise level of the equivalent VE process. */
    public double sigma(int t) {
        double a = alphaBar(t);
        return Math.sqrt((1 - a) / a);
    }

    /** Signal-to-noise ratio abar / (1 - abar). */
    public double snr(int t) {
        double a = alphaBar(t);
        return a / (1 - a);
    }

    /**
     * n inference timesteps, evenly spaced and "trailing" (the first is T-1, so sampling starts from pure noise),
     * in decreasing order.
     */
    public int[] timesteps(int n) {
        if (n < 1 || n > betas.length) throw new IllegalArgumentException("steps must be between 1 and " + betas.length + ", got " + n);
        int[] ts = new int[n];
        double ratio = (double) betas.length / n;
        for (int i = 0; i < n; i++) ts[i] = (int) Math.round(betas.length - i * ratio) - 1;
        return ts;
    }
}
