package cinegen.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;

/**
 * MultiDiffusion over time (Lumiere section 3.2): a clip longer than the model's window is split into
 * overlapping windows, each predicted separately, and at every step the prediction for a frame is the
 * least-squares solution over the windows that cover it, i.e. the average of their predictions.
 */
public final class TemporalWindows {
    private TemporalWindows() {}

    /** Predicts the model output for a window of the full input (B, C, window, h, w) starting at frame {@code start}. */
    @FunctionalInterface
    public interface WindowModel {
        List<NDArray> predict(List<NDArray> windowInputs, List<Integer> starts);
    }

    /** Start frames of windows of {@code window} frames covering {@code length}, overlapping by at least {@code overlap}. */
    public static List<Integer> starts(int length, int window, int overlap) {
        List<Integer> s = new ArrayList<>();
        if (length <= window) {
            s.add(0);
            return s;
        }
        int stride = Math.max(1, window - overlap);
        for (int start = 0; start + window < length; start += stride) s.add(start);
        s.add(length - window);
        return s;
    }

    /**
     * Runs {@code model} on every window of {@code input} (B, C, T, h, w) along axis 2, {@code batch} windows per
     * call, and blends the predictions per frame by averaging.
     */
    public static NDArray blend(NDArray input, int window, int overlap, int batch, WindowModel model) {
        int length = (int) input.getShape().get(2);
        List<Integer> starts = starts(length, window, overlap);
        if (starts.size() == 1 && length <= window) {
            return model.predict(List.of(input), List.of(0)).get(0);
        }
        NDManager m = input.getManager();
        NDArray sum = null;
        float[] counts = new float[length];
        for (int i = 0; i < starts.size(); i += batch) {
            List<Integer> chunk = starts.subList(i, Math.min(starts.size(), i + batch));
            List<NDArray> inputs = new ArrayList<>();
            for (int s : chunk) inputs.add(input.get(new NDIndex(":, :, {}:{}", s, s + window)));
            List<NDArray> preds = model.predict(inputs, chunk);
            for (int k = 0; k < chunk.size(); k++) {
                int s = chunk.get(k);
                NDArray p = preds.get(k);
                List<NDArray> parts = new ArrayList<>();
                var shape = p.getShape();
                if (s > 0) parts.add(m.zeros(new ai.djl.ndarray.types.Shape(shape.get(0), shape.get(1), s, shape.get(3), shape.get(4))));
                parts.add(p);
                int after = length - s - window;
                if (after > 0) parts.add(m.zeros(new ai.djl.ndarray.types.Shape(shape.get(0), shape.get(1), after, shape.get(3), shape.get(4))));
                NDArray padded = parts.size() == 1 ? p : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 2);
                sum = sum == null ? padded : sum.add(padded);
                for (int f = s; f < s + window; f++) counts[f]++;
            }
        }
        return sum.div(m.create(counts, new ai.djl.ndarray.types.Shape(1, 1, length, 1, 1)));
    }

    /**
     * Start frames of looped windows: the clip is a circle, so windows step on past the last frame and wrap to the
     * first; a clip that fits one window also gets a second window half a window later, which sees its last and first
     * frames side by side. The seam is then denoised like any other pair of frames: a seamless loop.
     */
    public static List<Integer> loopedStarts(int length, int window, int overlap) {
        List<Integer> s = new ArrayList<>();
        int w = Math.min(window, length);
        if (length <= window) {
            s.add(0);
            if (length > 1) s.add(length / 2);
            return s;
        }
        int stride = Math.max(1, w - overlap);
        for (int start = 0; start < length; start += stride) s.add(start);
        return s;
    }

    /** {@link #blend} over a clip that loops: windows wrap around its end ({@link #loopedStarts}). */
    public static NDArray blendLooped(NDArray input, int window, int overlap, int batch, WindowModel model) {
        int length = (int) input.getShape().get(2), w = Math.min(window, length);
        List<Integer> starts = loopedStarts(length, window, overlap);
        NDManager m = input.getManager();
        // The clip followed by its first w frames again: a window starting anywhere is one contiguous slice of it.
        NDArray circle = w > 1 ? input.concat(input.get(new NDIndex(":, :, 0:{}", w)), 2) : input;
        NDArray sum = null;
        float[] counts = new float[length];
        for (int i = 0; i < starts.size(); i += batch) {
            List<Integer> chunk = starts.subList(i, Math.min(starts.size(), i + batch));
            List<NDArray> inputs = new ArrayList<>();
            for (int s : chunk) inputs.add(circle.get(new NDIndex(":, :, {}:{}", s, s + w)));
            List<NDArray> preds = model.predict(inputs, chunk);
            for (int k = 0; k < chunk.size(); k++) {
                int s = chunk.get(k);
                NDArray p = preds.get(k);
                var shape = p.getShape();
                // Back onto the circle: frames s..s+w-1 of the doubled clip, then folded so frame length + j is frame j.
                List<NDArray> parts = new ArrayList<>();
                if (s > 0) parts.add(m.zeros(new ai.djl.ndarray.types.Shape(shape.get(0), shape.get(1), s, shape.get(3), shape.get(4))));
                parts.add(p);
                int after = length + w - s - w;
                if (after > 0) parts.add(m.zeros(new ai.djl.ndarray.types.Shape(shape.get(0), shape.get(1), after, shape.get(3), shape.get(4))));
                NDArray onDouble = parts.size() == 1 ? p : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 2);
                NDArray folded = onDouble.get(new NDIndex(":, :, 0:{}", length));
                if (w > 0) {
                    NDArray wrapped = onDouble.get(new NDIndex(":, :, {}:{}", length, length + w));
                    List<NDArray> head = new ArrayList<>();
                    head.add(wrapped);
                    if (length > w) head.add(m.zeros(new ai.djl.ndarray.types.Shape(shape.get(0), shape.get(1), length - w, shape.get(3), shape.get(4))));
                    folded = folded.add(head.size() == 1 ? wrapped : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(head), 2));
                }
                sum = sum == null ? folded : sum.add(folded);
                for (int f = s; f < s + w; f++) counts[f % length]++;
            }
        }
        return sum.div(m.create(counts, new ai.djl.ndarray.types.Shape(1, 1, length, 1, 1)));
    }
}
