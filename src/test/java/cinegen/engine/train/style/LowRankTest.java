package cinegen.engine.train.style;

import cinegen.engine.family.bundled.scene.*;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LowRankTest {
    @Test
    void recoversALowRankMatrixExactlyAndTruncatesTheRest() {
        int rows = 24, cols = 60, rank = 3;
        SplittableRandom rng = new SplittableRandom(2);
        float[] m = new float[rows * cols];
        for (int k = 0; k < rank; k++) {
            double[] u = new double[rows], v = new double[cols];
            for (int i = 0; i < rows; i++) u[i] = rng.nextDouble() - 0.5;
            for (int j = 0; j < cols; j++) v[j] = rng.nextDouble() - 0.5;
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i * cols + j] += (float) (u[i] * v[j] * (3 - k));
        }
        assertTrue(LowRank.relativeError(m, LowRank.approximate(m, rows, cols, 3, 1)) < 1e-4);
        double rank1 = LowRank.relativeError(m, LowRank.approximate(m, rows, cols, 1, 1));
        assertTrue(rank1 > 0.05 && rank1 < 0.9, "rank 1 keeps the largest part only: " + rank1);
    }
}
