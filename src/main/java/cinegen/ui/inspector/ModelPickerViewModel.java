package cinegen.ui.inspector;

import cinegen.app.ModelCatalog;
import cinegen.engine.family.ModelInfo;
import cinegen.frames.GenerationMode;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The model picker (inspector and View > Models…): the bundled model, the models found in the models folders and
 * the ones added by hand, unusable files greyed with their reason. Each model is described by its family, native
 * size, modes and how each mode is done with it: from its {@link ModelInfo} once it has been loaded in this session,
 * from what the scan read before. Choosing one asks the window to switch ({@link #setOnChoose}).
 */
public final class ModelPickerViewModel {
    /** The load state shown beside the picker. */
    public enum State { NONE, LOADING, READY, FAILED }

    private final ObservableList<ModelCatalog.Entry> entries = FXCollections.observableArrayList();
    private final ObjectProperty<ModelCatalog.Entry> current = new SimpleObjectProperty<>(this, "current");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.NONE);
    private final StringProperty stateText = new SimpleStringProperty(this, "stateText", "");
    private final BooleanProperty scanning = new SimpleBooleanProperty(this, "scanning", false);
    /** Infos of models loaded in this session, by path and motion module. */
    private final Map<String, ModelInfo> known = new HashMap<>();
    private final StringProperty details = new SimpleStringProperty(this, "details", describe(null));

    public ModelPickerViewModel() {
        current.addListener((o, a, now) -> details.set(describe(now)));
    }
    private Consumer<ModelCatalog.Entry> onChoose = e -> { };
    private Consumer<Path> onAdd = p -> { };

    public ObservableList<ModelCatalog.Entry> entries() { return entries; }
    /** The model in use (or being loaded). */
    public ObjectProperty<ModelCatalog.Entry> currentProperty() { return current; }
    public ObjectProperty<State> stateProperty() { return state; }
    /** "Loading tiny-animatediff…", "Ready", or the sentence saying why it failed. */
    public StringProperty stateTextProperty() { return stateText; }
    /** True while the models folders are being scanned. */
    public BooleanProperty scanningProperty() { return scanning; }
    /** The current model's description (family, size, modes and how each is done). */
    public javafx.beans.property.ReadOnlyStringProperty detailsProperty() { return details; }

    /** What choosing a model does (switch the generation service); set by the window. */
    public void setOnChoose(Consumer<ModelCatalog.Entry> action) { onChoose = action == null ? e -> { } : action; }

    /** What Add model… does with the picked file or folder; set by the window. */
    public void setOnAdd(Consumer<Path> action) { onAdd = action == null ? p -> { } : action; }

    /** Chooses {@code e}, when it can be used and is not the model in use already. */
    public void choose(ModelCatalog.Entry e) {
        if (e == null || e.equals(current.get())) return;
        onChoose.accept(e);
    }

    /** Adds a model file or folder the person picked. */
    public void add(Path path) {
        if (path != null) onAdd.accept(path);
    }

    /** The entry for this path and motion module, if listed. */
    public java.util.Optional<ModelCatalog.Entry> find(Path path, Path motion) {
        if (path == null) return java.util.Optional.empty();
        return entries.stream().filter(e -> e.sameModel(path, motion)).findFirst();
    }

    /** Remembers what a loaded model turned out to be, for its description. */
    public void remember(Path path, Path motion, ModelInfo info) {
        if (path == null || info == null) return;
        known.put(key(path, motion), info);
        details.set(describe(current.get()));
    }

    /** The loaded info of {@code e}, if it was loaded in this session. */
    public ModelInfo infoOf(ModelCatalog.Entry e) {
        return e == null ? null : known.get(key(e.path(), e.motion()));
    }

    private static String key(Path path, Path motion) {
        return path.toAbsolutePath().normalize() + "|" + (motion == null ? "" : motion.toAbsolutePath().normalize());
    }

    /**
     * One paragraph about a model: its family, native size and size rule, vocabulary, and each mode with how this
     * model does it (from its info once loaded); before, what the scan found and that the rest is known once loaded.
     */
    public String describe(ModelCatalog.Entry e) {
        if (e == null) return "No model chosen.";
        if (!e.usable()) return e.reason();
        ModelInfo info = infoOf(e);
        List<String> lines = new ArrayList<>();
        if (info == null) {
            lines.add(e.family().isEmpty() ? e.name() : e.family());
            if (!e.details().isEmpty()) lines.add(e.details());
            if (e.motion() != null) lines.add("Motion module: " + e.motion().getFileName());
            lines.add("Modes and how each is done are known once it is loaded.");
            return String.join("\n", lines);
        }
        lines.add(info.familyName() + " · " + info.width() + "×" + info.height() + " native");
        lines.add(info.sizeStep() > 0
                ? "Sizes: multiples of " + info.sizeStep() + " from " + info.minSide() + " to " + info.maxSide()
                : "Sizes: " + info.width() + "×" + info.height() + " only");
        lines.add(info.openVocabulary() ? "Any prompt, up to " + info.maxPromptTokens() + " tokens"
                : "A closed vocabulary: only the words of its scene grammar");
        lines.add(info.promptTravel() ? "Prompt travel: keyframed prompts (\"0: …, 16: …\") blend per frame"
                : "One prompt for the whole clip (no prompt travel)");
        if (info.guidanceEmbedded()) lines.add("Guidance embedded in the model (LCM): one pass per step, no negative prompt");
        java.util.Set<String> methods = new java.util.HashSet<>(info.modeMethods().values());
        if (info.modeMethods().size() == GenerationMode.values().length && methods.size() == 1) {
            lines.add("Every mode: " + methods.iterator().next()); // one method serves all four: say it once
        } else {
            for (GenerationMode m : GenerationMode.values()) {
                String how = info.modeMethods().get(m);
                if (how != null) lines.add(m.title() + ": " + how);
            }
        }
        return String.join("\n", lines);
    }

    /** A one-line label for a list cell: name, family and what is known of the size. */
    public String label(ModelCatalog.Entry e) {
        ModelInfo info = infoOf(e);
        String size = info != null ? info.width() + "×" + info.height() : "";
        String family = e.family().isEmpty() ? "" : e.family();
        String tail = String.join(" · ", java.util.stream.Stream.of(family, size).filter(s -> !s.isEmpty()).toList());
        return e.name() + (tail.isEmpty() ? "" : " — " + tail);
    }
}
