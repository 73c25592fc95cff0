package cinegen.ui.bin;

import cinegen.project.MediaItem;

import java.util.Objects;

/** One entry of the bin as the list shows it: the project's media item, its kind and a line of detail. */
public record BinItem(MediaItem media, MediaKind kind) {
    public BinItem {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(kind, "kind");
    }

    public static BinItem of(MediaItem media) {
        MediaKind kind = switch (media.kind()) {
            case IMAGE -> MediaKind.IMAGE;
            case VIDEO -> MediaKind.VIDEO;
            case GENERATED -> MediaKind.GENERATED;
        };
        return new BinItem(media, kind);
    }

    public String id() { return media.id(); }
    public String name() { return media.name().isEmpty() ? media.id() : media.name(); }

    /** "64×36", "32×32 · 16 frames". */
    public String detail() {
        String size = media.width() + "×" + media.height();
        return media.isStill() ? size : size + " · " + media.frameCount() + " frames";
    }
}
