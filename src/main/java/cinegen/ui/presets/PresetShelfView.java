package cinegen.ui.presets;

import atlantafx.base.theme.Styles;
import cinegen.ui.common.Panel;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

import java.util.Locale;

/** The preset shelf: one card per style, the empty-shelf hint, and the style strength slider. */
public final class PresetShelfView extends Panel {
    public static final String NO_PACKS_TEXT = "Style packs you install appear here.";

    private final PresetShelfViewModel vm;
    private final TilePane cards = new TilePane(6, 6);
    private final ToggleGroup group = new ToggleGroup();

    public PresetShelfView(PresetShelfViewModel vm) {
        this(vm, new VBox(8));
    }

    private PresetShelfView(PresetShelfViewModel vm, VBox body) {
        super("presetShelf", "Style Presets", "fth-layers", body);
        this.vm = vm;
        cards.setId("presetCards");
        cards.setPrefColumns(2);
        cards.setPrefTileWidth(120);
        cards.setTileAlignment(Pos.TOP_LEFT);

        Label hint = new Label(NO_PACKS_TEXT);
        hint.setId("presetHint");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        hint.visibleProperty().bind(vm.onlyBaseModelProperty());
        hint.managedProperty().bind(hint.visibleProperty());

        Slider strength = new Slider(PresetShelfViewModel.MIN_STRENGTH, PresetShelfViewModel.MAX_STRENGTH,
                vm.strengthProperty().get());
        strength.setId("styleStrength");
        strength.setBlockIncrement(0.05);
        strength.valueProperty().bindBidirectional(vm.strengthProperty());
        strength.disableProperty().bind(vm.strengthAppliesProperty().not());
        HBox.setHgrow(strength, Priority.ALWAYS);
        Label strengthValue = new Label();
        strengthValue.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.2f", vm.strengthProperty().get()), vm.strengthProperty()));
        strengthValue.getStyleClass().add("numeric");
        Label strengthLabel = new Label("Strength");
        strengthLabel.getStyleClass().add(Styles.TEXT_MUTED);
        HBox strengthRow = new HBox(8, strengthLabel, strength, strengthValue);
        strengthRow.setAlignment(Pos.CENTER_LEFT);
        Tooltip.install(strengthRow, new Tooltip("How strongly the style replaces the base model (α from 0.5 to 1)"));

        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Styles.BG_DEFAULT);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        body.getChildren().addAll(scroll, hint, strengthRow);
        body.getStyleClass().add("panel-body");

        vm.presets().addListener((ListChangeListener<StylePreset>) c -> rebuildCards());
        rebuildCards();
        group.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                if (old != null) old.setSelected(true); // a style is always chosen
            } else {
                vm.selectedProperty().set((StylePreset) now.getUserData());
            }
        });
        vm.selectedProperty().addListener((o, old, now) -> selectCard(now));
    }

    private void rebuildCards() {
        cards.getChildren().clear();
        group.getToggles().clear();
        for (StylePreset p : vm.presets()) {
            Label name = new Label(p.name());
            name.getStyleClass().add("preset-name");
            Label description = new Label(p.description());
            description.setWrapText(true);
            description.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            VBox content = new VBox(2, name, description);
            ToggleButton card = new ToggleButton(null, content);
            card.setId("preset-" + p.id());
            card.getStyleClass().add("preset-card");
            card.setUserData(p);
            card.setToggleGroup(group);
            card.setMaxWidth(Double.MAX_VALUE);
            card.setAlignment(Pos.TOP_LEFT);
            cards.getChildren().add(card);
        }
        selectCard(vm.selectedProperty().get());
    }

    private void selectCard(StylePreset preset) {
        group.getToggles().stream().filter(t -> preset.equals(t.getUserData())).findFirst()
                .ifPresent(t -> t.setSelected(true));
    }
}
