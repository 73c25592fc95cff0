package cinegen.ui.inspector;

/** The four ways the studio generates, after Lumiere's masked conditioning (§4.2). */
public enum GenerationMode {
    T2V("T2V", "Text to video", "Generates a clip from the prompt alone."),
    I2V("I2V", "Image to video", "Animates the image selected in the media bin, starting from it."),
    INPAINT("Inpaint", "Inpainting", "Regenerates a painted region of a video; the rest is kept."),
    CINEMAGRAPH("Cinemagraph", "Cinemagraph", "Animates a painted region of a still image; the rest stays still.");

    private final String shortName;
    private final String title;
    private final String description;

    GenerationMode(String shortName, String title, String description) {
        this.shortName = shortName;
        this.title = title;
        this.description = description;
    }

    public String shortName() { return shortName; }
    public String title() { return title; }
    public String description() { return description; }
}
