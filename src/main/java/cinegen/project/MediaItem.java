package cinegen.project;

import cinegen.frames.MediaKind;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the media bin. Immutable; a changed item is a new object with the same id.
 *
 * @param path       where the file (or, for {@link MediaKind#GENERATED}, the PNG folder) lives, relative to the project folder
 * @param frameCount 1 for images
 * @param fps        0 for images
 */
public record MediaItem(String id, MediaKind kind, String name, String path, int width, int height,
                        int frameCount, double fps, GenerationRecipe recipe) {

    public MediaItem {
        Ids.require(id, "media");
        Objects.requireNonNull(kind, "kind");
        name = Objects.requireNonNullElse(name, "");
        RelativePaths.require(path);
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("media '" + id + "' has size " + width + "x" + height);
        if (kind == MediaKind.IMAGE) {
            if (frameCount != 1) throw new IllegalArgumentException("image '" + id + "' must have 1 frame, not " + frameCount);
        } else {
            if (frameCount < 1) throw new IllegalArgumentException("media '" + id + "' has no frames");
            if (!(fps > 0) || Double.isInfinite(fps)) throw new IllegalArgumentException("media '" + id + "' has frame rate " + fps);
        }
        if (kind == MediaKind.GENERATED && recipe == null) {
            throw new IllegalArgumentException("generated media '" + id + "' has no recipe");
        }
    }

    public static MediaItem image(String id, String name, String path, int width, int height) {
        return new MediaItem(id, MediaKind.IMAGE, name, path, width, height, 1, 0, null);
    }

    public static MediaItem video(String id, String name, String path, int width, int height, int frameCount, double fps) {
        return new MediaItem(id, MediaKind.VIDEO, name, path, width, height, frameCount, fps, null);
    }

    /** A generated clip whose frames are (or will be) saved under {@code frames/<id>}. */
    public static MediaItem generated(String id, String name, int width, int height, int frameCount, double fps,
                                      GenerationRecipe recipe) {
        return new MediaItem(id, MediaKind.GENERATED, name, "frames/" + id, width, height, frameCount, fps,
                Objects.requireNonNull(recipe, "recipe"));
    }

    public Optional<GenerationRecipe> generation() { return Optional.ofNullable(recipe); }

    public boolean isStill() { return kind == MediaKind.IMAGE; }

    public MediaItem withRecipe(GenerationRecipe newRecipe) {
        return new MediaItem(id, kind, name, path, width, height, frameCount, fps, newRecipe);
    }

    public MediaItem withName(String newName) {
        return new MediaItem(id, kind, newName, path, width, height, frameCount, fps, recipe);
    }
}
