package cinegen.ui.viewer;

import cinegen.frames.Resample;

import java.util.Arrays;
import java.util.List;

/**
 * Lays out a step's preview frames (tiny, at latent resolution) as one image: every frame scaled up smoothly
 * (bilinear) to a tile, tiles in reading order on a dark grid. One image per step goes through one pixel buffer.
 */
public final class PreviewMosaic {
    static final int GAP = 2;
    static final int BACKGROUND = 0xff16181c;

    /** The composed image. */
    public record Image(int width, int height, int[] argb, int columns, int tile) {}

    private PreviewMosaic() {}

    /** Columns for {@code n} frames: close to square, a little wider than tall. */
    static int columns(int n) {
        return Math.max(1, (int) Math.ceil(Math.sqrt(n * 16.0 / 9)));
    }

    /** Frames of {@code w x h}, each scaled to a tile {@code tile} pixels on its longer side. */
    public static Image compose(List<int[]> frames, int w, int h, int tile) {
        int n = Math.max(1, frames.size());
        int cols = Math.min(n, columns(n));
        int rows = (n + cols - 1) / cols;
        int tw = w >= h ? tile : Math.max(1, tile * w / h), th = h >= w ? tile : Math.max(1, tile * h / w);
        int width = cols * tw + (cols + 1) * GAP, height = rows * th + (rows + 1) * GAP;
        int[] out = new int[width * height];
        Arrays.fill(out, BACKGROUND);
        for (int i = 0; i < frames.size(); i++) {
            int[] scaled = Resample.resizeArgb(frames.get(i), w, h, tw, th, false);
            int x0 = GAP + (i % cols) * (tw + GAP), y0 = GAP + (i / cols) * (th + GAP);
            for (int y = 0; y < th; y++) System.arraycopy(scaled, y * tw, out, (y0 + y) * width + x0, tw);
        }
        return new Image(width, height, out, cols, tw);
    }
}
