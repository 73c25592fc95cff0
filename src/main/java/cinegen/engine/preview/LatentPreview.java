package cinegen.engine.preview;

import java.util.ArrayList;
import java.util.List;

/**
 * Latent to RGB without the decoder: a 3 x L linear map plus bias, fitted by least squares to what the decoder
 * makes of the same latents (the trick diffusion UIs use for live previews), or published factors for a model
 * family. Costs a few multiply-adds per latent pixel, so it can run after every sampling step. Colours are in
 * [-1, 1] (as decoders output them) and map to 0..255.
 */
public final class LatentPreview {
    /** How a float[] of several frames' latents is laid out. */
    public enum Layout {
        /** (1, L, T, h, w): a video latent, channels outermost (the bundled model's and AnimateDiff's sampler). */
        CHANNELS_FIRST,
        /** (T, L, h, w): frames folded into the batch (a 2D UNet's batch of frames). */
        FRAMES_FIRST
    }

    private final float[][] matrix;
    private final float[] bias;

    /** @param matrix 3 rows (R, G, B) of L weights; @param bias 3 values */
    public LatentPreview(float[][] matrix, float[] bias) {
        if (matrix == null || matrix.length != 3) throw new IllegalArgumentException("the preview matrix needs 3 rows (R, G, B)");
        for (float[] row : matrix) {
            if (row == null || row.length != matrix[0].length || row.length == 0) {
                throw new IllegalArgumentException("the preview matrix rows need the same, positive number of latent channels");
            }
        }
        if (bias == null || bias.length != 3) throw new IllegalArgumentException("the preview bias needs 3 values (R, G, B)");
        this.matrix = matrix;
        this.bias = bias;
    }

    /**
     * @param latent (1, L, T, h, w) latent, flattened row-major
     * @return T opaque ARGB frames of h x w
     */
    public List<int[]> toArgb(float[] latent, int channels, int frames, int h, int w) {
        return toArgb(latent, Layout.CHANNELS_FIRST, channels, frames, h, w, 1);
    }

    /**
     * @param latent  {@code frames} frames of {@code channels} x h x w latents in {@code layout}, flattened row-major
     * @param upscale each latent pixel becomes an upscale x upscale square (nearest neighbour)
     * @return {@code frames} opaque ARGB frames of (h * upscale) x (w * upscale), row-major
     */
    public List<int[]> toArgb(float[] latent, Layout layout, int channels, int frames, int h, int w, int upscale) {
        if (channels != matrix[0].length) {
            throw new IllegalArgumentException("the preview maps " + matrix[0].length + " latent channels, the latents have " + channels);
        }
        if (upscale < 1) throw new IllegalArgumentException("upscale must be at least 1, is " + upscale);
        int plane = h * w;
        if ((long) channels * frames * plane > latent.length) {
            throw new IllegalArgumentException("latents of " + latent.length + " values cannot hold " + frames + " frames of "
                    + channels + " x " + h + " x " + w);
        }
        int channelStride = layout == Layout.CHANNELS_FIRST ? frames * plane : plane;
        int frameStride = layout == Layout.CHANNELS_FIRST ? plane : channels * plane;
        float[] mr = matrix[0], mg = matrix[1], mb = matrix[2];
        int outW = w * upscale;
        List<int[]> out = new ArrayList<>(frames);
        for (int t = 0; t < frames; t++) {
            int[] px = new int[plane * upscale * upscale];
            for (int y = 0; y < h; y++) {
                int rowStart = y * upscale * outW;
                for (int x = 0; x < w; x++) {
                    int at = t * frameStride + y * w + x;
                    float r = bias[0], g = bias[1], b = bias[2];
                    for (int c = 0; c < channels; c++) {
                        float z = latent[at + c * channelStride];
                        r += mr[c] * z;
                        g += mg[c] * z;
                        b += mb[c] * z;
                    }
                    int argb = 0xff000000 | (to8(r) << 16) | (to8(g) << 8) | to8(b);
                    int o = rowStart + x * upscale;
                    for (int k = 0; k < upscale; k++) px[o + k] = argb;
                }
                for (int k = 1; k < upscale; k++) System.arraycopy(px, rowStart, px, rowStart + k * outW, outW);
            }
            out.add(px);
        }
        return out;
    }

    private static int to8(float v) {
        int i = Math.round((v + 1f) * 127.5f);
        return i < 0 ? 0 : Math.min(255, i);
    }

    /**
     * Least-squares fit of rgb ~ M z + b from paired samples: latents (n x L) and the decoder's colours for the same
     * latent cells (n x 3, in [-1, 1], e.g. the decoded frame averaged over each cell).
     */
    public static LatentPreview fit(float[][] latents, float[][] rgb) {
        int n = latents.length, l = latents[0].length, k = l + 1;
        double[][] ata = new double[k][k];
        double[][] atb = new double[k][3];
        for (int s = 0; s < n; s++) {
            double[] x = new double[k];
            for (int c = 0; c < l; c++) x[c] = latents[s][c];
            x[l] = 1;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) ata[i][j] += x[i] * x[j];
                for (int c = 0; c < 3; c++) atb[i][c] += x[i] * rgb[s][c];
            }
        }
        for (int i = 0; i < k; i++) ata[i][i] += 1e-6 * n; // ridge for stability
        double[][] sol = solve(ata, atb);
        float[][] m = new float[3][l];
        float[] b = new float[3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < l; i++) m[c][i] = (float) sol[i][c];
            b[c] = (float) sol[l][c];
        }
        return new LatentPreview(m, b);
    }

    /** Gaussian elimination with partial pivoting for A X = B. */
    private static double[][] solve(double[][] a, double[][] b) {
        int n = a.length, m = b[0].length;
        double[][] A = new double[n][];
        double[][] B = new double[n][];
        for (int i = 0; i < n; i++) {
            A[i] = a[i].clone();
            B[i] = b[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
            double[] t = A[col]; A[col] = A[piv]; A[piv] = t;
            t = B[col]; B[col] = B[piv]; B[piv] = t;
            for (int r = col + 1; r < n; r++) {
                double f = A[r][col] / A[col][col];
                for (int c = col; c < n; c++) A[r][c] -= f * A[col][c];
                for (int c = 0; c < m; c++) B[r][c] -= f * B[col][c];
            }
        }
        double[][] x = new double[n][m];
        for (int r = n - 1; r >= 0; r--) {
            for (int c = 0; c < m; c++) {
                double s = B[r][c];
                for (int j = r + 1; j < n; j++) s -= A[r][j] * x[j][c];
                x[r][c] = s / A[r][r];
            }
        }
        return x;
    }

    public float[][] matrix() { return matrix; }
    public float[] bias() { return bias; }
}
