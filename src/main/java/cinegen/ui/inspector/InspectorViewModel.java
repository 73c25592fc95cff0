package cinegen.ui.inspector;

import cinegen.ui.common.ValidatedField;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The settings of the next generation. Numeric fields are {@link ValidatedField}s: an invalid entry is refused at
 * the field with its reason. {@link #generateBlockedReasonProperty()} says why Generate cannot run (null when it
 * can); until the engine service is wired in, {@link #engineAvailableProperty()} stays false.
 */
public final class InspectorViewModel {
    public static final long MAX_SEED = 4_294_967_295L;
    public static final int MIN_STEPS = 1, MAX_STEPS = 150, DEFAULT_STEPS = 25;
    public static final double MIN_GUIDANCE = 1, MAX_GUIDANCE = 20, DEFAULT_GUIDANCE = 7.5;
    public static final int MIN_FRAMES = 2, MAX_FRAMES = 240, DEFAULT_FRAMES = 16;
    public static final int MIN_FPS = 1, MAX_FPS = 60, DEFAULT_FPS = 8;
    public static final double MIN_CUTOFF = 0.05, MAX_CUTOFF = 1, DEFAULT_CUTOFF = 0.25;
    public static final String ENGINE_MISSING =
            "Generation is not available yet: the engine is not connected in this build.";

    private final RandomGenerator random;
    private final ObjectProperty<GenerationMode> mode = new SimpleObjectProperty<>(this, "mode", GenerationMode.T2V);
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final StringProperty negativePrompt = new SimpleStringProperty(this, "negativePrompt", "");
    private final ValidatedField<Long> seed;
    private final ValidatedField<Integer> steps = ValidatedField.integer("Steps", DEFAULT_STEPS, MIN_STEPS, MAX_STEPS);
    private final ValidatedField<Double> guidance =
            ValidatedField.decimal("Guidance", DEFAULT_GUIDANCE, MIN_GUIDANCE, MAX_GUIDANCE);
    private final ObjectProperty<SamplerChoice> sampler =
            new SimpleObjectProperty<>(this, "sampler", SamplerChoice.DPM_SOLVER_PP_2M);
    private final ValidatedField<Integer> frames = ValidatedField.integer("Frames", DEFAULT_FRAMES, MIN_FRAMES, MAX_FRAMES);
    private final ValidatedField<Integer> fps = ValidatedField.integer("FPS", DEFAULT_FPS, MIN_FPS, MAX_FPS);
    private final BooleanProperty lowPass = new SimpleBooleanProperty(this, "lowPass", false);
    private final ValidatedField<Double> lowPassCutoff =
            ValidatedField.decimal("Low-pass cutoff", DEFAULT_CUTOFF, MIN_CUTOFF, MAX_CUTOFF);
    private final BooleanProperty engineAvailable = new SimpleBooleanProperty(this, "engineAvailable", false);
    private final StringBinding blockedReason;
    private final BooleanBinding canGenerate;
    private final StringBinding durationText;

    public InspectorViewModel(RandomGenerator random) {
        this.random = random;
        seed = ValidatedField.whole("Seed", random.nextLong(MAX_SEED + 1), 0, MAX_SEED);
        List<Observable> deps = new ArrayList<>(List.of(engineAvailable, prompt, lowPass));
        for (ValidatedField<?> f : fields()) deps.add(f.valid());
        blockedReason = Bindings.createStringBinding(this::computeBlockedReason, deps.toArray(Observable[]::new));
        canGenerate = blockedReason.isNull();
        durationText = Bindings.createStringBinding(() -> String.format(Locale.ROOT, "%.1f s at %d fps",
                frames.get() / (double) fps.get(), fps.get()), frames.value(), fps.value());
    }

    public ObjectProperty<GenerationMode> modeProperty() { return mode; }
    public StringProperty promptProperty() { return prompt; }
    public StringProperty negativePromptProperty() { return negativePrompt; }
    public ValidatedField<Long> seed() { return seed; }
    public ValidatedField<Integer> steps() { return steps; }
    public ValidatedField<Double> guidance() { return guidance; }
    public ObjectProperty<SamplerChoice> samplerProperty() { return sampler; }
    public ValidatedField<Integer> frames() { return frames; }
    public ValidatedField<Integer> fps() { return fps; }
    /** VideoElevator's temporal low-pass filter (FFT over frames) against flicker. */
    public BooleanProperty lowPassProperty() { return lowPass; }
    /** Fraction of temporal frequencies the low-pass keeps. */
    public ValidatedField<Double> lowPassCutoff() { return lowPassCutoff; }
    public BooleanProperty engineAvailableProperty() { return engineAvailable; }
    /** Why Generate cannot run now, or null when it can. */
    public StringBinding generateBlockedReasonProperty() { return blockedReason; }
    public BooleanBinding canGenerateProperty() { return canGenerate; }
    /** The clip length the frames and FPS give, e.g. "2.0 s at 8 fps". */
    public StringBinding durationTextProperty() { return durationText; }

    /** Every validated field, in form order. */
    public List<ValidatedField<?>> fields() {
        return List.of(seed, steps, guidance, frames, fps, lowPassCutoff);
    }

    /** Rolls a new seed in [0, {@value #MAX_SEED}]. */
    public void randomizeSeed() {
        seed.setValue(random.nextLong(MAX_SEED + 1));
    }

    private String computeBlockedReason() {
        if (!engineAvailable.get()) return ENGINE_MISSING;
        for (ValidatedField<?> f : fields()) {
            if (f == lowPassCutoff && !lowPass.get()) continue;
            if (!f.isValid()) return "Fix " + f.label() + " first: " + f.error().get();
        }
        if (prompt.get() == null || prompt.get().isBlank()) return "Write a prompt first.";
        return null;
    }
}
