package cinegen.ui.inspector;

import cinegen.frames.GenerationMode;
import cinegen.ui.common.ValidatedField;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import cinegen.app.generate.PromptAdvisor;
import cinegen.engine.family.ModelInfo;
import cinegen.project.PromptTravel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The settings of the next generation. Numeric fields are {@link ValidatedField}s: an invalid entry is refused at
 * the field with its reason. {@link #generateBlockedReasonProperty()} says why Generate cannot run (null when it
 * can); until the engine service is wired in, {@link #engineAvailableProperty()} stays false.
 */
public final class InspectorViewModel {
    public static final long MAX_SEED = 4_294_967_295L;
    /**
     * The floors the inspector keeps whatever the model; the model's {@link ModelInfo} gives the defaults and the
     * ceilings of steps, guidance and frames ({@link #applyModel}).
     */
    public static final int MIN_STEPS = 1, MIN_FRAMES = 2, MIN_FPS = 1, MAX_FPS = 60, MAX_SIDE = 4096;
    public static final double MIN_GUIDANCE = 1;
    public static final double MIN_CUTOFF = 0.05, MAX_CUTOFF = 1, DEFAULT_CUTOFF = 0.25;
    public static final String ENGINE_MISSING =
            "Generation is not available yet: the engine is not connected in this build.";
    /**
     * What the fields hold until a model's info arrives (Generate waits for it, so nothing is generated with these):
     * the values the engine's request builder starts from.
     */
    private static final int PLACEHOLDER_STEPS = 25, PLACEHOLDER_FRAMES = 16, PLACEHOLDER_FPS = 8, PLACEHOLDER_SIDE = 64;
    private static final double PLACEHOLDER_GUIDANCE = 5;

    private final RandomGenerator random;
    private final ObjectProperty<GenerationMode> mode = new SimpleObjectProperty<>(this, "mode", GenerationMode.TEXT_TO_VIDEO);
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final StringProperty negativePrompt = new SimpleStringProperty(this, "negativePrompt", "");
    private final ValidatedField<Long> seed;
    private final ValidatedField<Integer> steps = ValidatedField.integer("Steps", PLACEHOLDER_STEPS, MIN_STEPS, 1000);
    private final ValidatedField<Double> guidance = ValidatedField.decimal("Guidance", PLACEHOLDER_GUIDANCE, MIN_GUIDANCE, 30);
    private final ObjectProperty<cinegen.project.Sampler> sampler =
            new SimpleObjectProperty<>(this, "sampler", cinegen.project.Sampler.DPM_SOLVER_PP_2M);
    private final ValidatedField<Integer> frames = ValidatedField.integer("Frames", PLACEHOLDER_FRAMES, MIN_FRAMES, 256);
    private final ValidatedField<Integer> fps = ValidatedField.integer("FPS", PLACEHOLDER_FPS, MIN_FPS, MAX_FPS);
    private final ValidatedField<Integer> width = ValidatedField.integer("Width", PLACEHOLDER_SIDE, 1, MAX_SIDE);
    private final ValidatedField<Integer> height = ValidatedField.integer("Height", PLACEHOLDER_SIDE, 1, MAX_SIDE);
    private final ObjectProperty<ModelInfo> model = new SimpleObjectProperty<>(this, "model");
    /** A sentence under the guidance field when the model takes guidance its own way (LCM); empty otherwise. */
    private final StringProperty guidanceNote = new SimpleStringProperty(this, "guidanceNote", "");
    /** Fields the person set (typed, or from a clip's recipe): a newly loaded model's defaults leave them alone. */
    private final Set<Object> setByPerson = new HashSet<>();
    private boolean applying;
    private final StringProperty styles = new SimpleStringProperty(this, "styles", "None (base model)");
    private final ObjectProperty<PromptAdvisor> advisor = new SimpleObjectProperty<>(this, "advisor", PromptAdvisor.none());
    private final ObservableList<PromptAdvisor.Span> promptSpans = FXCollections.observableArrayList();
    private final ObservableList<String> ignoredWords = FXCollections.observableArrayList();
    private final ObservableList<String> examplePrompts = FXCollections.observableArrayList();
    private final StringProperty promptCount = new SimpleStringProperty(this, "promptCount", "");
    private final BooleanProperty promptTooLong = new SimpleBooleanProperty(this, "promptTooLong", false);
    private final StringProperty promptHint = new SimpleStringProperty(this, "promptHint", "");
    private Executor checkExecutor = Runnable::run, fxExecutor = Runnable::run;
    /** Counts prompt checks, so a slow one that finishes after a newer one is dropped. */
    private long checks;
    private final BooleanProperty lowPass = new SimpleBooleanProperty(this, "lowPass", false);
    private final ValidatedField<Double> lowPassCutoff =
            ValidatedField.decimal("Low-pass cutoff", DEFAULT_CUTOFF, MIN_CUTOFF, MAX_CUTOFF);
    private final BooleanProperty engineAvailable = new SimpleBooleanProperty(this, "engineAvailable", false);
    private final StringProperty engineProblem = new SimpleStringProperty(this, "engineProblem", ENGINE_MISSING);
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(this, "source", Source.NONE);
    private final BooleanProperty maskPainted = new SimpleBooleanProperty(this, "maskPainted", false);
    private final ObservableList<String> promptHistory = FXCollections.observableArrayList();
    private final BooleanProperty seedRandom = new SimpleBooleanProperty(this, "seedRandom", true);
    private boolean rolling;
    public static final int MAX_HISTORY = 20;

    /** What is selected in the media bin, which decides the modes on offer. */
    public enum Source { NONE, IMAGE, VIDEO }
    private final StringBinding blockedReason;
    private final BooleanBinding canGenerate;
    private final StringBinding durationText;
    private final StringBinding sizeProblem;
    private final StringBinding sizeText;
    private final javafx.beans.binding.ObjectBinding<TravelCheck> travelCheck;
    private final StringBinding travelText;
    private final BooleanBinding travelProblem;

    public InspectorViewModel(RandomGenerator random) {
        this.random = random;
        seed = ValidatedField.whole("Seed", random.nextLong(MAX_SEED + 1), 0, MAX_SEED);
        seed.text().addListener((o, a, b) -> {
            if (!rolling && !applying) seedRandom.set(false);
        });
        for (ValidatedField<?> f : List.of(steps, guidance, frames, fps, width, height)) {
            f.text().addListener((o, a, b) -> {
                if (!applying) setByPerson.add(f);
            });
        }
        sampler.addListener((o, a, b) -> {
            if (!applying) setByPerson.add(sampler);
        });
        prompt.addListener((o, a, b) -> checkPrompt());
        advisor.addListener((o, a, now) -> {
            examplePrompts.setAll(now == null ? List.of() : now.examples());
            checkPrompt();
        });
        sizeProblem = Bindings.createStringBinding(this::computeSizeProblem, model, width.value(), height.value());
        sizeText = Bindings.createStringBinding(() -> {
            ModelInfo info = model.get();
            if (info == null) return "The sizes this model accepts are known once it is loaded.";
            return info.sizeRule() + ".";
        }, model);
        travelCheck = Bindings.createObjectBinding(this::computeTravelCheck, prompt, frames.value(), model);
        travelText = Bindings.createStringBinding(() -> travelCheck.get().text(), travelCheck);
        travelProblem = Bindings.createBooleanBinding(() -> travelCheck.get().problem(), travelCheck);
        List<Observable> deps = new ArrayList<>(List.of(engineAvailable, engineProblem, prompt, lowPass, mode, source, maskPainted, sizeProblem,
                travelCheck));
        for (ValidatedField<?> f : fields()) deps.add(f.valid());
        blockedReason = Bindings.createStringBinding(this::computeBlockedReason, deps.toArray(Observable[]::new));
        canGenerate = blockedReason.isNull();
        source.addListener((o, a, now) -> {
            if (!isAvailable(mode.get())) mode.set(GenerationMode.TEXT_TO_VIDEO);
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
    public ObjectProperty<cinegen.project.Sampler> samplerProperty() { return sampler; }
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

    private Runnable onGenerateVariants = () -> { };

    /** What Generate 4 Variants does (queue the takes); set by the window. */
    public void setOnGenerateVariants(Runnable action) { onGenerateVariants = action == null ? () -> { } : action; }

    /** Generate 4 Variants, when the settings allow it. */
    public void generateVariants() {
        if (canGenerate.get()) onGenerateVariants.run();
    }

    /**
     * The seeds of {@code count} variants, the box's seed first: with Random off the ones after it (seed, seed + 1,
     * …, wrapping past {@value #MAX_SEED}), with Random on new random seeds, all different. The box is left as it is.
     */
    public List<Long> variantSeeds(int count) {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, was " + count);
        long first = seed.get();
        java.util.LinkedHashSet<Long> seeds = new java.util.LinkedHashSet<>();
        seeds.add(first);
        for (int i = 1; seeds.size() < count; i++) {
            seeds.add(seedRandom.get() ? random.nextLong(MAX_SEED + 1) : Math.floorMod(first + i, MAX_SEED + 1));
        }
        return List.copyOf(seeds);
    }

    /**
     * Random: a new seed is rolled after each Generate. Off: every Generate uses the seed in the box. Typing a seed (or
     * taking a clip's settings) turns it off, so the box keeps what the person set.
     */
    public BooleanProperty seedRandomProperty() { return seedRandom; }
    public ValidatedField<Integer> width() { return width; }
    public ValidatedField<Integer> height() { return height; }
    /** The loaded model's info (null until one is ready): defaults, limits and the sizes it accepts. */
    public ReadOnlyObjectProperty<ModelInfo> modelProperty() { return model; }
    /** Why the width and height cannot be generated by the model, or null when they can. */
    public StringBinding sizeProblemProperty() { return sizeProblem; }
    /** The model's size rule as a sentence. */
    public StringBinding sizeTextProperty() { return sizeText; }
    /** The styles the next job uses, as the shelf has them ("Ink 0.80 + Noir 0.20"); set by the window. */
    public StringProperty stylesProperty() { return styles; }

    /**
     * A model is ready: its limits bound the fields from now on, and the fields the person has not set take its
     * defaults (the frame size its native size). Fields the person set keep their values; ones the new limits refuse
     * are shown refused with the reason.
     */
    public StringProperty guidanceNoteProperty() { return guidanceNote; }

    public void applyModel(ModelInfo info) {
        model.set(info);
        guidanceNote.set(info != null && info.guidanceEmbedded()
                ? "Guidance is embedded in this model (LCM): one pass per step; the negative prompt is not used." : "");
        if (info == null) return;
        applying = true;
        try {
            ModelInfo.Limits l = info.limits();
            steps.setParser(ValidatedField.integerParser(steps.label(), MIN_STEPS, l.maxSteps()));
            guidance.setParser(ValidatedField.decimalParser(guidance.label(), MIN_GUIDANCE, Math.max(MIN_GUIDANCE, l.maxGuidance())));
            frames.setParser(ValidatedField.integerParser(frames.label(), MIN_FRAMES, l.maxFrames()));
            ModelInfo.Defaults d = info.defaults();
            if (!setByPerson.contains(steps)) steps.setValue(d.steps());
            if (!setByPerson.contains(guidance)) guidance.setValue(Math.max(MIN_GUIDANCE, d.guidance()));
            if (!setByPerson.contains(frames)) frames.setValue(Math.max(MIN_FRAMES, Math.min(l.maxFrames(), d.frames())));
            if (!setByPerson.contains(fps)) fps.setValue((int) Math.max(MIN_FPS, Math.min(MAX_FPS, Math.round(d.fps()))));
            if (!setByPerson.contains(sampler)) {
                cinegen.project.Sampler c = cinegen.app.generate.Recipes.sampler(d.sampler());
                if (c != null) sampler.set(c);
            }
            if (!setByPerson.contains(width) && !setByPerson.contains(height)) {
                width.setValue(info.width());
                height.setValue(info.height());
            }
        } finally {
            applying = false;
        }
    }

    /**
     * A new project (docs/decisions/0619): empty prompts, text to video, a new random seed rolled after each
     * Generate, no low-pass, and every other field at the loaded model's default (the placeholders until a model is
     * ready, whose defaults then fill them).
     */
    public void resetToModelDefaults() {
        applying = true;
        try {
            mode.set(GenerationMode.TEXT_TO_VIDEO);
            prompt.set("");
            negativePrompt.set("");
            steps.setValue(PLACEHOLDER_STEPS);
            guidance.setValue(PLACEHOLDER_GUIDANCE);
            frames.setValue(PLACEHOLDER_FRAMES);
            fps.setValue(PLACEHOLDER_FPS);
            width.setValue(PLACEHOLDER_SIDE);
            height.setValue(PLACEHOLDER_SIDE);
            sampler.set(cinegen.project.Sampler.DPM_SOLVER_PP_2M);
            lowPass.set(false);
            lowPassCutoff.setValue(DEFAULT_CUTOFF);
        } finally {
            applying = false;
        }
        setByPerson.clear();
        randomizeSeed();
        seedRandom.set(true);
        applyModel(model.get());
    }

    /**
     * Settings put back from a project count as the person's (docs/decisions/0619): a model loaded later leaves them
     * alone, though its limits still apply (a value they refuse is shown refused).
     */
    public void keepAsSet() {
        setByPerson.addAll(List.of(steps, guidance, frames, fps, width, height, sampler));
    }

    // ---- what the model makes of the prompt (issue 31) ----

    /** What the loaded model makes of prompts; {@link PromptAdvisor#none()} until one is ready. */
    public ObjectProperty<PromptAdvisor> advisorProperty() { return advisor; }
    /** The prompt in stretches, the words the model ignores marked (closed vocabulary). */
    public ObservableList<PromptAdvisor.Span> promptSpans() { return promptSpans; }
    /** The prompt's words the model does not know, lower-cased, once each. */
    public ObservableList<String> ignoredWords() { return ignoredWords; }
    /** Prompts of the model's grammar that it understands (closed vocabulary; none for an open one). */
    public ObservableList<String> examplePrompts() { return examplePrompts; }
    /** "12 / 77 tokens" (open vocabulary) or "7 / 20 words" (closed); "" when not known. */
    public StringProperty promptCountProperty() { return promptCount; }
    /** Whether the prompt is longer than the model reads (the rest is cut off). */
    public BooleanProperty promptTooLongProperty() { return promptTooLong; }
    /** A sentence on what the model ignores, or "" when it reads the whole prompt. */
    public StringProperty promptHintProperty() { return promptHint; }

    // ---- prompt travel: prompts at keyframes (issue 31, decision 0618) ----

    /** The line under the prompt: "Prompt travel: 2 keyframes (0, 16)", or what is wrong with the keyframes. */
    private record TravelCheck(String text, boolean problem) {}

    /**
     * "Prompt travel: 2 keyframes (0, 16)" while the prompt is written with keyframes, or "Prompt travel: " and what is
     * wrong with them (a mistake, a keyframe past the clip, a model that takes one prompt); "" for a plain prompt.
     */
    public StringBinding promptTravelTextProperty() { return travelText; }

    /** Whether {@link #promptTravelTextProperty()} says what is wrong (Generate waits until it is fixed). */
    public BooleanBinding promptTravelProblemProperty() { return travelProblem; }

    private TravelCheck computeTravelCheck() {
        PromptTravel travel;
        try {
            travel = PromptTravel.parse(prompt.get());
        } catch (IllegalArgumentException e) {
            return new TravelCheck("Prompt travel: " + e.getMessage() + ".", true);
        }
        if (!travel.keyed()) return new TravelCheck("", false);
        try {
            travel.requireWithin(frames.get());
        } catch (IllegalArgumentException e) {
            return new TravelCheck("Prompt travel: " + e.getMessage() + ".", true);
        }
        ModelInfo info = model.get();
        if (travel.travels() && info != null && !info.promptTravel()) return new TravelCheck("Prompt travel: " + info.promptTravelRule() + ".", true);
        int n = travel.keyframes().size();
        String frameList = String.join(", ", travel.frames().stream().map(String::valueOf).toList());
        return new TravelCheck("Prompt travel: " + n + (n == 1 ? " keyframe (" : " keyframes (") + frameList + ")"
                + (travel.travels() ? "" : ", one prompt for the whole clip"), false);
    }

    /** Each keyframe's prompt (what the model reads) when the prompt is written with keyframes; null otherwise. */
    private static List<String> keyframePrompts(String text) {
        try {
            PromptTravel travel = PromptTravel.parse(text);
            if (travel.keyed()) return travel.keyframes().stream().map(PromptTravel.Keyframe::prompt).toList();
        } catch (IllegalArgumentException e) {
            // a mistake in the keyframes is shown by the travel line; the whole text is counted meanwhile
        }
        return null;
    }

    /**
     * Where prompt checks run (tokenizing is BPE work: off the JavaFX thread) and where their results are shown.
     * Both run at once by default (view-model tests).
     */
    public void setPromptCheckExecutors(Executor background, Executor fx) {
        checkExecutor = background == null ? Runnable::run : background;
        fxExecutor = fx == null ? Runnable::run : fx;
    }

    private void checkPrompt() {
        PromptAdvisor a = advisor.get() == null ? PromptAdvisor.none() : advisor.get();
        String p = prompt.get() == null ? "" : prompt.get();
        long n = ++checks;
        checkExecutor.execute(() -> {
            List<PromptAdvisor.Span> spans = a.spans(p);
            List<String> unknown = a.unknownWords(p);
            // With keyframes each keyframe's prompt is read on its own: the longest one counts.
            List<String> keyframes = keyframePrompts(p);
            boolean keyed = keyframes != null;
            int count = a == PromptAdvisor.none() ? -1 : (keyed ? keyframes : List.of(p)).stream().mapToInt(a::countTokens).max().orElse(0);
            fxExecutor.execute(() -> {
                if (n != checks) return;
                showCheck(a, spans, unknown, count, keyed);
            });
        });
    }

    private void showCheck(PromptAdvisor a, List<PromptAdvisor.Span> spans, List<String> unknown, int count, boolean keyed) {
        promptSpans.setAll(spans);
        ignoredWords.setAll(unknown);
        int max = a.maxTokens();
        boolean tooLong = count >= 0 && max > 0 && count > max;
        promptTooLong.set(tooLong);
        if (count < 0 || max <= 0) promptCount.set("");
        else promptCount.set(count + " / " + max + (a.openVocabulary() ? " tokens" : " words"));
        List<String> parts = new ArrayList<>();
        if (!unknown.isEmpty()) {
            parts.add("The model does not know " + String.join(", ", unknown.stream().map(w -> "“" + w + "”").toList())
                    + (unknown.size() == 1 ? ": it is ignored." : ": they are ignored.") + " Try an example prompt.");
        }
        if (tooLong) {
            String of = keyed ? " of each keyframe's prompt" : "";
            parts.add(a.openVocabulary()
                    ? "The model reads only the first " + max + " tokens" + of + " (start and end included); the rest is cut off."
                    : "The model reads only the first " + max + " words" + of + "; the rest is ignored.");
        }
        promptHint.set(String.join(" ", parts));
    }

    /** The common frame shapes offered beside the width and height. */
    public enum Aspect {
        SQUARE("1:1", 1, 1), WIDE("16:9", 16, 9), TALL("9:16", 9, 16), CLASSIC("4:3", 4, 3);

        private final String label;
        private final int w, h;

        Aspect(String label, int w, int h) {
            this.label = label;
            this.w = w;
            this.h = h;
        }

        public String label() { return label; }
    }

    /**
     * The frame size of {@code aspect} for the loaded model, or null when it accepts no such size: the native longer
     * side kept and the shorter one rounded to the model's size step (raised to its smallest side when needed).
     */
    public int[] sizeFor(Aspect aspect) {
        ModelInfo info = model.get();
        if (info == null) return null;
        int nw = info.width(), nh = info.height();
        if (aspect.w * nh == aspect.h * nw) return new int[] {nw, nh};
        int step = info.sizeStep();
        if (step <= 0) return null;
        int longSide = Math.max(nw, nh);
        double ratio = Math.min(aspect.w, aspect.h) / (double) Math.max(aspect.w, aspect.h);
        int shortSide = snap(longSide * ratio, step);
        if (shortSide < info.minSide()) {
            shortSide = snap(info.minSide(), step);
            if (shortSide < info.minSide()) shortSide += step;
            longSide = snap(shortSide / ratio, step);
        }
        int w = aspect.w >= aspect.h ? longSide : shortSide, h = aspect.w >= aspect.h ? shortSide : longSide;
        return info.acceptsSize(w, h) ? new int[] {w, h} : null;
    }

    private static int snap(double v, int step) { return (int) Math.max(step, Math.round(v / step) * (long) step); }

    /** Sets the width and height to {@code aspect}'s size for the model; false (nothing changed) when it has none. */
    public boolean applyAspect(Aspect aspect) {
        int[] size = sizeFor(aspect);
        if (size == null) return false;
        width.setValue(size[0]);
        height.setValue(size[1]);
        return true;
    }

    /** The aspect the width and height have now, or null. */
    public Aspect currentAspect() {
        for (Aspect a : Aspect.values()) if (a.w * (long) height.get() == a.h * (long) width.get()) return a;
        return null;
    }

    private String computeSizeProblem() {
        ModelInfo info = model.get();
        if (info == null) return null;
        if (info.acceptsSize(width.get(), height.get())) return null;
        return width.get() + "×" + height.get() + " cannot be generated: " + info.sizeRule() + ".";
    }
    /** Prompts generated with, newest first, without repeats. */
    public ObservableList<String> promptHistory() { return promptHistory; }

    /** Whether the selected media allows {@code m}: text to video always; image modes need an image, inpaint a video. */
    public boolean isAvailable(GenerationMode m) {
        return switch (m) {
            case TEXT_TO_VIDEO -> true;
            case IMAGE_TO_VIDEO, CINEMAGRAPH -> source.get() == Source.IMAGE;
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
        return List.of(seed, width, height, steps, guidance, frames, fps, lowPassCutoff);
    }

    /** Rolls a new seed in [0, {@value #MAX_SEED}] (whether later Generates roll again stays as it is). */
    public void randomizeSeed() {
        rolling = true;
        try {
            seed.setValue(random.nextLong(MAX_SEED + 1));
        } finally {
            rolling = false;
        }
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
        if (sizeProblem.get() != null) return sizeProblem.get();
        if (prompt.get() == null || prompt.get().isBlank()) return "Write a prompt first.";
        if (travelCheck.get().problem()) return "Fix the prompt first: " + travelCheck.get().text().substring("Prompt travel: ".length());
        return null;
    }
}
