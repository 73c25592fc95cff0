package cinegen.project;

/** The kinds of generation job a recipe can describe. */
public enum GenerationMode {
    TEXT_TO_VIDEO,
    IMAGE_TO_VIDEO,
    /** Regenerate the painted region of a video ({@link GenerationRecipe#maskTrackId()} marks it). */
    INPAINT,
    /** Animate the painted region of a still image, keep the rest. */
    CINEMAGRAPH,
    /** SDEdit: noise an input video and denoise it with a new prompt. */
    VIDEO_TO_VIDEO
}
