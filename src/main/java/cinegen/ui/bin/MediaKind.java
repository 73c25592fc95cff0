package cinegen.ui.bin;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a file in the bin is, judged by its extension. */
public enum MediaKind {
    IMAGE("Image", "fth-image", Set.of("png", "jpg", "jpeg", "bmp", "webp")),
    VIDEO("Video", "fth-film", Set.of("mp4", "m4v", "mov", "webm", "mkv", "avi", "gif")),
    /** Made by the engine; never imported from a file. */
    GENERATED("Generated", "fth-zap", Set.of());

    private final String label;
    private final String icon;
    private final Set<String> extensions;

    MediaKind(String label, String icon, Set<String> extensions) {
        this.label = label;
        this.icon = icon;
        this.extensions = extensions;
    }

    public String label() { return label; }
    /** Ikonli literal of the icon shown beside items of this kind. */
    public String icon() { return icon; }
    public Set<String> extensions() { return extensions; }

    /**
     * The file chooser's patterns for this kind, sorted: each extension in lower and upper case, since GTK's chooser
     * matches patterns case-sensitively (a camera's {@code CLIP.AVI} must be offered too).
     */
    public java.util.List<String> patterns() {
        return extensions.stream().sorted().flatMap(e -> java.util.stream.Stream.of("*." + e, "*." + e.toUpperCase(Locale.ROOT))).toList();
    }

    /** The kind of {@code file}, or empty when the studio does not take such files. */
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
