package cinegen.ui.presets;

import cinegen.project.StyleBlend;
import cinegen.project.StyleWeight;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The presets on the shelf, the chosen one and its strength α, and an optional second preset blended in with its
 * own strength: W = W_base + α·Δ + α₂·Δ₂. Both strengths lie in [0, 1] and add up to at most 1 (the project's
 * {@link StyleBlend} rule: the blend stays between the base model and the styles), so the second one's ceiling is
 * 1 − α. Choosing a preset starts α at the preset's default strength. The second preset is offered only while a
 * first one is chosen, and never the same one twice.
 */
public final class PresetShelfViewModel {
    public static final double MIN_STRENGTH = 0.0;
    public static final double MAX_STRENGTH = 1.0;
    public static final double DEFAULT_STRENGTH = StylePreset.DEFAULT_ALPHA;
    /** The strengths a style sweep renders, side by side. */
    public static final List<Double> SWEEP_ALPHAS = List.of(0.0, 0.25, 0.5, 0.75, 1.0);
    public static final String NO_STYLE_TO_SWEEP = "Choose a style on the shelf to sweep its strength.";

    private final ObservableList<StylePreset> presets = FXCollections.observableArrayList(StylePreset.NONE);
    private final ObservableList<StylePreset> blendChoices = FXCollections.observableArrayList(StylePreset.NONE);
    private final ObjectProperty<StylePreset> selected = new SimpleObjectProperty<>(this, "selected", StylePreset.NONE);
    private final DoubleProperty strength = new SimpleDoubleProperty(this, "strength", DEFAULT_STRENGTH);
    private final ObjectProperty<StylePreset> blend = new SimpleObjectProperty<>(this, "blend", StylePreset.NONE);
    private final DoubleProperty blendStrength = new SimpleDoubleProperty(this, "blendStrength", 0);
    private final ReadOnlyDoubleWrapper blendMax = new ReadOnlyDoubleWrapper(this, "blendMax", 1 - DEFAULT_STRENGTH);
    private final BooleanBinding onlyBaseModel = Bindings.size(presets).lessThanOrEqualTo(1);
    private final BooleanBinding strengthApplies = selected.isNotEqualTo(StylePreset.NONE);
    private final BooleanBinding blendApplies = strengthApplies.and(Bindings.size(blendChoices).greaterThan(1));
    private final BooleanBinding blendStrengthApplies = strengthApplies.and(blend.isNotEqualTo(StylePreset.NONE));
    private final StringProperty sweepBlockedReason = new SimpleStringProperty(this, "sweepBlockedReason", NO_STYLE_TO_SWEEP);
    private final BooleanBinding canSweep = sweepBlockedReason.isNull();
    private final javafx.beans.binding.StringBinding strengthText = Bindings.createStringBinding(
            () -> strengthApplies.get() ? String.format(java.util.Locale.ROOT, "%.2f", strength.get()) : "—", strength, strengthApplies);
    private final javafx.beans.binding.StringBinding blendStrengthText = Bindings.createStringBinding(
            () -> blendStrengthApplies.get() ? String.format(java.util.Locale.ROOT, "%.2f", blendStrength.get()) : "—",
            blendStrength, blendStrengthApplies);
    private final javafx.beans.binding.StringBinding summary = Bindings.createStringBinding(this::describeBlend,
            selected, strength, blend, blendStrength);
    private Runnable onSweep = () -> { };
    /** Set while {@link #apply} restores a recipe's values, so choosing a preset does not reset its strength. */
    private boolean restoring;
    /** Styles kept with a project that were not on the shelf when it opened (the model was loading): chosen once they are. */
    private StyleBlend pending;

    public PresetShelfViewModel() {
        selected.addListener((o, old, now) -> {
            if (now == null || !presets.contains(now)) {
                selected.set(old != null && presets.contains(old) ? old : StylePreset.NONE);
                return;
            }
            // A new choice starts at its own strength; the same style re-read from disk keeps the artist's value.
            if (!now.isNone() && !restoring && !now.sameStyle(old)) strength.set(now.defaultAlpha());
            if (!restoring) pending = null;
            updateBlendChoices();
        });
        strength.addListener((o, old, now) -> {
            double c = clamp(now.doubleValue(), MIN_STRENGTH, MAX_STRENGTH, DEFAULT_STRENGTH);
            if (c != now.doubleValue()) {
                strength.set(c);
                return;
            }
            blendMax.set(Math.max(0, 1 - c));
            if (blendStrength.get() > blendMax.get()) blendStrength.set(blendMax.get());
        });
        blend.addListener((o, old, now) -> {
            if (now == null || !blendChoices.contains(now)) {
                blend.set(old != null && blendChoices.contains(old) ? old : StylePreset.NONE);
                return;
            }
            if (now.isNone()) blendStrength.set(0);
            else if (!restoring && !now.sameStyle(old)) blendStrength.set(Math.min(now.defaultAlpha(), blendMax.get()));
            if (!restoring) pending = null;
        });
        blendStrength.addListener((o, old, now) -> {
            double c = clamp(now.doubleValue(), 0, blendMax.get(), 0);
            if (c != now.doubleValue()) blendStrength.set(c);
        });
    }

    private static double clamp(double v, double min, double max, double ifNaN) {
        return Double.isNaN(v) ? ifNaN : Math.max(min, Math.min(max, v));
    }

    public ObservableList<StylePreset> presets() { return presets; }
    public ObjectProperty<StylePreset> selectedProperty() { return selected; }
    /** α of the chosen preset, in [0, 1]. */
    public DoubleProperty strengthProperty() { return strength; }
    /** The preset blended in as well; {@link StylePreset#NONE} for none. */
    public ObjectProperty<StylePreset> blendProperty() { return blend; }
    /** What "Blend with" offers: None, then every preset except the chosen one. */
    public ObservableList<StylePreset> blendChoices() { return blendChoices; }
    /** α₂ of the blended preset, in [0, {@link #blendMaxProperty()}]. */
    public DoubleProperty blendStrengthProperty() { return blendStrength; }
    /** 1 − α: the two strengths add up to at most 1. */
    public ReadOnlyDoubleProperty blendMaxProperty() { return blendMax.getReadOnlyProperty(); }
    /** True while no model pack has contributed a style (the shelf shows how to get some). */
    public BooleanBinding onlyBaseModelProperty() { return onlyBaseModel; }
    /** Strength means something only for a real style. */
    public BooleanBinding strengthAppliesProperty() { return strengthApplies; }
    /** A second preset can be chosen once a first one is (and there is another one). */
    public BooleanBinding blendAppliesProperty() { return blendApplies; }
    /** The second strength means something only with a second preset. */
    public BooleanBinding blendStrengthAppliesProperty() { return blendStrengthApplies; }

    /** α as the shelf shows it: "0.80", or "—" while no style is chosen (the base model has no strength). */
    public javafx.beans.binding.StringBinding strengthTextProperty() { return strengthText; }
    /** α₂ as shown: "—" while no second style is blended in. */
    public javafx.beans.binding.StringBinding blendStrengthTextProperty() { return blendStrengthText; }
    /** The styles the next job uses, in words: "None (base model)", "Ink 0.80", "Ink 0.60 + Noir 0.30". */
    public javafx.beans.binding.StringBinding summaryProperty() { return summary; }

    private String describeBlend() {
        StyleBlend b = toBlend();
        if (b.isEmpty()) return "None (base model)";
        List<String> parts = new ArrayList<>();
        for (StyleWeight w : b.styles()) {
            String name = find(w.preset()).map(StylePreset::name).orElse(w.preset());
            parts.add(name + " " + String.format(java.util.Locale.ROOT, "%.2f", w.weight()));
        }
        return String.join(" + ", parts);
    }

    /** Why Style Sweep cannot run now, or null when it can (the window binds it). */
    public StringProperty sweepBlockedReasonProperty() { return sweepBlockedReason; }
    public BooleanBinding canSweepProperty() { return canSweep; }
    /** What Style Sweep does (queue the sweep); set by the window. */
    public void setOnSweep(Runnable action) { onSweep = action == null ? () -> { } : action; }

    /** True when the model in use takes style files (LoRAs, second checkpoints) besides its own styles. */
    private final javafx.beans.property.BooleanProperty takesStyleFiles =
            new javafx.beans.property.SimpleBooleanProperty(this, "takesStyleFiles", false);
    private java.util.function.Consumer<java.nio.file.Path> onAddStyleFile = f -> { };

    public javafx.beans.property.BooleanProperty takesStyleFilesProperty() { return takesStyleFiles; }

    /** Who puts a style file on the model's shelf (and says how it went). */
    public void setOnAddStyleFile(java.util.function.Consumer<java.nio.file.Path> action) {
        onAddStyleFile = action == null ? f -> { } : action;
    }

    /** Adds a LoRA or a second checkpoint as a style of the model in use. */
    public void addStyleFile(java.nio.file.Path file) {
        if (file != null && takesStyleFiles.get()) onAddStyleFile.accept(file);
    }

    /** Style Sweep, when it can run. */
    public void sweep() {
        if (canSweep.get()) onSweep.run();
    }

    /** Replaces the installed styles (the base model stays first); keeps the choices whose styles are still there. */
    public void setInstalled(List<StylePreset> installed) {
        StylePreset keep = selected.get(), keepBlend = blend.get();
        double keepStrength = strength.get(), keepBlendStrength = blendStrength.get();
        List<StylePreset> next = new ArrayList<>(List.of(StylePreset.NONE));
        for (StylePreset p : installed) {
            if (!p.isNone() && next.stream().noneMatch(p::sameStyle)) next.add(p);
        }
        restoring = true;
        try {
            presets.setAll(next);
            selected.set(find(keep.id()).orElse(StylePreset.NONE));
            updateBlendChoices();
            blend.set(selected.get().isNone() ? StylePreset.NONE : find(keepBlend.id()).filter(blendChoices::contains).orElse(StylePreset.NONE));
            if (!selected.get().isNone()) strength.set(keepStrength);
            if (!blend.get().isNone()) blendStrength.set(keepBlendStrength);
        } finally {
            restoring = false;
        }
        if (pending != null && apply(pending).isEmpty()) pending = null;
    }

    /**
     * The styles a reopened project kept (see {@link #restore}) that are still not on the shelf: the model in use has no
     * such weight set. Empty when none are waiting.
     */
    public List<String> missingKeptStyles() {
        if (pending == null) return List.of();
        return pending.styles().stream().map(cinegen.project.StyleWeight::preset).filter(n -> find(n).isEmpty()).toList();
    }

    /** The shelf's preset for a weight set name (ignoring case), if it is there. */
    public Optional<StylePreset> find(String id) {
        if (id == null) return Optional.empty();
        return presets.stream().filter(p -> p.id().equalsIgnoreCase(id)).findFirst();
    }

    /** Chooses a preset and starts it at its default strength (or keeps the base model for null and None). */
    public void choose(StylePreset p) { selected.set(p == null ? StylePreset.NONE : p); }

    /** The styles to generate with: none, the chosen preset, or the chosen one and the blended one. */
    public StyleBlend toBlend() {
        StylePreset first = selected.get();
        if (first == null || first.isNone()) return StyleBlend.none();
        List<StyleWeight> weights = new ArrayList<>(List.of(new StyleWeight(first.id(), strength.get())));
        StylePreset second = blend.get();
        if (second != null && !second.isNone() && blendStrength.get() > 0) {
            weights.add(new StyleWeight(second.id(), Math.min(blendStrength.get(), 1 - strength.get())));
        }
        return new StyleBlend(weights);
    }

    /**
     * Shows a recipe's styles on the shelf: its first style chosen at its weight, its second blended in at its own.
     * Returns the names of styles that are not on the shelf (then the shelf shows what it could).
     */
    public List<String> apply(StyleBlend styles) {
        List<String> missing = new ArrayList<>();
        List<StyleWeight> weights = styles == null ? List.of() : styles.styles();
        restoring = true;
        try {
            if (weights.isEmpty()) {
                selected.set(StylePreset.NONE);
                return missing;
            }
            Optional<StylePreset> first = find(weights.get(0).preset());
            if (first.isEmpty()) {
                missing.add(weights.get(0).preset());
                selected.set(StylePreset.NONE);
            } else {
                blend.set(StylePreset.NONE);
                selected.set(first.get());
                strength.set(weights.get(0).weight());
            }
            for (int i = 1; i < weights.size(); i++) {
                StyleWeight w = weights.get(i);
                Optional<StylePreset> p = find(w.preset());
                if (p.isEmpty()) {
                    missing.add(w.preset());
                } else if (i == 1 && first.isPresent() && blendChoices.contains(p.get())) {
                    blend.set(p.get());
                    blendStrength.set(w.weight());
                } else {
                    missing.add(w.preset()); // the shelf blends at most two styles
                }
            }
            return missing;
        } finally {
            restoring = false;
        }
    }

    /**
     * Shows the styles kept with a project (docs/decisions/0619), as {@link #apply} does; the ones not on the shelf
     * yet (its model is still loading) are chosen when they arrive, unless the artist chooses styles first.
     */
    public List<String> restore(StyleBlend styles) {
        List<String> missing = apply(styles);
        pending = missing.isEmpty() ? null : styles;
        return missing;
    }

    private void updateBlendChoices() {
        StylePreset first = selected.get();
        List<StylePreset> next = new ArrayList<>(List.of(StylePreset.NONE));
        if (first != null && !first.isNone()) {
            for (StylePreset p : presets) if (!p.isNone() && !p.sameStyle(first)) next.add(p);
        }
        StylePreset keep = blend.get();
        if (!next.equals(blendChoices)) blendChoices.setAll(next);
        blend.set(keep != null && next.contains(keep) ? keep : StylePreset.NONE);
    }
}
