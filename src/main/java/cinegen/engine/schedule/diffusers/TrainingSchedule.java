package cinegen.engine.schedule.diffusers;

/**
 * The training noise schedule of a diffusers scheduler: betas and alphas_cumprod over num_train_timesteps, in
 * float32 as diffusers computes them with torch (bit-identical to its tables for the linear and scaled-linear
 * schedules).
 */
final class TrainingSchedule {
    private TrainingSchedule() {}

    /** The betas the config describes (trained_betas, or the named schedule), after the zero-SNR rescale if asked. */
    static float[] betas(SchedulerConfig c) {
        int n = c.numTrainTimesteps();
        double[] trained = c.trainedBetas();
        float[] betas;
        if (trained != null) {
            if (trained.length != n) {
                throw new IllegalArgumentException(c.source() + ": \"trained_betas\" has " + trained.length +
                        " entries but num_train_timesteps is " + n);
            }
            betas = new float[n];
            for (int i = 0; i < n; i++) betas[i] = (float) trained[i];
        } else {
            betas = switch (c.betaSchedule()) {
                case LINEAR -> Numerics.torchLinspace(c.betaStart(), c.betaEnd(), n);
                case SCALED_LINEAR -> {
                    float[] roots = Numerics.torchLinspace(Math.sqrt(c.betaStart()), Math.sqrt(c.betaEnd()), n);
                    for (int i = 0; i < n; i++) roots[i] = roots[i] * roots[i];
                    yield roots;
                }
                case SQUAREDCOS_CAP_V2 -> cosineBetas(n);
            };
        }
        return c.rescaleBetasZeroSnr() ? rescaleZeroTerminalSnr(betas) : betas;
    }

    /** cumprod(1 - betas). */
    static float[] alphasCumprod(float[] betas) {
        float[] alphas = new float[betas.length];
        for (int i = 0; i < betas.length; i++) alphas[i] = 1f - betas[i];
        return Numerics.cumprod(alphas);
    }

    /** diffusers' betas_for_alpha_bar with the cosine transform (Nichol and Dhariwal), betas capped at 0.999. */
    private static float[] cosineBetas(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double t1 = (double) i / n, t2 = (double) (i + 1) / n;
            out[i] = (float) Math.min(1 - cosineAlphaBar(t2) / cosineAlphaBar(t1), 0.999);
        }
        return out;
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** Lin et al. 2023 ("Common Diffusion Noise Schedules and Sample Steps are Flawed"): zero SNR at the last step. */
    static float[] rescaleZeroTerminalSnr(float[] betas) {
        int n = betas.length;
        float[] root = alphasCumprod(betas);
        for (int i = 0; i < n; i++) root[i] = Numerics.sqrt(root[i]);
        float first = root[0], last = root[n - 1];
        float scale = first / (first - last);
        for (int i = 0; i < n; i++) root[i] = (root[i] - last) * scale;
        float[] alphaBar = new float[n];
        for (int i = 0; i < n; i++) alphaBar[i] = root[i] * root[i];
        float[] out = new float[n];
        out[0] = 1f - alphaBar[0];
        for (int i = 1; i < n; i++) out[i] = 1f - alphaBar[i] / alphaBar[i - 1];
        return out;
    }
}
