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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

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
    private final StringProperty engineProblem = new SimpleStringProperty(this, "engineProblem", ENGINE_MISSING);
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(this, "source", Source.NONE);
    private final BooleanProperty maskPainted = new SimpleBooleanProperty(this, "maskPainted", false);
    private final ObservableList<String> promptHistory = FXCollections.observableArrayList();
    private final BooleanProperty seedLocked = new SimpleBooleanProperty(this, "seedLocked", false);
    public static final int MAX_HISTORY = 20;

    /** What is selected in the media bin, which decides the modes on offer. */
    public enum Source { NONE, IMAGE, VIDEO }
    private final StringBinding blockedReason;
    private final BooleanBinding canGenerate;
    private final StringBinding durationText;

    public InspectorViewModel(RandomGenerator random) {
        this.random = random;
        seed = ValidatedField.whole("Seed", random.nextLong(MAX_SEED + 1), 0, MAX_SEED);
        List<Observable> deps = new ArrayList<>(List.of(engineAvailable, engineProblem, prompt, lowPass, mode, source, maskPainted));
        for (ValidatedField<?> f : fields()) deps.add(f.valid());
        blockedReason = Bindings.createStringBinding(this::computeBlockedReason, deps.toArray(Observable[]::new));
        canGenerate = blockedReason.isNull();
        source.addListener((o, a, now) -> {
            if (!isAvailable(mode.get())) mode.set(GenerationMode.T2V);
        });
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
    /** Why the engine cannot generate (shown while {@link #engineAvailableProperty()} is false). */
    public StringProperty engineProblemProperty() { return engineProblem; }
    public ObjectProperty<Source> sourceProperty() { return source; }
    /** Whether the selected media has a painted region (inpaint and cinemagraph need one). */
    public BooleanProperty maskPaintedProperty() { return maskPainted; }
    private Runnable onGenerate = () -> { };

    /** What Generate does (queue a job); set by the window. */
    public void setOnGenerate(Runnable action) { onGenerate = action == null ? () -> { } : action; }

    /** Generate, when the settings allow it. */
    public void generate() {
        if (canGenerate.get()) onGenerate.run();
    }

    /** Locked: every Generate uses the seed in the field; unlocked: a new seed is rolled after each Generate. */
    public BooleanProperty seedLockedProperty() { return seedLocked; }
    /** Prompts generated with, newest first, without repeats. */
    public ObservableList<String> promptHistory() { return promptHistory; }

    /** Whether the selected media allows {@code m}: text to video always; image modes need an image, inpaint a video. */
    public boolean isAvailable(GenerationMode m) {
        return switch (m) {
            case T2V -> true;
            case I2V, CINEMAGRAPH -> source.get() == Source.IMAGE;
            case INPAINT -> source.get() == Source.VIDEO;
        };
    }

    /** Puts the current prompt at the top of the history. */
    public void rememberPrompt() {
        String p = prompt.get() == null ? "" : prompt.get().strip();
        if (p.isEmpty()) return;
        promptHistory.remove(p);
        promptHistory.add(0, p);
        if (promptHistory.size() > MAX_HISTORY) promptHistory.remove(MAX_HISTORY, promptHistory.size());
    }
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
        if (!engineAvailable.get()) return engineProblem.get();
        GenerationMode m = mode.get();
        if (!isAvailable(m)) {
            return m == GenerationMode.INPAINT ? "Select a video in the media bin to inpaint it."
                    : "Select an image in the media bin for " + m.title().toLowerCase(Locale.ROOT) + ".";
        }
        if (m == GenerationMode.INPAINT && !maskPainted.get()) return "Paint the region to regenerate first (Paint Mask in the viewer).";
        if (m == GenerationMode.CINEMAGRAPH && !maskPainted.get()) return "Paint the region that should move first (Paint Mask in the viewer).";
        for (ValidatedField<?> f : fields()) {
            if (f == lowPassCutoff && !lowPass.get()) continue;
            if (!f.isValid()) return "Fix " + f.label() + " first: " + f.error().get();
        }
        if (prompt.get() == null || prompt.get().isBlank()) return "Write a prompt first.";
        return null;
    }
}
