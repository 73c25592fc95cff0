package cinegen.media;

import cinegen.frames.FrameSequence;

import java.util.ArrayList;
import java.util.List;

/**
 * A textured moving scene defined at any moment, for tests and benchmarks: a slowly panning background of
 * soft colour waves and a rounded square with a chequered, ringed texture that slides across it. Because any time can be rendered,
 * the true in-between frames are known exactly.
 */
public final class SyntheticScene {
    private final int width, height;
    private final double speed;

    /** @param speed how far the square moves per frame, in pixels */
    public SyntheticScene(int width, int height, double speed) {
        this.width = width;
        this.height = height;
        this.speed = speed;
    }

    public int width() { return width; }
    public int height() { return height; }

    /** The first {@code count} frames (times 0, 1, 2, ...) at {@code fps}. */
    public FrameSequence frames(int count, double fps) {
        List<int[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) frames.add(frameAt(i));
        return new FrameSequence(width, height, fps, frames);
    }

    /** The scene at time {@code t}, measured in frames (t = 1.5 lies halfway between frames 1 and 2). */
    public int[] frameAt(double t) {
        int[] out = new int[width * height];
        double scale = Math.min(width, height);
        double side = 0.36 * scale, corner = 0.08 * scale;
        double travel = Math.max(1, width - side - 0.1 * scale);
        double pos = (0.05 * scale + speed * t) % (2 * travel);
        double cx = (pos < travel ? pos : 2 * travel - pos) + side / 2 + 0.05 * scale;
        double cy = height / 2.0 + 0.12 * scale * Math.sin(t * speed / scale * 2.0);
        double pan = 0.25 * speed * t;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double px = x + 0.5, py = y + 0.5;
                // background: soft waves, panning slowly to the left
                double bx = px + pan;
                double r = 0.5 + 0.3 * Math.sin(bx / 7.0) * Math.cos(py / 11.0) + 0.15 * Math.sin((bx + py) / 23.0);
                double g = 0.45 + 0.25 * Math.cos(bx / 13.0 + py / 9.0) + 0.1 * Math.sin(py / 5.0);
                double b = 0.55 + 0.3 * Math.sin(py / 17.0 - bx / 29.0);
                // foreground square: diagonal stripes that move with it
                double dx = px - cx, dy = py - cy;
                double qx = Math.max(Math.abs(dx) - (side / 2 - corner), 0), qy = Math.max(Math.abs(dy) - (side / 2 - corner), 0);
                double dist = Math.hypot(qx, qy) - corner + Math.min(Math.max(Math.abs(dx), Math.abs(dy)) - (side / 2 - corner), 0);
                double cover = Math.max(0, Math.min(1, 0.5 - dist));
                if (cover > 0) {
                    double checks = Math.sin(dx / 4.3) * Math.cos(dy / 3.7);
                    double ring = 0.5 + 0.5 * Math.cos(Math.hypot(dx + 3, dy - 2) / 2.9);
                    double fr = 0.55 + 0.4 * checks, fg = 0.15 + 0.6 * ring, fb = 0.3 + 0.25 * Math.sin((dx - dy) / 6.1);
                    r = r * (1 - cover) + fr * cover;
                    g = g * (1 - cover) + fg * cover;
                    b = b * (1 - cover) + fb * cover;
                }
                out[y * width + x] = 0xff000000 | (to8(r) << 16) | (to8(g) << 8) | to8(b);
            }
        }
        return out;
    }

    private static int to8(double v) {
        long i = Math.round(v * 255);
        return (int) Math.max(0, Math.min(255, i));
    }
}
