package cinegen.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The picture artists keep beside a style file: for {@code loras/ink.safetensors}, {@code ink.preview.png} (the name
 * ComfyUI's and A1111's model managers write) or {@code ink.png} / {@code ink.jpg} / {@code ink.jpeg}.
 */
public final class StylePreviews {
    private StylePreviews() {}

    static final List<String> SUFFIXES = List.of(".preview.png", ".preview.jpg", ".preview.jpeg", ".png", ".jpg", ".jpeg");

    /** The first picture beside {@code styleFile} by the names above; empty when there is none. */
    public static Optional<Path> beside(Path styleFile) {
        Path dir = styleFile.toAbsolutePath().getParent();
        if (dir == null) return Optional.empty();
        String name = styleFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        for (String suffix : SUFFIXES) {
            Path p = dir.resolve(stem + suffix);
            if (Files.isRegularFile(p) && Files.isReadable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
