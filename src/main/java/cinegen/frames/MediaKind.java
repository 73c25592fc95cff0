package cinegen.frames;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a media item is: the one list the importer reports, projects store (by constant name) and the bin shows.
 * Imported files are judged by their extension.
 */
public enum MediaKind {
    /** An imported still image: one frame, shown on the timeline for as long as its clip lasts. */
    IMAGE("Image", Set.of("png", "jpg", "jpeg", "bmp", "webp")),
    /** An imported video file. */
    VIDEO("Video", Set.of("mp4", "m4v", "mov", "webm", "mkv", "avi", "gif")),
    /** A clip made by the engine: a PNG sequence with the recipe that made it; never imported from a file. */
    GENERATED("Generated", Set.of());

    private final String label;
    private final Set<String> extensions;

    MediaKind(String label, Set<String> extensions) {
        this.label = label;
        this.extensions = extensions;
    }

    /** The display name: "Image". */
    public String label() { return label; }
    /** The file extensions (lower case) of this kind; none for generated clips. */
    public Set<String> extensions() { return extensions; }

    /**
     * The file chooser's patterns for this kind, sorted: each extension in lower and upper case, since GTK's chooser
     * matches patterns case-sensitively (a camera's {@code CLIP.AVI} must be offered too).
     */
    public java.util.List<String> patterns() {
        return extensions.stream().sorted().flatMap(e -> java.util.stream.Stream.of("*." + e, "*." + e.toUpperCase(Locale.ROOT))).toList();
    }

    /** The kind of {@code file} by its extension, or empty when the studio does not take such files. */
    public static Optional<MediaKind> of(Path file) {
        Path name = file.getFileName();
        if (name == null) return Optional.empty();
        String n = name.toString();
        int dot = n.lastIndexOf('.');
        if (dot < 0) return Optional.empty();
        String ext = n.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (MediaKind k : values()) if (k.extensions.contains(ext)) return Optional.of(k);
        return Optional.empty();
    }
}
