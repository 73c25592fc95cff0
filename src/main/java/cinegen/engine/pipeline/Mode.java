package cinegen.engine.pipeline;

import java.util.Locale;

/** The four generation modes, all served by one denoiser through the conditioning video C and mask M. */
public enum Mode {
    /** Text to video: C empty, M = 0. */
    T2V("t2v", "Text to video"),
    /** Image to video: C = the image as frame 1, M = 1 on frame 1 only. */
    I2V("i2v", "Image to video"),
    /** Inpainting: C = the user's video, M = 1 where it is kept, 0 where the painted region is regenerated. */
    INPAINT("inpaint", "Inpaint"),
    /** Cinemagraph: C = the image on every frame, M = 1 on frame 1 and outside the painted region elsewhere. */
    CINEMAGRAPH("cinemagraph", "Cinemagraph");

    private final String id, label;

    Mode(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() { return id; }
    public String label() { return label; }

    public boolean needsImage() { return this == I2V || this == CINEMAGRAPH; }
    public boolean needsVideo() { return this == INPAINT; }
    public boolean needsMask() { return this == INPAINT || this == CINEMAGRAPH; }

    public static Mode parse(String s) {
        for (Mode m : values()) if (m.id.equals(s.toLowerCase(Locale.ROOT))) return m;
        throw new IllegalArgumentException("unknown mode '" + s + "' (t2v, i2v, inpaint, cinemagraph)");
    }
}
