package cinegen.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Temporal low-pass filtering of a latent video against flicker (VideoElevator's low-pass frequency filter).
 * A Gaussian low-pass along the frame axis, applied as a convolution with clamped edges rather than a circular
 * FFT, so the last frame never bleeds into the first; {@code strength} mixes filtered and original.
 */
public final class TemporalLowPass {
    private TemporalLowPass() {}

    /** The T x T filter matrix: row t holds the normalised Gaussian weights (sigma in frames) around frame t. */
    public static float[] matrix(int frames, double sigmaFrames, double strength) {
        float[] f = new float[frames * frames];
        int radius = (int) Math.ceil(3 * sigmaFrames);
        for (int t = 0; t < frames; t++) {
            double total = 0;
            double[] w = new double[frames];
            for (int d = -radius; d <= radius; d++) {
                int src = Math.min(frames - 1, Math.max(0, t + d));
                double g = Math.exp(-0.5 * d * d / (sigmaFrames * sigmaFrames));
                w[src] += g;
                total += g;
            }
            for (int s = 0; s < frames; s++) {
                double v = strength * w[s] / total + (s == t ? 1 - strength : 0);
                f[t * frames + s] = (float) v;
            }
        }
        return f;
    }

    /** Filters x (B, C, T, h, w) along T. */
    public static NDArray apply(NDArray x, double sigmaFrames, double strength) {
        Shape s = x.getShape();
        int t = (int) s.get(2);
        NDArray f = x.getManager().create(matrix(t, sigmaFrames, strength), new Shape(t, t));
        // (B, C, h, w, T) x F^T -> filtered along T
        NDArray moved = x.transpose(0, 1, 3, 4, 2);
        return moved.matMul(f.transpose()).transpose(0, 1, 4, 2, 3);
    }
}
