package cinegen.engine.diffusers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sliced attention (by heads, then by batch rows) computes the same as the whole score matrix, and frees its slices. */
class OpsAttentionSlicingTest {
    private static final int B = 3, N = 5, M = 7, HEADS = 4, D = 2;

    @ParameterizedTest
    @ValueSource(longs = {1, N * M, 2 * N * M, HEADS * N * M, 2 * HEADS * N * M})
    void slicesAgreeWithTheWholeComputation(long maxScoreFloats) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.randomNormal(new Shape(B, N, HEADS * D)), k = m.randomNormal(new Shape(B, M, HEADS * D));
            NDArray v = m.randomNormal(new Shape(B, M, HEADS * D));
            NDArray[] biases = {null, m.randomNormal(new Shape(1, HEADS, N, M)), m.randomNormal(new Shape(B, 1, N, M)),
                    m.randomNormal(new Shape(B, HEADS, N, M))};
            for (NDArray bias : biases) {
                NDArray whole = Ops.attention(q, k, v, HEADS, bias, Long.MAX_VALUE);
                int before = m.getManagedArrays().size();
                NDArray sliced = Ops.attention(q, k, v, HEADS, bias, maxScoreFloats);
                int kept = m.getManagedArrays().size() - before;
                assertEquals(whole.getShape(), sliced.getShape());
                float diff = whole.sub(sliced).abs().max().getFloat();
                assertTrue(diff <= 1e-6f, "slice " + maxScoreFloats + ": differs by " + diff);
                // per slice only its result stays (plus the head views and concatenations): never its scores, softmax or inputs
                assertTrue(kept <= B * HEADS + B + 10, kept + " arrays kept after slicing by " + maxScoreFloats);
            }
        }
    }
}
