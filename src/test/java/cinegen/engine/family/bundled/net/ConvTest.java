package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.schedule.NoiseSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvTest {

    /** Unaligned input channels are padded with zeros inside apply (decision 27): the result is the plain sum. */
    @Test
    void unalignedInputChannelsGiveTheDirectConvolution() {
        int in = 17, out = 5, t = 2, h = 5, w = 6;
        try (NDManager m = NDManager.newBaseManager()) {
            Conv conv = Conv.spatial(in, out, 3, 1);
            Weights.initialize(conv, m, 3);
            float[] bias = new NoiseSource(9).floats(out);
            Weights.set(Weights.named(conv).get("bias"), m.create(bias, new Shape(out)));
            float[] x = new NoiseSource(4).floats(in * t * h * w);
            NDArray y = conv.apply(m.create(x, new Shape(1, in, t, h, w)));
            assertEquals(new Shape(1, out, t, h, w), y.getShape());
            float[] got = y.toFloatArray();
            float[] k = Weights.named(conv).get("weight").getArray().toFloatArray(); // (out, in, 1, 3, 3)
            for (int o = 0; o < out; o++) for (int f = 0; f < t; f++) for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) {
                double sum = bias[o];
                for (int i = 0; i < in; i++) for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
                    int yy = r + dy, xx = c + dx;
                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                    sum += k[((o * in + i) * 3 + dy + 1) * 3 + dx + 1] * x[((i * t + f) * h + yy) * w + xx];
                }
                float v = got[((o * t + f) * h + r) * w + c];
                assertTrue(Float.isFinite(v), "finite output");
                assertEquals(sum, v, 1e-4, "output " + o + "," + f + "," + r + "," + c);
            }
        }
    }
}
