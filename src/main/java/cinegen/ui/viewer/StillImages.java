package cinegen.ui.viewer;

import cinegen.frames.FrameSequence;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Decodes a still image (PNG, JPEG, BMP, GIF) with JavaFX's own decoder, for a quick look in the viewer. This is a
 * preview at the UI edge only; importing media into a project is the media layer's job. Blocking: call it off the
 * JavaFX thread.
 */
public final class StillImages {
    /** Longest side of a preview; larger images are scaled down while decoding. */
    public static final int MAX_PREVIEW_SIDE = 2048;

    private StillImages() {}

    public static FrameSequence load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        Image probe = new Image(file.toUri().toString(), 0, 0, true, true, false);
        if (probe.isError() || probe.getWidth() <= 0) throw unreadable(file, probe);
        Image image = probe;
        if (probe.getWidth() > MAX_PREVIEW_SIDE || probe.getHeight() > MAX_PREVIEW_SIDE) {
            image = new Image(file.toUri().toString(), MAX_PREVIEW_SIDE, MAX_PREVIEW_SIDE, true, true, false);
            if (image.isError()) throw unreadable(file, image);
        }
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return FrameSequence.single(w, h, argb);
    }

    private static IOException unreadable(Path file, Image image) {
        Exception cause = image.getException();
        String why = cause == null || cause.getMessage() == null ? "the format is not supported" : cause.getMessage();
        return new IOException(file.getFileName() + " could not be shown as an image (" + why + ")", cause);
    }
}
