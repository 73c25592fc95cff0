package cinegen.ui.inspector;

import cinegen.frames.GenerationMode;
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
    private final ModelPickerViewModel models;
    private final ClipInfoViewModel clip;

    /** How Add model… asks for a model: a folder ({@code folder} true) or a file; null when cancelled. */
    @FunctionalInterface
    public interface ModelPathPicker {
        java.nio.file.Path pick(javafx.stage.Window owner, boolean folder);
    }

    private ModelPathPicker modelPathPicker = InspectorView::chooseModelPath;

    public InspectorView(InspectorViewModel vm) {
        this(vm, new ModelPickerViewModel(), new ClipInfoViewModel());
    }

    public InspectorView(InspectorViewModel vm, ModelPickerViewModel models, ClipInfoViewModel clip) {
        this(vm, models, clip, new VBox());
    }

    private InspectorView(InspectorViewModel vm, ModelPickerViewModel models, ClipInfoViewModel clip, VBox body) {
        super("inspector", "Inspector", "fth-sliders", body);
        this.vm = vm;
        this.models = models;
        this.clip = clip;
        clip.setClipboard(text -> {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(text);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
        VBox form = new VBox(12, modelSection(), modeSection(), promptSection(), seedSection(), sizeSection(), samplingSection(),
                stylesSection(), lowPassSection(), clipSection());
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
        MenuButton examples = new MenuButton(null, new FontIcon("fth-book-open"));
        examples.setId("examplePrompts");
        examples.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        examples.setTooltip(new Tooltip("Example prompts this model understands"));
        examples.visibleProperty().bind(Bindings.isNotEmpty(vm.examplePrompts()));
        examples.managedProperty().bind(examples.visibleProperty());
        Runnable fillExamples = () -> {
            examples.getItems().clear();
            for (String p : vm.examplePrompts()) {
                MenuItem item = new MenuItem(p);
                item.setOnAction(e -> vm.promptProperty().set(p));
                examples.getItems().add(item);
            }
        };
        vm.examplePrompts().addListener((javafx.collections.ListChangeListener<String>) c -> fillExamples.run());
        fillExamples.run();
        Label count = new Label();
        count.setId("promptCount");
        count.getStyleClass().addAll(Styles.TEXT_SMALL, "numeric");
        count.textProperty().bind(vm.promptCountProperty());
        vm.promptTooLongProperty().addListener((o, a, on) -> count.pseudoClassStateChanged(Styles.STATE_DANGER, on));
        HBox promptHeader = new HBox(4, promptLabel, gap, count, examples, history);
        promptHeader.setAlignment(Pos.CENTER_LEFT);
        return new VBox(12, new VBox(4, promptHeader, prompt, promptTravel(), promptCheck()), section("Negative prompt", negative));
    }

    /** "Prompt travel: 2 keyframes (0, 16)" while the prompt has keyframes, or what is wrong with them (in red). */
    private Node promptTravel() {
        Label travel = new Label();
        travel.setId("promptTravel");
        travel.setWrapText(true);
        travel.setMinHeight(Region.USE_PREF_SIZE);
        travel.getStyleClass().add(Styles.TEXT_SMALL);
        travel.setTooltip(new Tooltip("Prompts at keyframes, one per line or separated by commas: “0: closed eyes, 16: open eyes”."
                + " Frames count from 0; each frame's prompt blends between the keyframes around it; text before the first"
                + " keyframe goes before every keyframe's prompt."));
        travel.textProperty().bind(vm.promptTravelTextProperty());
        Runnable style = () -> {
            boolean problem = vm.promptTravelProblemProperty().get();
            travel.getStyleClass().removeAll(Styles.DANGER, Styles.TEXT_MUTED);
            travel.getStyleClass().add(problem ? Styles.DANGER : Styles.TEXT_MUTED);
        };
        vm.promptTravelProblemProperty().addListener((o, a, b) -> style.run());
        style.run();
        travel.visibleProperty().bind(vm.promptTravelTextProperty().isNotEmpty());
        travel.managedProperty().bind(travel.visibleProperty());
        return travel;
    }

    /**
     * The prompt as the model reads it, shown while it ignores part of it: the ignored words struck out in red, and a
     * sentence saying so (issue 31).
     */
    private Node promptCheck() {
        javafx.scene.text.TextFlow flow = new javafx.scene.text.TextFlow();
        flow.setId("promptCheck");
        flow.getStyleClass().add("prompt-check");
        Runnable fill = () -> {
            flow.getChildren().clear();
            for (cinegen.app.generate.PromptAdvisor.Span sp : vm.promptSpans()) {
                javafx.scene.text.Text t = new javafx.scene.text.Text(sp.text());
                t.getStyleClass().add(sp.ignored() ? "prompt-ignored" : "prompt-read");
                if (sp.ignored()) {
                    t.setStrikethrough(true);
                    t.setStyle("-fx-fill: -color-danger-fg;");
                } else {
                    t.setStyle("-fx-fill: -color-fg-muted;");
                }
                flow.getChildren().add(t);
            }
        };
        vm.promptSpans().addListener((javafx.collections.ListChangeListener<cinegen.app.generate.PromptAdvisor.Span>) c -> fill.run());
        Label hint = new Label();
        hint.setId("promptHint");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        hint.textProperty().bind(vm.promptHintProperty());
        VBox box = new VBox(2, flow, hint);
        box.visibleProperty().bind(vm.promptHintProperty().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node seedSection() {
        TextField seed = field("seedField", vm.seed());
        Button dice = new Button(null, new FontIcon("fth-shuffle"));
        dice.setId("seedDice");
        dice.getStyleClass().add(Styles.BUTTON_ICON);
        dice.setTooltip(new Tooltip("Roll a random seed"));
        dice.setOnAction(e -> vm.randomizeSeed());
        javafx.scene.control.CheckBox random = new javafx.scene.control.CheckBox("Random");
        random.setId("seedRandom");
        random.selectedProperty().bindBidirectional(vm.seedRandomProperty());
        Tooltip randomTip = new Tooltip();
        randomTip.textProperty().bind(Bindings.when(random.selectedProperty())
                .then("Random: a new seed after each Generate").otherwise("Every Generate uses the seed in the box"));
        random.setTooltip(randomTip);
        HBox.setHgrow(seed, Priority.ALWAYS);
        HBox row = new HBox(6, seed, random, dice);
        row.setAlignment(Pos.CENTER_LEFT);
        return section("Seed", row, errorLabel("seedError", vm.seed()));
    }

    private Node modelSection() {
        ComboBox<cinegen.app.ModelCatalog.Entry> box = new ComboBox<>(models.entries());
        box.setId("modelPicker");
        box.setMaxWidth(Double.MAX_VALUE);
        box.setCellFactory(l -> new ModelCell(models));
        box.setButtonCell(new ModelCell(models));
        box.setValue(models.currentProperty().get());
        models.currentProperty().addListener((o, a, now) -> {
            if (box.getValue() != now) box.setValue(now);
        });
        box.valueProperty().addListener((o, a, now) -> {
            if (now == null || now.equals(models.currentProperty().get())) return;
            if (!now.usable()) {
                javafx.application.Platform.runLater(() -> box.setValue(models.currentProperty().get()));
                return;
            }
            models.choose(now);
        });
        HBox.setHgrow(box, Priority.ALWAYS);
        MenuButton add = new MenuButton(null, new FontIcon("fth-plus"));
        add.setId("addModel");
        add.getStyleClass().addAll(Styles.BUTTON_ICON);
        add.setTooltip(new Tooltip("Add model…: a model folder or a model file"));
        MenuItem folder = new MenuItem("Add Model Folder…");
        folder.setId("addModelFolder");
        folder.setOnAction(e -> models.add(modelPathPicker.pick(getScene() == null ? null : getScene().getWindow(), true)));
        MenuItem file = new MenuItem("Add Model File…");
        file.setId("addModelFile");
        file.setOnAction(e -> models.add(modelPathPicker.pick(getScene() == null ? null : getScene().getWindow(), false)));
        add.getItems().addAll(folder, file);
        HBox row = new HBox(6, box, add);
        row.setAlignment(Pos.CENTER_LEFT);
        Label state = new Label();
        state.setId("modelState");
        state.setWrapText(true);
        state.setMinHeight(Region.USE_PREF_SIZE);
        state.getStyleClass().add(Styles.TEXT_SMALL);
        state.textProperty().bind(models.stateTextProperty());
        models.stateProperty().addListener((o, a, now) -> {
            state.pseudoClassStateChanged(Styles.STATE_DANGER, now == ModelPickerViewModel.State.FAILED);
            state.pseudoClassStateChanged(Styles.STATE_SUCCESS, now == ModelPickerViewModel.State.READY);
        });
        Label details = new Label();
        details.setId("modelDetails");
        details.setWrapText(true);
        details.setMinHeight(Region.USE_PREF_SIZE);
        details.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        details.textProperty().bind(models.detailsProperty());
        return section("Model", row, state, details);
    }

    /** Replaces the folder and file dialogs of Add model… (tests: native dialogs cannot run headless). */
    public void setModelPathPicker(ModelPathPicker picker) { modelPathPicker = picker == null ? InspectorView::chooseModelPath : picker; }

    private static java.nio.file.Path chooseModelPath(javafx.stage.Window owner, boolean folder) {
        if (folder) {
            javafx.stage.DirectoryChooser c = new javafx.stage.DirectoryChooser();
            c.setTitle("Add a model folder");
            java.io.File f = c.showDialog(owner);
            return f == null ? null : f.toPath();
        }
        javafx.stage.FileChooser c = new javafx.stage.FileChooser();
        c.setTitle("Add a model file");
        c.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Model weights",
                "*.safetensors", "*.sft", "*.ckpt", "*.pt", "*.pth", "*.bin"));
        java.io.File f = c.showOpenDialog(owner);
        return f == null ? null : f.toPath();
    }

    /** A model in a list: name, family and size; an unusable file greyed, with its reason as a tooltip. */
    public static final class ModelCell extends javafx.scene.control.ListCell<cinegen.app.ModelCatalog.Entry> {
        private final ModelPickerViewModel models;

        public ModelCell(ModelPickerViewModel models) { this.models = models; }

        @Override
        protected void updateItem(cinegen.app.ModelCatalog.Entry e, boolean empty) {
            super.updateItem(e, empty);
            getStyleClass().remove("model-unusable");
            if (empty || e == null) {
                setText(null);
                setTooltip(null);
                setDisable(false);
                setOpacity(1);
                return;
            }
            setText(models.label(e));
            setDisable(!e.usable());
            setOpacity(e.usable() ? 1 : 0.5);
            if (!e.usable()) getStyleClass().add("model-unusable");
            Tooltip tip = new Tooltip(models.describe(e));
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            setTooltip(tip);
        }
    }

    private Node sizeSection() {
        TextField w = field("widthField", vm.width());
        TextField h = field("heightField", vm.height());
        Label x = new Label("×");
        HBox.setHgrow(w, Priority.ALWAYS);
        HBox.setHgrow(h, Priority.ALWAYS);
        HBox fields = new HBox(6, w, x, h);
        fields.setAlignment(Pos.CENTER_LEFT);
        HBox aspects = new HBox();
        aspects.setId("aspectPresets");
        InspectorViewModel.Aspect[] all = InspectorViewModel.Aspect.values();
        for (int i = 0; i < all.length; i++) {
            InspectorViewModel.Aspect a = all[i];
            Button b = new Button(a.label());
            b.setId("aspect-" + a.name());
            b.getStyleClass().addAll(Styles.SMALL, i == 0 ? Styles.LEFT_PILL : i == all.length - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            b.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(b, Priority.ALWAYS);
            b.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.sizeFor(a) == null, vm.modelProperty()));
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(Bindings.createStringBinding(() -> {
                int[] size = vm.sizeFor(a);
                return size == null ? "The model generates no " + a.label() + " size" : a.label() + ": " + size[0] + "×" + size[1];
            }, vm.modelProperty()));
            b.setTooltip(tip);
            b.setOnAction(e -> vm.applyAspect(a));
            aspects.getChildren().add(b);
        }
        Label rule = new Label();
        rule.setId("sizeRule");
        rule.setWrapText(true);
        rule.setMinHeight(Region.USE_PREF_SIZE);
        rule.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        rule.textProperty().bind(vm.sizeTextProperty());
        Label problem = new Label();
        problem.setId("sizeError");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.getStyleClass().addAll("field-error", Styles.TEXT_SMALL, Styles.DANGER);
        problem.textProperty().bind(vm.sizeProblemProperty());
        problem.visibleProperty().bind(vm.sizeProblemProperty().isNotNull());
        problem.managedProperty().bind(problem.visibleProperty());
        return section("Size", fields, aspects, errorLabel("widthError", vm.width()), errorLabel("heightError", vm.height()), problem, rule);
    }

    private Node stylesSection() {
        Label styles = new Label();
        styles.setId("inspectorStyles");
        styles.setWrapText(true);
        styles.setMinHeight(Region.USE_PREF_SIZE);
        styles.textProperty().bind(vm.stylesProperty());
        styles.setTooltip(new Tooltip("The styles the next job uses: choose them on the style presets shelf"));
        return section("Styles", styles);
    }

    private Node clipSection() {
        GridPane grid = new GridPane();
        grid.setId("clipInfoRows");
        grid.setHgap(8);
        grid.setVgap(2);
        Runnable fill = () -> {
            grid.getChildren().clear();
            int r = 0;
            for (ClipInfoViewModel.Row row : clip.rows()) {
                Label k = new Label(row.label());
                k.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                k.setMinWidth(Region.USE_PREF_SIZE);
                Label v = new Label(row.value());
                v.setId("clipInfo-" + row.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
                v.getStyleClass().add(Styles.TEXT_SMALL);
                v.setWrapText(true);
                GridPane.setValignment(k, javafx.geometry.VPos.TOP);
                grid.addRow(r++, k, v);
            }
        };
        clip.rows().addListener((javafx.collections.ListChangeListener<ClipInfoViewModel.Row>) c -> fill.run());
        fill.run();
        Button copy = new Button("Copy Seed", new FontIcon("fth-copy"));
        copy.setId("copySeed");
        copy.getStyleClass().add(Styles.SMALL);
        copy.setOnAction(e -> clip.copySeed());
        Label title = new Label();
        title.getStyleClass().add("field-label");
        title.textProperty().bind(Bindings.concat("Selected clip: ", clip.titleProperty()));
        VBox box = new VBox(4, title, grid, copy);
        box.setId("clipInfo");
        box.visibleProperty().bind(clip.shownProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node samplingSection() {
        ComboBox<cinegen.project.Sampler> sampler = new ComboBox<>();
        sampler.setId("samplerBox");
        sampler.getItems().setAll(cinegen.project.Sampler.values());
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
        Label guidanceNote = new Label();
        guidanceNote.setId("guidanceNote");
        guidanceNote.setWrapText(true);
        guidanceNote.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        guidanceNote.textProperty().bind(vm.guidanceNoteProperty());
        guidanceNote.visibleProperty().bind(vm.guidanceNoteProperty().isNotEmpty());
        guidanceNote.managedProperty().bind(guidanceNote.visibleProperty());
        grid.add(guidanceNote, 0, 4, 2, 1);
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
        Button variants = new Button("×4", new FontIcon("fth-grid"));
        variants.setId("generateVariantsButton");
        variants.getStyleClass().addAll("generate-button");
        variants.disableProperty().bind(vm.canGenerateProperty().not());
        variants.setOnAction(e -> vm.generateVariants());
        variants.setMinWidth(Region.USE_PREF_SIZE);
        variants.setAccessibleText("Generate 4 Variants");
        variants.setTooltip(new Tooltip("Generate 4 variants: four seeds side by side under the viewer (Ctrl+Shift+Enter)"));
        HBox.setHgrow(wrapper, Priority.ALWAYS);
        HBox buttons = new HBox(6, wrapper, variants);
        Label reason = new Label();
        reason.setId("generateReason");
        reason.setWrapText(true);
        reason.setMinHeight(Region.USE_PREF_SIZE);
        reason.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        reason.textProperty().bind(vm.generateBlockedReasonProperty());
        reason.visibleProperty().bind(vm.generateBlockedReasonProperty().isNotNull());
        reason.managedProperty().bind(reason.visibleProperty());
        VBox box = new VBox(6, buttons, reason);
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
