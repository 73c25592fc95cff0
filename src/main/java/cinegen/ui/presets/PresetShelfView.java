package cinegen.ui.presets;

import atlantafx.base.theme.Styles;
import cinegen.ui.common.Panel;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;

/**
 * The preset shelf: one card per style (its thumbnail when the preset has one, its label and description), the
 * empty-shelf hint, the strength slider, "Blend with" a second preset and its strength, and Style Sweep.
 * Thumbnails are decoded by JavaFX in the background at card size; one that is missing or cannot be read leaves a
 * text card.
 */
public final class PresetShelfView extends Panel {
    public static final String NO_PACKS_TEXT = "Style packs you install appear here.";
    /** Thumbnails are decoded at this size (the card is one line of cards in a list, 58 px high). */
    static final double THUMB_SIZE = 42;

    private final PresetShelfViewModel vm;
    private final VBox cards = new VBox(6);
    private final ToggleGroup group = new ToggleGroup();
    private final ComboBox<StylePreset> blendChoice = new ComboBox<>();
    private boolean syncingBlend;

    public PresetShelfView(PresetShelfViewModel vm) {
        this(vm, new VBox(8), sweepButton(vm), addStyleButton(vm));
    }

    private PresetShelfView(PresetShelfViewModel vm, VBox body, Node sweep, Button addStyle) {
        super("presetShelf", "Style Presets", "fth-layers", body, addStyle, sweep);
        addStyle.setOnAction(e -> chooseStyleFile());
        this.vm = vm;
        cards.setId("presetCards");
        cards.setFillWidth(true);

        Label hint = new Label(NO_PACKS_TEXT);
        hint.setId("presetHint");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        hint.visibleProperty().bind(vm.onlyBaseModelProperty());
        hint.managedProperty().bind(hint.visibleProperty());

        Slider strength = slider("styleStrength", vm.strengthProperty());
        strength.disableProperty().bind(vm.strengthAppliesProperty().not());
        Label strengthValue = valueLabel("styleStrengthValue", vm.strengthTextProperty());

        blendChoice.setId("blendPreset");
        blendChoice.setItems(vm.blendChoices());
        blendChoice.setMaxWidth(Double.MAX_VALUE);
        blendChoice.setCellFactory(l -> new PresetCell());
        blendChoice.setButtonCell(new PresetCell());
        blendChoice.disableProperty().bind(vm.blendAppliesProperty().not());
        HBox.setHgrow(blendChoice, Priority.ALWAYS);
        blendChoice.valueProperty().addListener((o, a, now) -> {
            if (syncingBlend) return;
            if (now != null) vm.blendProperty().set(now);
            syncBlend();
        });
        vm.blendProperty().addListener(o -> syncBlend());
        vm.blendChoices().addListener((ListChangeListener<StylePreset>) c -> syncBlend());
        syncBlend();


        Slider blendStrength = slider("blendStrength", vm.blendStrengthProperty());
        blendStrength.maxProperty().bind(vm.blendMaxProperty());
        blendStrength.disableProperty().bind(vm.blendStrengthAppliesProperty().not());
        Label blendStrengthValue = valueLabel("blendStrengthValue", vm.blendStrengthTextProperty());

        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Styles.BG_DEFAULT);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        GridPane controls = new GridPane();
        controls.setHgap(8);
        controls.setVgap(6);
        controls.addRow(0, rowLabel("Strength", "How strongly the style changes the base model: α from 0 (the base model) to 1"),
                strength, strengthValue);
        controls.addRow(1, rowLabel("Blend with", "Mix a second style in: W = base + α·first + α₂·second"), blendChoice);
        GridPane.setColumnSpan(blendChoice, 2);
        controls.addRow(2, rowLabel("Blend α₂", "Strength of the second style; both strengths add up to at most 1"),
                blendStrength, blendStrengthValue);
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        controls.getColumnConstraints().addAll(new ColumnConstraints(), grow, new ColumnConstraints());
        controls.setId("presetControls");
        controls.setMinHeight(USE_PREF_SIZE);
        body.getChildren().addAll(scroll, hint, controls);
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

    /** "+" in the header: a LoRA or a second checkpoint as a style, for models that take style files. */
    private static Button addStyleButton(PresetShelfViewModel vm) {
        Button b = new Button(null, new FontIcon("fth-plus"));
        b.setId("addStyleButton");
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        b.setTooltip(new Tooltip("Add a LoRA or a second checkpoint as a style…"));
        b.visibleProperty().bind(vm.takesStyleFilesProperty());
        b.managedProperty().bind(b.visibleProperty());
        return b;
    }

    /** Picks a style file (replaceable for tests through {@link #setStyleFilePicker}). */
    @FunctionalInterface
    public interface StyleFilePicker {
        java.nio.file.Path pick();
    }

    private StyleFilePicker styleFilePicker = this::askForStyleFile;

    public void setStyleFilePicker(StyleFilePicker picker) { styleFilePicker = picker; }

    private void chooseStyleFile() { vm.addStyleFile(styleFilePicker.pick()); }

    private java.nio.file.Path askForStyleFile() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Add a Style: a LoRA or a Checkpoint");
        chooser.getExtensionFilters().addAll(
                new javafx.stage.FileChooser.ExtensionFilter("LoRAs and checkpoints", "*.safetensors", "*.ckpt", "*.pt", "*.pth", "*.bin"),
                new javafx.stage.FileChooser.ExtensionFilter("All files", "*"));
        java.io.File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** Style Sweep, in the panel's header; its reason for being off is a tooltip on a wrapper (a disabled button gets no mouse events). */
    private static Node sweepButton(PresetShelfViewModel vm) {
        Button sweep = new Button("Sweep", new FontIcon("fth-sliders"));
        sweep.setId("styleSweepButton");
        sweep.getStyleClass().add(Styles.SMALL);
        sweep.disableProperty().bind(vm.canSweepProperty().not());
        sweep.setOnAction(e -> vm.sweep());
        StackPane wrapper = new StackPane(sweep);
        wrapper.setId("styleSweepWrapper");
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(320);
        tip.textProperty().bind(Bindings.when(vm.canSweepProperty())
                .then("Render this prompt and seed at α 0, 0.25, 0.5, 0.75 and 1 side by side, to pick a strength")
                .otherwise(vm.sweepBlockedReasonProperty()));
        Tooltip.install(wrapper, tip);
        return wrapper;
    }

    private static Slider slider(String id, DoubleProperty value) {
        Slider s = new Slider(PresetShelfViewModel.MIN_STRENGTH, PresetShelfViewModel.MAX_STRENGTH, value.get());
        s.setId(id);
        s.setBlockIncrement(0.05);
        s.valueProperty().bindBidirectional(value);
        HBox.setHgrow(s, Priority.ALWAYS);
        return s;
    }

    private static Label valueLabel(String id, javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        l.getStyleClass().add("numeric");
        l.setMinWidth(USE_PREF_SIZE);
        return l;
    }

    private static Label rowLabel(String text, String tip) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(USE_PREF_SIZE);
        l.setTooltip(new Tooltip(tip));
        return l;
    }

    /** Shows the view-model's blend in the choice box (the box may clear its value when its items change). */
    private void syncBlend() {
        syncingBlend = true;
        try {
            StylePreset want = vm.blendProperty().get();
            if (blendChoice.getValue() != want) blendChoice.setValue(want);
        } finally {
            syncingBlend = false;
        }
    }

    private void rebuildCards() {
        cards.getChildren().clear();
        group.getToggles().clear();
        for (StylePreset p : vm.presets()) cards.getChildren().add(card(p));
        selectCard(vm.selectedProperty().get());
    }

    private ToggleButton card(StylePreset p) {
        Label name = new Label(p.name());
        name.getStyleClass().add("preset-name");
        Label description = new Label(p.description());
        description.setWrapText(true);
        description.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox text = new VBox(2, name, description);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox content = new HBox(8, text);
        content.setAlignment(Pos.CENTER_LEFT);
        ToggleButton card = new ToggleButton(null, content);
        card.setId("preset-" + p.id());
        card.getStyleClass().add("preset-card");
        p.thumbnailFile().ifPresent(f -> addThumbnail(p, f, content, card));
        card.setUserData(p);
        card.setToggleGroup(group);
        card.setMaxWidth(Double.MAX_VALUE);
        card.setAlignment(Pos.TOP_LEFT);
        Tooltip.install(card, new Tooltip(p.isNone() ? "Generate with the base model"
                : p.name() + ": " + p.description() + " (starts at α " + String.format(Locale.ROOT, "%.2f", p.defaultAlpha()) + ")"));
        return card;
    }

    /**
     * Puts the preset's picture before its label once JavaFX has decoded it in the background (at card size); a
     * picture that fails leaves the text card as it was.
     */
    private static void addThumbnail(StylePreset p, java.nio.file.Path file, HBox content, ToggleButton card) {
        Image image;
        try {
            image = new Image(file.toUri().toString(), THUMB_SIZE, THUMB_SIZE, true, true, true);
        } catch (RuntimeException e) {
            return; // not a usable address: the text card stays
        }
        ImageView view = new ImageView(image);
        view.setId("presetThumb-" + p.id());
        view.getStyleClass().add("preset-thumbnail");
        view.setPreserveRatio(true);
        view.setFitWidth(THUMB_SIZE);
        view.setFitHeight(THUMB_SIZE);
        Runnable show = () -> {
            boolean ok = !image.isError() && image.getProgress() >= 1 && image.getWidth() > 0;
            if (ok && !content.getChildren().contains(view)) {
                content.getChildren().add(0, view);
                card.getStyleClass().add("with-thumbnail");
            }
        };
        image.progressProperty().addListener((o, a, b) -> show.run());
        image.errorProperty().addListener((o, a, b) -> show.run());
        show.run();
    }

    private void selectCard(StylePreset preset) {
        group.getToggles().stream().filter(t -> preset.equals(t.getUserData())).findFirst()
                .ifPresent(t -> t.setSelected(true));
    }

    /** A preset's name in the "Blend with" list. */
    private static final class PresetCell extends ListCell<StylePreset> {
        @Override
        protected void updateItem(StylePreset p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.name());
        }
    }
}
