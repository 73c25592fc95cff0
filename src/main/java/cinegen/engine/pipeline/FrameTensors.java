package cinegen.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/** ARGB frames to and from (N, 3, H, W) tensors in [-1, 1]; pasting of kept pixels. */
public final class FrameTensors {
    private FrameTensors() {}

    public static NDArray toTensor(NDManager m, List<int[]> frames, int width, int height) {
        int plane = width * height;
        float[] data = new float[frames.size() * 3 * plane];
        for (int f = 0; f < frames.size(); f++) {
            int[] px = frames.get(f);
            int o = f * 3 * plane;
            for (int i = 0; i < plane; i++) {
                int p = px[i];
                data[o + i] = ((p >> 16) & 0xff) / 127.5f - 1f;
                data[o + plane + i] = ((p >> 8) & 0xff) / 127.5f - 1f;
                data[o + 2 * plane + i] = (p & 0xff) / 127.5f - 1f;
            }
        }
        return m.create(data, new Shape(frames.size(), 3, height, width));
    }

    public static List<int[]> toArgb(float[] data, int frames, int width, int height) {
        int plane = width * height;
        List<int[]> out = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            int[] px = new int[plane];
            int o = f * 3 * plane;
            for (int i = 0; i < plane; i++) {
                px[i] = 0xff000000 | (to8(data[o + i]) << 16) | (to8(data[o + plane + i]) << 8) | to8(data[o + 2 * plane + i]);
            }
            out.add(px);
        }
        return out;
    }

    private static int to8(float v) {
        int i = Math.round((v + 1f) * 127.5f);
        return i < 0 ? 0 : Math.min(255, i);
    }

    /** out = keep * source + (1 - keep) * generated, per pixel and channel; keep = 1 copies the source exactly. */
    public static int[] paste(int[] source, int[] generated, float[] keep) {
        int[] out = new int[generated.length];
        for (int i = 0; i < out.length; i++) {
            float k = keep[i];
            if (k >= 1f) out[i] = source[i] | 0xff000000;
            else if (k <= 0f) out[i] = generated[i];
            else {
                int s = source[i], g = generated[i];
                int r = Math.round(((s >> 16) & 0xff) * k + ((g >> 16) & 0xff) * (1 - k));
                int gg = Math.round(((s >> 8) & 0xff) * k + ((g >> 8) & 0xff) * (1 - k));
                int b = Math.round((s & 0xff) * k + (g & 0xff) * (1 - k));
                out[i] = 0xff000000 | (r << 16) | (gg << 8) | b;
            }
        }
        return out;
    }
}
