package cinegen.frames;

import java.util.Locale;

/**
 * The four generation modes: the one list the engine serves, recipes store (by constant name) and the studio offers.
 * All four are served by one denoiser through the conditioning video C and mask M.
 */
public enum GenerationMode {
    /** Text to video: C empty, M = 0. */
    TEXT_TO_VIDEO("t2v", "T2V", "Text to video", "Generates a clip from the prompt alone."),
    /** Image to video: C = the image as frame 1, M = 1 on frame 1 only. */
    IMAGE_TO_VIDEO("i2v", "I2V", "Image to video", "Animates the image selected in the media bin, starting from it."),
    /** Inpainting: C = the user's video, M = 1 where it is kept, 0 where the painted region is regenerated. */
    INPAINT("inpaint", "Inpaint", "Inpainting", "Regenerates a painted region of a video; the rest is kept."),
    /** Cinemagraph: C = the image on every frame, M = 1 on frame 1 and outside the painted region elsewhere. */
    CINEMAGRAPH("cinemagraph", "Cinemagraph", "Cinemagraph", "Animates a painted region of a still image; the rest stays still.");

    private final String id, shortName, title, description;

    GenerationMode(String id, String shortName, String title, String description) {
        this.id = id;
        this.shortName = shortName;
        this.title = title;
        this.description = description;
    }

    /** The command line's name: t2v, i2v, inpaint, cinemagraph. */
    public String id() { return id; }
    /** A label for a narrow button: "T2V". */
    public String shortName() { return shortName; }
    /** The display name: "Text to video". */
    public String title() { return title; }
    /** One sentence on what the mode does. */
    public String description() { return description; }

    public boolean needsImage() { return this == IMAGE_TO_VIDEO || this == CINEMAGRAPH; }
    public boolean needsVideo() { return this == INPAINT; }
    public boolean needsMask() { return this == INPAINT || this == CINEMAGRAPH; }

    /** The mode with command-line name {@code s} (any case). */
    public static GenerationMode parse(String s) {
        for (GenerationMode m : values()) if (m.id.equals(s.toLowerCase(Locale.ROOT))) return m;
        throw new IllegalArgumentException("unknown mode '" + s + "' (t2v, i2v, inpaint, cinemagraph)");
    }
}
