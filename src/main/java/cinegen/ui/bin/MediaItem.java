package cinegen.ui.bin;

import java.nio.file.Path;
import java.util.Objects;

/** One file in the bin. The bin refers to files where they are; nothing is copied. */
public record MediaItem(Path path, MediaKind kind) {
    public MediaItem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    public String name() { return String.valueOf(path.getFileName()); }
}
