package cinegen.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.schedule.NoiseSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalWindowsTest {
    @Test
    void windowsCoverTheClipWithOverlap() {
        assertEquals(List.of(0), TemporalWindows.starts(16, 16, 4));
        assertEquals(List.of(0, 12, 24, 36, 48), TemporalWindows.starts(64, 16, 4));
        List<Integer> s = TemporalWindows.starts(40, 16, 4);
        assertEquals(0, s.get(0));
        assertEquals(24, s.get(s.size() - 1));
        for (int i = 1; i < s.size(); i++) assertTrue(s.get(i) - s.get(i - 1) <= 12, "overlap of at least 4 frames");
    }

    @Test
    void blendingPerFramePredictionsEqualsPredictingTheWholeClip() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = new NoiseSource(1).next(m, new Shape(1, 3, 40, 2, 2));
            // A per-frame model: every window predicts the same thing for a frame, so the average must equal it.
            NDArray blended = TemporalWindows.blend(x, 16, 4, 2, (inputs, starts) -> {
                List<NDArray> out = new ArrayList<>();
                for (NDArray in : inputs) out.add(in.mul(2f).add(1f));
                return out;
            });
            assertTrue(blended.sub(x.mul(2f).add(1f)).abs().max().getFloat() < 1e-5f);
        }
    }

    @Test
    void overlappingWindowsAreAveraged() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 1, 24, 1, 1));
            // Each window predicts its own start index everywhere: frames covered by two windows get the mean.
            NDArray blended = TemporalWindows.blend(x, 16, 8, 1, (inputs, starts) -> List.of(inputs.get(0).add((float) starts.get(0))));
            float[] v = blended.toFloatArray();
            assertEquals(0f, v[0], 1e-6);
            assertEquals(4f, v[10], 1e-6); // windows at 0 and 8
            assertEquals(8f, v[20], 1e-6); // only the window at 8
        }
    }

    @Test
    void loopedWindowsWrapAroundTheEndOfTheClip() {
        assertEquals(List.of(0, 8), TemporalWindows.loopedStarts(16, 16, 4), "one window's worth gets a second, half a window on");
        assertEquals(List.of(0, 12, 24, 36), TemporalWindows.loopedStarts(40, 16, 4));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = new NoiseSource(2).next(m, new Shape(1, 3, 40, 2, 2));
            // A per-frame model gives the same result looped or not.
            NDArray looped = TemporalWindows.blendLooped(x, 16, 4, 3, (inputs, starts) -> {
                List<NDArray> out = new ArrayList<>();
                for (NDArray in : inputs) out.add(in.mul(2f).add(1f));
                return out;
            });
            assertTrue(looped.sub(x.mul(2f).add(1f)).abs().max().getFloat() < 1e-5f);
            // Each window predicts the mean of the frames it sees: the last window (36..51 on the circle) holds frames
            // 36-39 and 0-11, so frame 0 is pulled towards the clip's end, and frame 39 towards its start.
            float[] ramp = new float[40];
            for (int t = 0; t < 40; t++) ramp[t] = t;
            NDArray r = m.create(ramp, new Shape(1, 1, 40, 1, 1));
            TemporalWindows.WindowModel mean = (inputs, starts) ->
                    List.of(inputs.get(0).mean(new int[] {2}, true).broadcast(inputs.get(0).getShape()));
            float[] v = TemporalWindows.blendLooped(r, 16, 4, 1, mean).toFloatArray();
            float[] straight = TemporalWindows.blend(r, 16, 4, 1, mean).toFloatArray();
            assertEquals(7.5f, straight[0], 1e-5, "not looped: frame 0 only sees frames 0-15");
            assertEquals((7.5f + 13.5f) / 2, v[0], 1e-4, "looped: also the window of frames 36-39 and 0-11");
        }
    }

    @Test
    void lowPassKeepsConstantsAndDampsFlicker() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flicker = new float[16];
            for (int t = 0; t < 16; t++) flicker[t] = 3f + (t % 2 == 0 ? 1f : -1f);
            NDArray x = m.create(flicker, new Shape(1, 1, 16, 1, 1));
            float[] out = TemporalLowPass.apply(x, 1.0, 1.0).toFloatArray();
            double before = 0, after = 0;
            for (int t = 1; t < 16; t++) {
                before += Math.abs(flicker[t] - flicker[t - 1]);
                after += Math.abs(out[t] - out[t - 1]);
            }
            assertTrue(after < before * 0.3, "frame-to-frame change " + before + " -> " + after);
            float[] constant = TemporalLowPass.apply(m.full(new Shape(1, 2, 8, 1, 1), 5f), 1.5, 0.7).toFloatArray();
            for (float c : constant) assertEquals(5f, c, 1e-5);
            float[] off = TemporalLowPass.apply(x, 1.0, 0.0).toFloatArray();
            for (int t = 0; t < 16; t++) assertEquals(flicker[t], off[t], 1e-6);
        }
    }
}
