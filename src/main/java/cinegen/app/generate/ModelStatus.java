package cinegen.app.generate;

import java.util.List;
import java.util.Objects;

/**
 * What the service knows about its model: none found, not loaded yet, loading, ready (with name, hash and device),
 * or failed to load (with the reason). {@link #describe()} is the status bar's device line.
 */
public record ModelStatus(State state, String name, String hash, String device, String problem, List<Style> styles,
                          cinegen.engine.family.ModelInfo info) {
    public enum State { MISSING, NOT_LOADED, LOADING, READY, FAILED }

    /**
     * A style weight set the model offers (the preset shelf lists them).
     *
     * @param preview a picture of the style beside its file (a LoRA's {@code NAME.preview.png}), or null
     */
    public record Style(String name, String description, java.nio.file.Path preview) {
        public Style(String name, String description) { this(name, description, null); }
    }

    public ModelStatus {
        Objects.requireNonNull(state, "state");
        styles = styles == null ? List.of() : List.copyOf(styles);
    }

    public ModelStatus(State state, String name, String hash, String device, String problem) {
        this(state, name, hash, device, problem, List.of(), null);
    }

    public ModelStatus(State state, String name, String hash, String device, String problem, List<Style> styles) {
        this(state, name, hash, device, problem, styles, null);
    }

    /** Whether the model takes style files (LoRAs, second checkpoints): Stable Diffusion models do. */
    public boolean takesStyleFiles() {
        return state == State.READY && info != null && cinegen.engine.family.sd.SdFamily.ID.equals(info.familyId());
    }

    public static ModelStatus missing(String why) { return new ModelStatus(State.MISSING, null, null, null, why); }

    public boolean isUsable() { return state != State.MISSING && state != State.FAILED; }

    /** "CPU · model tiny · ready", "model tiny · loading…", "no model pack found". */
    public String describe() {
        return switch (state) {
            case MISSING -> "no model pack found";
            case NOT_LOADED -> "model " + name + " · loads on first use";
            case LOADING -> "model " + name + " · loading…";
            case READY -> device.toUpperCase(java.util.Locale.ROOT) + " · model " + name;
            case FAILED -> "model " + name + " could not be loaded";
        };
    }
}
