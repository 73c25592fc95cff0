package cinegen.project.io;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/** Reads images from a project, checking their size from the header before decoding any pixels. */
final class ImageFiles {
    private ImageFiles() {}

    /**
     * @param relative the path as written in the project, for messages
     * @param source   the file that named it, for messages
     */
    static BufferedImage read(Path file, int width, int height, String relative, String source) throws ProjectFormatException {
        if (!Files.isRegularFile(file)) {
            throw new ProjectFormatException("The image " + relative + " named in " + source + " is missing from the project folder.");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new ProjectFormatException(relative + " (named in " + source + ") is not an image.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w != width || h != height) {
                    throw new ProjectFormatException(relative + " is " + w + "x" + h + " but " + source + " says it is "
                            + width + "x" + height + ".");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ProjectFormatException(relative + " (named in " + source + ") cannot be read as an image ("
                    + (e instanceof IOException io ? IoMessages.reason(io) : e.getClass().getSimpleName()) + ").", e);
        }
    }
}
