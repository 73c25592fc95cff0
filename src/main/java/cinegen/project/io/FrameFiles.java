package cinegen.project.io;

import cinegen.frames.FrameSequence;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Generated frames on disk: a folder of PNGs named {@code 000000.png}, {@code 000001.png}, ... */
final class FrameFiles {
    static final String FOLDER = "frames";
    private static final Pattern FRAME_NAME = Pattern.compile("\\d{6}\\.png");

    private FrameFiles() {}

    /** Writes every frame into {@code dir} (which must be new and empty), each file flushed to disk. */
    static void write(Path dir, FrameSequence frames) throws IOException {
        int w = frames.width(), h = frames.height();
        boolean opaque = frames.frames().stream().allMatch(FrameFiles::isOpaque);
        for (int i = 0; i < frames.frameCount(); i++) {
            BufferedImage img = new BufferedImage(w, h, opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
            img.setRGB(0, 0, w, h, frames.frame(i), 0, w);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this Java runtime");
            try (FileChannel ch = FileChannel.open(dir.resolve(String.format("%06d.png", i)),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(out.toByteArray());
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
        }
    }

    /** The frame files of {@code dir} in order (other files are ignored). */
    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> FRAME_NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    static int[] argb(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static boolean isOpaque(int[] frame) {
        for (int p : frame) if ((p >>> 24) != 0xff) return false;
        return true;
    }
}
