package cinegen.project;

/** What a media bin item is. */
public enum MediaKind {
    /** An imported still image: one frame, shown on the timeline for as long as its clip lasts. */
    IMAGE,
    /** An imported video file. */
    VIDEO,
    /** A clip made by the engine: a PNG sequence under {@code frames/<id>/} with its {@link GenerationRecipe}. */
    GENERATED
}
