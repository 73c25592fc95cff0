package cinegen.ui.presets;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * The presets on the shelf, the chosen one and its blend strength α. Strength is kept in
 * [{@value #MIN_STRENGTH}, {@value #MAX_STRENGTH}], the range the Lumiere paper found to balance style and motion.
 */
public final class PresetShelfViewModel {
    public static final double MIN_STRENGTH = 0.5;
    public static final double MAX_STRENGTH = 1.0;
    public static final double DEFAULT_STRENGTH = 0.8;

    private final ObservableList<StylePreset> presets = FXCollections.observableArrayList(StylePreset.NONE);
    private final ObjectProperty<StylePreset> selected = new SimpleObjectProperty<>(this, "selected", StylePreset.NONE);
    private final DoubleProperty strength = new SimpleDoubleProperty(this, "strength", DEFAULT_STRENGTH);
    private final BooleanBinding onlyBaseModel = Bindings.size(presets).lessThanOrEqualTo(1);
    private final BooleanBinding strengthApplies = selected.isNotEqualTo(StylePreset.NONE);

    public PresetShelfViewModel() {
        selected.addListener((o, old, now) -> {
            if (now == null || !presets.contains(now)) selected.set(old != null && presets.contains(old) ? old : StylePreset.NONE);
        });
        strength.addListener((o, old, now) -> {
            double v = now.doubleValue();
            double c = Double.isNaN(v) ? DEFAULT_STRENGTH : Math.max(MIN_STRENGTH, Math.min(MAX_STRENGTH, v));
            if (c != v) strength.set(c);
        });
    }

    public ObservableList<StylePreset> presets() { return presets; }
    public ObjectProperty<StylePreset> selectedProperty() { return selected; }
    public DoubleProperty strengthProperty() { return strength; }
    /** True while no model pack has contributed a style (the shelf shows how to get some). */
    public BooleanBinding onlyBaseModelProperty() { return onlyBaseModel; }
    /** Strength means something only for a real style. */
    public BooleanBinding strengthAppliesProperty() { return strengthApplies; }

    /** Replaces the installed styles (the base model stays first); keeps the choice if it is still there. */
    public void setInstalled(List<StylePreset> installed) {
        StylePreset keep = selected.get();
        presets.setAll(StylePreset.NONE);
        installed.stream().filter(p -> !p.isNone()).distinct().forEach(presets::add);
        selected.set(presets.contains(keep) ? keep : StylePreset.NONE);
    }
}
