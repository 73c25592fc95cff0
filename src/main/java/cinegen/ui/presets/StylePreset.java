package cinegen.ui.presets;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A style to generate in. Apart from {@link #NONE} (the base model), each preset names a style weight set of the
 * loaded model pack by its {@code id} (the weight set's name, lower case); the engine blends it as
 * W = W_base + α·Δ. {@code name} and {@code description} are what the shelf shows, {@code defaultAlpha} is the
 * strength it starts at, {@code thumbnail} a picture of the style (a PNG beside the preset file) or null.
 */
public record StylePreset(String id, String name, String description, double defaultAlpha, Path thumbnail) {
    /** The strength a preset without a preset file starts at. */
    public static final double DEFAULT_ALPHA = 0.8;
    public static final StylePreset NONE = new StylePreset("none", "None", "Base model", 0, null);

    public StylePreset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        defaultAlpha = Double.isNaN(defaultAlpha) ? DEFAULT_ALPHA : Math.max(0, Math.min(1, defaultAlpha));
    }

    /** A preset without a preset file: starts at {@value #DEFAULT_ALPHA}, shown as a text card. */
    public StylePreset(String id, String name, String description) {
        this(id, name, description, DEFAULT_ALPHA, null);
    }

    public boolean isNone() { return this.equals(NONE); }

    public Optional<Path> thumbnailFile() { return Optional.ofNullable(thumbnail); }

    /** True when {@code other} names the same weight set (ignoring case). */
    public boolean sameStyle(StylePreset other) { return other != null && id.equalsIgnoreCase(other.id); }
}
