package cinegen.engine.schedule;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Video noise shared between frames (decision 16): unit variance, the asked correlation, reproducible. */
class NoiseSourceTest {
    @Test
    void correlatedFramesKeepUnitVarianceAndShareTheAskedPart() {
        int series = 4, frames = 6, plane = 4096;
        float[] noise = new float[series * frames * plane];
        SplittableRandom rng = new SplittableRandom(1);
        NoiseSource.fill(rng, noise);
        NoiseSource.correlateFrames(noise, series, frames, plane, 0.5, rng);
        double var = 0, cov = 0;
        int pairs = 0;
        for (int s = 0; s < series; s++) {
            for (int p = 0; p < plane; p++) {
                for (int f = 0; f < frames; f++) {
                    double a = noise[(s * frames + f) * plane + p];
                    var += a * a;
                    if (f > 0) {
                        cov += a * noise[(s * frames + f - 1) * plane + p];
                        pairs++;
                    }
                }
            }
        }
        assertEquals(1.0, var / noise.length, 0.03, "variance stays 1");
        assertEquals(0.5, cov / pairs, 0.03, "neighbouring frames correlate by rho");
    }

    @Test
    void zeroCorrelationIsPlainNoiseAndVideoShapesOnlyAreMixed() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] plain = new NoiseSource(7).next(m, new Shape(1, 2, 4, 3, 3)).toFloatArray();
            float[] zero = new NoiseSource(7, 0).next(m, new Shape(1, 2, 4, 3, 3)).toFloatArray();
            assertArrayEquals(plain, zero);
            float[] image = new NoiseSource(7, 0.5).next(m, new Shape(2, 4, 3, 3)).toFloatArray();
            assertArrayEquals(plain, image, "4-D noise (images) is never mixed");
            float[] video = new NoiseSource(7, 0.5).next(m, new Shape(1, 2, 4, 3, 3)).toFloatArray();
            assertArrayEquals(video, new NoiseSource(7, 0.5).next(m, new Shape(1, 2, 4, 3, 3)).toFloatArray(), "same seed, same noise");
            boolean differs = false;
            for (int i = 0; i < video.length; i++) differs |= video[i] != plain[i];
            assertEquals(true, differs);
        }
    }

    @Test
    void aScheduleRefusesCorrelationOutsideZeroToOne() {
        NoiseSchedule s = NoiseSchedule.cosine(1000);
        assertEquals(0.0, s.frameCorrelation());
        assertEquals(0.25, s.withFrameCorrelation(0.25).frameCorrelation());
        assertEquals(s.alphaBar(500), s.withFrameCorrelation(0.25).alphaBar(500));
        assertThrows(IllegalArgumentException.class, () -> s.withFrameCorrelation(1.0));
        assertThrows(IllegalArgumentException.class, () -> s.withFrameCorrelation(-0.1));
    }
}
