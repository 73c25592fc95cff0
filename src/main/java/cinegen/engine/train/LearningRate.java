package cinegen.engine.train;

import cinegen.engine.family.bundled.scene.*;

/** Learning-rate schedules. */
public final class LearningRate {
    private LearningRate() {}

    /** Linear warm-up, then cosine decay to a tenth of the peak at the last step. */
    public static double warmupCosine(long step, long total, double peak, long warmup) {
        if (step < warmup) return peak * (step + 1) / warmup;
        double t = (step - warmup) / (double) Math.max(1, total - warmup);
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t))));
    }
}
