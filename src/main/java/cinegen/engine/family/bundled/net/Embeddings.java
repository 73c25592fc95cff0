package cinegen.engine.family.bundled.net;

/** Sinusoidal embeddings of scalars (timesteps, frame rates, positions). */
public final class Embeddings {
    private Embeddings() {}

    /** 0, 1, ..., n - 1: positions to embed. */
    public static double[] indices(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = i;
        return d;
    }

    /** Row-major (values.length, dim): [sin(v*f_0..), cos(v*f_0..)] with geometric frequencies. */
    public static float[] sinusoidal(double[] values, int dim) {
        int half = dim / 2;
        float[] out = new float[values.length * dim];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < half; j++) {
                double freq = Math.exp(-Math.log(10000.0) * j / half);
                double a = values[i] * freq;
                out[i * dim + j] = (float) Math.sin(a);
                out[i * dim + half + j] = (float) Math.cos(a);
            }
        }
        return out;
    }
}
