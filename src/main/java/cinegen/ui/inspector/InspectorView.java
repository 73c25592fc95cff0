package cinegen.ui.inspector;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import cinegen.ui.common.Panel;
import cinegen.ui.common.ValidatedField;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The inspector panel: a form over {@link InspectorViewModel}, with the Generate button pinned at the bottom. */
public final class InspectorView extends Panel {
    private final InspectorViewModel vm;

    public InspectorView(InspectorViewModel vm) {
        this(vm, new VBox());
    }

    private InspectorView(InspectorViewModel vm, VBox body) {
        super("inspector", "Inspector", "fth-sliders", body);
        this.vm = vm;
        VBox form = new VBox(12, modeSection(), promptSection(), seedSection(), samplingSection(), lowPassSection());
        form.getStyleClass().add("inspector-form");
        ScrollPane scroll = new ScrollPane(form);
        scroll.setId("inspectorScroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        body.getChildren().addAll(scroll, generateSection());
        body.setMinSize(0, 0);
    }

    private Node modeSection() {
        ToggleGroup group = new ToggleGroup();
        HBox buttons = new HBox();
        buttons.setId("modeSelector");
        GenerationMode[] modes = GenerationMode.values();
        for (int i = 0; i < modes.length; i++) {
            GenerationMode m = modes[i];
            ToggleButton b = new ToggleButton(m.shortName());
            b.setId("mode-" + m.name());
            b.setUserData(m);
            b.setToggleGroup(group);
            b.setTooltip(new Tooltip(m.title()));
            b.getStyleClass().add(i == 0 ? Styles.LEFT_PILL : i == modes.length - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            b.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(b, Priority.ALWAYS);
            buttons.getChildren().add(b);
            if (m == vm.modeProperty().get()) b.setSelected(true);
            b.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.isAvailable(m), vm.sourceProperty()));
        }
        group.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) old.setSelected(true);
            else vm.modeProperty().set((GenerationMode) now.getUserData());
        });
        vm.modeProperty().addListener((o, old, now) -> group.getToggles().stream()
                .filter(t -> t.getUserData() == now).findFirst().ifPresent(t -> t.setSelected(true)));
        Label hint = new Label();
        hint.setId("modeHint");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        hint.textProperty().bind(Bindings.createStringBinding(() -> vm.modeProperty().get().description(), vm.modeProperty()));
        return section("Mode", buttons, hint);
    }

    private Node promptSection() {
        TextArea prompt = new TextArea();
        prompt.setId("promptArea");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(4);
        prompt.setPromptText("Describe the shot: subject, motion, camera, light…");
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        MenuButton history = new MenuButton(null, new FontIcon("fth-clock"));
        history.setId("promptHistory");
        history.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        history.setTooltip(new Tooltip("Prompts used before"));
        history.disableProperty().bind(Bindings.isEmpty(vm.promptHistory()));
        vm.promptHistory().addListener((javafx.collections.ListChangeListener<String>) c -> {
            history.getItems().clear();
            for (String p : vm.promptHistory()) {
                MenuItem item = new MenuItem(p.length() > 60 ? p.substring(0, 57) + "…" : p);
                item.setOnAction(e -> vm.promptProperty().set(p));
                history.getItems().add(item);
            }
        });
        TextArea negative = new TextArea();
        negative.setId("negativePromptArea");
        negative.setWrapText(true);
        negative.setPrefRowCount(2);
        negative.setPromptText("What to avoid: blur, flicker, text…");
        negative.textProperty().bindBidirectional(vm.negativePromptProperty());
        cinegen.ui.common.FocusKeys.tabMovesFocus(prompt);
        cinegen.ui.common.FocusKeys.tabMovesFocus(negative);
        Label promptLabel = new Label("Prompt");
        promptLabel.getStyleClass().add("field-label");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox promptHeader = new HBox(4, promptLabel, gap, history);
        promptHeader.setAlignment(Pos.CENTER_LEFT);
        return new VBox(12, new VBox(4, promptHeader, prompt), section("Negative prompt", negative));
    }

    private Node seedSection() {
        TextField seed = field("seedField", vm.seed());
        Button dice = new Button(null, new FontIcon("fth-shuffle"));
        dice.setId("seedDice");
        dice.getStyleClass().add(Styles.BUTTON_ICON);
        dice.setTooltip(new Tooltip("Roll a random seed"));
        dice.setOnAction(e -> vm.randomizeSeed());
        ToggleButton lock = new ToggleButton(null, new FontIcon("fth-unlock"));
        lock.setId("seedLock");
        lock.getStyleClass().add(Styles.BUTTON_ICON);
        lock.selectedProperty().bindBidirectional(vm.seedLockedProperty());
        Tooltip lockTip = new Tooltip();
        lockTip.textProperty().bind(Bindings.when(lock.selectedProperty())
                .then("Seed locked: every Generate uses this seed").otherwise("Seed unlocked: a new seed after each Generate"));
        lock.setTooltip(lockTip);
        lock.selectedProperty().addListener((o, a, on) -> ((FontIcon) lock.getGraphic()).setIconLiteral(on ? "fth-lock" : "fth-unlock"));
        HBox.setHgrow(seed, Priority.ALWAYS);
        HBox row = new HBox(6, seed, lock, dice);
        row.setAlignment(Pos.CENTER_LEFT);
        return section("Seed", row, errorLabel("seedError", vm.seed()));
    }

    private Node samplingSection() {
        ComboBox<SamplerChoice> sampler = new ComboBox<>();
        sampler.setId("samplerBox");
        sampler.getItems().setAll(SamplerChoice.values());
        sampler.valueProperty().bindBidirectional(vm.samplerProperty());
        sampler.setMaxWidth(Double.MAX_VALUE);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(12);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(half, half);
        grid.add(numberSection("Steps", "steps", vm.steps()), 0, 0);
        grid.add(numberSection("Guidance", "guidance", vm.guidance()), 1, 0);
        grid.add(section("Sampler", sampler), 0, 1, 2, 1);
        grid.add(numberSection("Frames", "frames", vm.frames()), 0, 2);
        grid.add(numberSection("FPS", "fps", vm.fps()), 1, 2);
        Label duration = new Label();
        duration.setId("durationHint");
        duration.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        duration.textProperty().bind(vm.durationTextProperty());
        grid.add(duration, 0, 3, 2, 1);
        return grid;
    }

    private Node lowPassSection() {
        ToggleSwitch toggle = new ToggleSwitch();
        toggle.setId("lowPassSwitch");
        toggle.selectedProperty().bindBidirectional(vm.lowPassProperty());
        // The switch only reacts on its track, so its label is a separate node that toggles it too.
        Label title = new Label("Temporal low-pass");
        title.setId("lowPassLabel");
        title.setLabelFor(toggle);
        title.setOnMouseClicked(e -> vm.lowPassProperty().set(!vm.lowPassProperty().get()));
        Tooltip tip = new Tooltip("Smooths flicker by keeping only slow changes along time");
        title.setTooltip(tip);
        Tooltip.install(toggle, tip);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox switchRow = new HBox(8, title, gap, toggle);
        switchRow.setAlignment(Pos.CENTER_LEFT);
        TextField cutoff = field("lowPassCutoffField", vm.lowPassCutoff());
        cutoff.disableProperty().bind(vm.lowPassProperty().not());
        Label cutoffLabel = new Label("Cutoff");
        cutoffLabel.getStyleClass().add(Styles.TEXT_MUTED);
        HBox row = new HBox(8, cutoffLabel, cutoff);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, switchRow, row, errorLabel("lowPassCutoffError", vm.lowPassCutoff()));
    }

    private Node generateSection() {
        Button generate = new Button("Generate", new FontIcon("fth-zap"));
        generate.setId("generateButton");
        generate.getStyleClass().addAll(Styles.ACCENT, "generate-button");
        generate.setMaxWidth(Double.MAX_VALUE);
        generate.disableProperty().bind(vm.canGenerateProperty().not());
        generate.setOnAction(e -> vm.generate());
        // A disabled control gets no mouse events, so the reason's tooltip sits on a wrapper around it.
        StackPane wrapper = new StackPane(generate);
        wrapper.setId("generateWrapper");
        Tooltip reasonTip = new Tooltip();
        reasonTip.setWrapText(true);
        reasonTip.setMaxWidth(320);
        reasonTip.textProperty().bind(Bindings.when(vm.generateBlockedReasonProperty().isNull())
                .then("Generate a clip with these settings").otherwise(vm.generateBlockedReasonProperty()));
        Tooltip.install(wrapper, reasonTip);
        Label reason = new Label();
        reason.setId("generateReason");
        reason.setWrapText(true);
        reason.setMinHeight(Region.USE_PREF_SIZE);
        reason.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        reason.textProperty().bind(vm.generateBlockedReasonProperty());
        reason.visibleProperty().bind(vm.generateBlockedReasonProperty().isNotNull());
        reason.managedProperty().bind(reason.visibleProperty());
        VBox box = new VBox(6, wrapper, reason);
        box.getStyleClass().add("generate-section");
        return box;
    }

    private Node numberSection(String title, String idPrefix, ValidatedField<?> f) {
        return section(title, field(idPrefix + "Field", f), errorLabel(idPrefix + "Error", f));
    }

    /** A text field bound to a validated value, outlined in red while its text is refused. */
    private static TextField field(String id, ValidatedField<?> f) {
        TextField t = new TextField();
        t.setId(id);
        t.textProperty().bindBidirectional(f.text());
        t.setPrefColumnCount(6);
        f.valid().addListener((o, was, ok) -> t.pseudoClassStateChanged(Styles.STATE_DANGER, !ok));
        t.pseudoClassStateChanged(Styles.STATE_DANGER, !f.isValid());
        return t;
    }

    /** The reason a field's text is refused, shown under the field only while it is. */
    private static Label errorLabel(String id, ValidatedField<?> f) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().addAll("field-error", Styles.TEXT_SMALL, Styles.DANGER);
        l.textProperty().bind(f.error());
        l.visibleProperty().bind(f.error().isNotNull());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static VBox section(String title, Node... content) {
        Label label = new Label(title);
        label.getStyleClass().add("field-label");
        VBox box = new VBox(4, label);
        box.getChildren().addAll(content);
        return box;
    }
}
