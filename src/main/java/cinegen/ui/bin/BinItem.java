package cinegen.ui.bin;

import cinegen.frames.MediaKind;
import cinegen.project.MediaItem;

import java.util.Objects;

/** One entry of the bin as the list shows it: the project's media item, its icon and a line of detail. */
public record BinItem(MediaItem media) {
    public BinItem {
        Objects.requireNonNull(media, "media");
    }

    public static BinItem of(MediaItem media) { return new BinItem(media); }

    public String id() { return media.id(); }
    public String name() { return media.name().isEmpty() ? media.id() : media.name(); }
    public MediaKind kind() { return media.kind(); }

    /** Ikonli literal of the icon shown beside the item. */
    public String icon() {
        return switch (media.kind()) {
            case IMAGE -> "fth-image";
            case VIDEO -> "fth-film";
            case GENERATED -> "fth-zap";
        };
    }

    /** "64×36", "32×32 · 16 frames". */
    public String detail() {
        String size = media.width() + "×" + media.height();
        return media.isStill() ? size : size + " · " + media.frameCount() + " frames";
    }
}
