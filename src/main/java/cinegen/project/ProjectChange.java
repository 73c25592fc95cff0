package cinegen.project;

/**
 * What changed in a project, as told to {@link ProjectListener}s.
 *
 * @param id    the media item, clip or mask track concerned, or null when the kind says it all
 * @param frame for {@link Kind#MASK}: the frame whose mask changed, or -1 for all frames of the track
 */
public record ProjectChange(Kind kind, String id, int frame) {
    public enum Kind {
        /** The project's name changed. */
        NAME,
        /** The project now lives in another folder (Save As). */
        FOLDER,
        /** {@link Project#isDirty()} flipped. */
        DIRTY,
        /** The generation defaults changed. */
        SETTINGS,
        /** A media item was added; {@code id} names it. */
        MEDIA_ADDED,
        /** A media item was removed; {@code id} names it. */
        MEDIA_REMOVED,
        /** A media item was replaced by a changed copy (e.g. its recipe); {@code id} names it. */
        MEDIA_CHANGED,
        /** Clips were added, removed, moved or trimmed, or the timeline's frame rate changed. */
        TIMELINE,
        /** The playhead moved (not a document change: the project stays clean). */
        PLAYHEAD,
        /** A mask track was added; {@code id} names it. */
        MASK_TRACK_ADDED,
        /** A mask track was removed; {@code id} names it. */
        MASK_TRACK_REMOVED,
        /** Mask values changed; {@code id} names the track, {@code frame} the frame or -1. */
        MASK
    }

    public static ProjectChange of(Kind kind) { return new ProjectChange(kind, null, -1); }

    public static ProjectChange of(Kind kind, String id) { return new ProjectChange(kind, id, -1); }
}
