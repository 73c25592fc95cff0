package cinegen.ui.presets;

import java.util.Objects;

/**
 * A style to generate in. Apart from {@link #NONE} (the base model), each preset names a style weight set of an
 * installed model pack; the engine blends it as W = α·W_style + (1 − α)·W_base (Lumiere §4.1).
 */
public record StylePreset(String id, String name, String description) {
    public static final StylePreset NONE = new StylePreset("none", "None", "Base model");

    public StylePreset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    public boolean isNone() { return this.equals(NONE); }
}
