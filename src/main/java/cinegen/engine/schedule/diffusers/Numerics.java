package cinegen.engine.schedule.diffusers;

import java.util.Arrays;

/**
 * The numpy and torch routines diffusers' schedulers are built from, reproduced to the bit where that is
 * practical: torch's float32 linspace and cumprod, numpy's float64 linspace, arange, interp and round.
 */
final class Numerics {
    private Numerics() {}

    /** Lanes of torch's AVX2 float vector; its CPU loop handles two vectors per iteration. */
    private static final int LANES = 8;

    /**
     * {@code torch.linspace(start, end, steps, dtype=torch.float32)} as torch's AVX2 CPU kernel computes it: the first
     * half counts up from start, the second half down from end (each point one fused multiply-add, as the compiler
     * contracts it), in 8-lane vectors that continue from their first lane by fused multiply-adds, with the tail
     * that fills no pair of vectors done point by point.
     */
    static float[] torchLinspace(double startValue, double endValue, int steps) {
        float start = (float) startValue, end = (float) endValue;
        float[] out = new float[steps];
        if (steps == 0) return out;
        if (steps == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (float) (steps - 1);
        int halfway = steps / 2;
        int i = 0;
        for (; i + 2 * LANES <= steps; i += 2 * LANES) {
            for (int v = i; v < i + 2 * LANES; v += LANES) {
                float base = linspacePoint(v, start, end, step, steps, halfway);
                for (int lane = 0; lane < LANES; lane++) out[v + lane] = Math.fma((float) lane, step, base);
            }
        }
        for (; i < steps; i++) out[i] = linspacePoint(i, start, end, step, steps, halfway);
        return out;
    }

    private static float linspacePoint(int i, float start, float end, float step, int steps, int halfway) {
        return i < halfway ? Math.fma(step, (float) i, start) : Math.fma(-step, (float) (steps - i - 1), end);
    }

    /** torch.cumprod of a float32 vector on the CPU: the running product is kept in double, each entry stored as float. */
    static float[] cumprod(float[] values) {
        float[] out = new float[values.length];
        double acc = 1;
        for (int i = 0; i < values.length; i++) {
            acc *= values[i];
            out[i] = (float) acc;
        }
        return out;
    }

    /** {@code np.linspace(start, stop, num, endpoint)} in float64 (i * step + start, the endpoint set exactly). */
    static double[] linspace(double start, double stop, int num, boolean endpoint) {
        double[] out = new double[num];
        if (num == 0) return out;
        int div = endpoint ? num - 1 : num;
        if (div == 0) {
            out[0] = start;
            return out;
        }
        double step = (stop - start) / div;
        for (int i = 0; i < num; i++) out[i] = i * step + start;
        if (endpoint) out[num - 1] = stop;
        return out;
    }

    /**
     * {@code np.arange(start, stop, step)} for floats: ceil((stop - start) / step) entries, entry i = start + i * d
     * with d = (start + step) - start. The length can exceed the count one meant (1000 / 61 gives 62 entries).
     */
    static double[] arange(double start, double stop, double step) {
        double len = Math.ceil((stop - start) / step);
        if (!(len > 0)) return new double[0];
        double[] out = new double[(int) len];
        out[0] = start;
        if (out.length > 1) {
            double delta = (start + step) - start;
            for (int i = 1; i < out.length; i++) out[i] = start + i * delta;
        }
        return out;
    }

    /**
     * diffusers' trailing spacing, {@code np.round(np.arange(start, 0, -step)) - 1}, without the entries below 0:
     * for some step counts numpy's arange has one entry more than meant (1000 / 61 gives 62), ending in a timestep
     * of -1 that diffusers 0.31 would look up from the end of its tables. The valid timesteps are kept.
     */
    static double[] trailing(double start, double step) {
        double[] ar = arange(start, 0, -step);
        int count = 0;
        double[] out = new double[ar.length];
        for (double v : ar) {
            double t = round(v) - 1;
            if (t >= 0) out[count++] = t;
        }
        return Arrays.copyOf(out, count);
    }

    /** {@code np.round}: half to even. */
    static double round(double x) { return Math.rint(x); }

    /** {@code np.interp(x, np.arange(len(table)), table)} with numpy's float64 arithmetic. */
    static double interpOnIndex(double x, float[] table) {
        int last = table.length - 1;
        if (x > last) return table[last];
        if (x < 0) return table[0];
        if (x == last) return table[last];
        int j = (int) Math.floor(x);
        if (x == j) return table[j];
        double slope = ((double) table[j + 1] - table[j]) / 1.0;
        return slope * (x - j) + table[j];
    }

    /**
     * diffusers' {@code _sigma_to_t(sigma, log_sigmas)} (float training timestep of a sigma, by interpolating the log
     * sigmas) with the float32 arithmetic numpy 1.24 gives it: its float64 scalar meets float32 arrays, so the
     * distances and the weight are float32; the final mix is float64.
     */
    static double sigmaToT(double sigma, float[] logSigmas) {
        float logSigma = (float) Math.log(Math.max(sigma, 1e-10));
        int low = 0;
        for (int i = 0; i < logSigmas.length; i++) if (logSigma - logSigmas[i] >= 0) low = i;
        low = Math.min(low, logSigmas.length - 2);
        int high = low + 1;
        float w = (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[high]);
        w = Math.max(0f, Math.min(1f, w));
        return (double) (1f - w) * low + (double) w * high;
    }

    /** Karras et al.'s sigmas from sigmaMax down to sigmaMin, rho = 7, in float64 as diffusers computes them. */
    static double[] karras(double sigmaMin, double sigmaMax, int n) {
        double rho = 7.0;
        double[] ramp = linspace(0, 1, n, true);
        double minInvRho = Math.pow(sigmaMin, 1 / rho), maxInvRho = Math.pow(sigmaMax, 1 / rho);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = Math.pow(maxInvRho + ramp[i] * (minInvRho - maxInvRho), rho);
        return out;
    }

    /** float32 sqrt (correctly rounded, as torch's). */
    static float sqrt(float x) { return (float) Math.sqrt(x); }
}
