package cinegen.engine.preview;

import java.util.List;

/** Preview frames of one sampling step, ARGB, all {@code width} x {@code height}. */
public record PreviewFrames(int width, int height, List<int[]> frames) {
    public PreviewFrames {
        frames = List.copyOf(frames);
        for (int[] f : frames) {
            if (f.length != width * height) throw new IllegalArgumentException("a preview frame of " + f.length + " pixels is not " + width + "x" + height);
        }
    }
}
