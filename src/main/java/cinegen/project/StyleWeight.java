package cinegen.project;

import java.util.Objects;

/** One style preset and its interpolation weight α in [0, 1] (W = α·W_style + (1−α)·W_orig). */
public record StyleWeight(String preset, double weight) {
    public StyleWeight {
        Objects.requireNonNull(preset, "preset");
        if (preset.isBlank()) throw new IllegalArgumentException("style preset name is empty");
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("style weight of '" + preset + "' must be in [0, 1], got " + weight);
        }
    }
}
