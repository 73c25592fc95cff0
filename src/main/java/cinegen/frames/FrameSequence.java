package cinegen.frames;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A short video held in memory: frames of packed ARGB pixels (0xAARRGGBB, not premultiplied), row-major,
 * all of the same size, shown at {@code fps} frames per second.
 */
public final class FrameSequence {
    private final int width;
    private final int height;
    private final double fps;
    private final List<int[]> frames;

    public FrameSequence(int width, int height, double fps, List<int[]> frames) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("frame rate must be positive, got " + fps);
        }
        Objects.requireNonNull(frames, "frames");
        List<int[]> copy = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            int[] f = frames.get(i);
            if (f == null || f.length != width * height) {
                throw new IllegalArgumentException("frame " + i + " has " + (f == null ? 0 : f.length)
                        + " pixels, expected " + width * height);
            }
            copy.add(f);
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.frames = Collections.unmodifiableList(copy);
    }

    public static FrameSequence single(int width, int height, int[] argb) {
        return new FrameSequence(width, height, 1, List.of(argb));
    }

    public int width() { return width; }
    public int height() { return height; }
    public double fps() { return fps; }
    public int frameCount() { return frames.size(); }
    public boolean isEmpty() { return frames.isEmpty(); }
    /** The pixels of frame {@code i}; callers must not modify the returned array. */
    public int[] frame(int i) { return frames.get(i); }
    public List<int[]> frames() { return frames; }
    public double durationSeconds() { return frames.size() / fps; }

    public FrameSequence withFps(double newFps) { return new FrameSequence(width, height, newFps, frames); }

    /** Frames [from, to) as a new sequence sharing the pixel arrays. */
    public FrameSequence slice(int from, int to) {
        return new FrameSequence(width, height, fps, frames.subList(from, to));
    }

    @Override
    public String toString() {
        return "FrameSequence[" + width + "x" + height + ", " + frames.size() + " frames @ " + fps + " fps]";
    }
}
