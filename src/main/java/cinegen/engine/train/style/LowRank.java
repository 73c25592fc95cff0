package cinegen.engine.train.style;

import cinegen.engine.family.bundled.scene.*;

import java.util.SplittableRandom;

/**
 * Rank-r approximation of a matrix by randomized subspace iteration: M (rows x cols) ~ up (rows x r) . down
 * (r x cols), with down's rows orthonormal. How a style's weight delta is stored small.
 */
public final class LowRank {
    private LowRank() {}

    public record Factors(float[] up, float[] down, int rows, int cols, int rank) {}

    public static Factors approximate(float[] m, int rows, int cols, int rank, long seed) {
        int r = Math.min(rank, Math.min(rows, cols));
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] q = new double[r][cols]; // rows of Q^T
        for (double[] row : q) for (int j = 0; j < cols; j++) row[j] = rng.nextDouble() - 0.5;
        orthonormalise(q);
        double[][] z = new double[r][rows];
        for (int it = 0; it < 6; it++) {
            // Z = M Q ; orthonormalise ; Q = M^T Z ; orthonormalise
            for (int k = 0; k < r; k++) {
                for (int i = 0; i < rows; i++) {
                    double s = 0;
                    for (int j = 0; j < cols; j++) s += m[i * cols + j] * q[k][j];
                    z[k][i] = s;
                }
            }
            orthonormalise(z);
            for (int k = 0; k < r; k++) {
                java.util.Arrays.fill(q[k], 0);
                for (int i = 0; i < rows; i++) {
                    double zi = z[k][i];
                    if (zi == 0) continue;
                    for (int j = 0; j < cols; j++) q[k][j] += m[i * cols + j] * zi;
                }
            }
            orthonormalise(q);
        }
        float[] up = new float[rows * r], down = new float[r * cols];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < cols; j++) down[k * cols + j] = (float) q[k][j];
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int j = 0; j < cols; j++) s += m[i * cols + j] * q[k][j];
                up[i * r + k] = (float) s;
            }
        }
        return new Factors(up, down, rows, cols, r);
    }

    /** Gram-Schmidt on the rows, in place; a row that vanishes becomes zero. */
    private static void orthonormalise(double[][] v) {
        for (int a = 0; a < v.length; a++) {
            for (int b = 0; b < a; b++) {
                double dot = 0;
                for (int j = 0; j < v[a].length; j++) dot += v[a][j] * v[b][j];
                for (int j = 0; j < v[a].length; j++) v[a][j] -= dot * v[b][j];
            }
            double n = 0;
            for (double x : v[a]) n += x * x;
            n = Math.sqrt(n);
            for (int j = 0; j < v[a].length; j++) v[a][j] = n > 1e-12 ? v[a][j] / n : 0;
        }
    }

    /** Relative Frobenius error of the approximation. */
    public static double relativeError(float[] m, Factors f) {
        double err = 0, norm = 0;
        for (int i = 0; i < f.rows(); i++) {
            for (int j = 0; j < f.cols(); j++) {
                double a = 0;
                for (int k = 0; k < f.rank(); k++) a += f.up()[i * f.rank() + k] * f.down()[k * f.cols() + j];
                double d = m[i * f.cols() + j] - a;
                err += d * d;
                norm += m[i * f.cols() + j] * (double) m[i * f.cols() + j];
            }
        }
        return norm == 0 ? 0 : Math.sqrt(err / norm);
    }
}
