package cinegen.ui.inspector;

import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.StyleWeight;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The recipe of the clip selected on the timeline, as rows of label and value, with its seed to copy (to share it
 * or type it into another project). Empty while no generated clip is selected.
 */
public final class ClipInfoViewModel {
    /** One line of the recipe. */
    public record Row(String label, String value) {}

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper shown = new ReadOnlyBooleanWrapper(this, "shown", false);
    private final ReadOnlyStringWrapper seed = new ReadOnlyStringWrapper(this, "seed", "");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private Consumer<String> clipboard = s -> { };
    private Consumer<String> onCopied = s -> { };

    public ObservableList<Row> rows() { return rows; }
    /** True while a generated clip is selected. */
    public ReadOnlyBooleanProperty shownProperty() { return shown.getReadOnlyProperty(); }
    /** The clip's seed as text ("" when none is shown). */
    public ReadOnlyStringProperty seedProperty() { return seed.getReadOnlyProperty(); }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }

    /** Where Copy Seed puts the text (the system clipboard in the studio). */
    public void setClipboard(Consumer<String> clipboard) { this.clipboard = clipboard == null ? s -> { } : clipboard; }

    /** Told what was copied (the status bar says so). */
    public void setOnCopied(Consumer<String> onCopied) { this.onCopied = onCopied == null ? s -> { } : onCopied; }

    /** Shows {@code recipe} (the clip named {@code name}), or nothing for null. */
    public void show(String name, GenerationRecipe recipe) {
        if (recipe == null) {
            rows.clear();
            seed.set("");
            title.set("");
            shown.set(false);
            return;
        }
        List<Row> out = new ArrayList<>();
        out.add(new Row("Mode", recipe.mode().title()));
        out.add(new Row("Prompt", recipe.prompt()));
        if (!recipe.negativePrompt().isBlank()) out.add(new Row("Negative", recipe.negativePrompt()));
        out.add(new Row("Seed", String.valueOf(recipe.seed())));
        out.add(new Row("Size", recipe.width() + "×" + recipe.height()));
        out.add(new Row("Frames", recipe.frames() + " at " + fmt(recipe.fps()) + " fps"));
        out.add(new Row("Steps", String.valueOf(recipe.steps())));
        out.add(new Row("Guidance", fmt(recipe.guidance())));
        out.add(new Row("Sampler", samplerName(recipe.sampler())));
        out.add(new Row("Low-pass", recipe.lowPass() > 0 ? "cutoff " + fmt(1 - recipe.lowPass()) : "off"));
        out.add(new Row("Styles", styles(recipe)));
        String model = recipe.modelPackId().isEmpty() ? "unknown" : recipe.modelPackId();
        if (!recipe.modelPackHash().isEmpty()) model += " (" + recipe.modelPackHash().substring(0, Math.min(12, recipe.modelPackHash().length())) + ")";
        out.add(new Row("Model", model));
        if (!recipe.engineVersion().isEmpty()) out.add(new Row("Engine", recipe.engineVersion()));
        rows.setAll(out);
        seed.set(String.valueOf(recipe.seed()));
        title.set(name == null ? "" : name);
        shown.set(true);
    }

    /** Puts the clip's seed on the clipboard. */
    public void copySeed() {
        if (!shown.get()) return;
        clipboard.accept(seed.get());
        onCopied.accept(seed.get());
    }

    private static String styles(GenerationRecipe r) {
        if (r.styles().isEmpty()) return "None (base model)";
        List<String> parts = new ArrayList<>();
        for (StyleWeight w : r.styles().styles()) parts.add(w.preset() + " " + String.format(Locale.ROOT, "%.2f", w.weight()));
        return String.join(" + ", parts);
    }

    private static String samplerName(cinegen.project.Sampler s) { return s.displayName(); }

    private static String fmt(double v) {
        if (v == Math.rint(v)) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
