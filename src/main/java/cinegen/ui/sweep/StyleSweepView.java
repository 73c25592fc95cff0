package cinegen.ui.sweep;

import atlantafx.base.theme.Styles;
import cinegen.app.generate.JobState;
import cinegen.frames.FrameSequence;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.common.Panel;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The style sweep strip under the viewer: one cell per strength, side by side, each with its α, the middle frame of
 * its clip (live previews while it renders) and its state. Clicking a cell picks it; the header adds the picked
 * result to the timeline, cancels what is still running, or closes the strip.
 */
public final class StyleSweepView extends Panel {
    static final double CELL_SIZE = 84;

    private final StyleSweepViewModel vm;
    private final HBox cellBox = new HBox(8);
    private final ToggleGroup group = new ToggleGroup();

    public StyleSweepView(StyleSweepViewModel vm) {
        this(vm, new VBox(6), actions(vm));
    }

    private StyleSweepView(StyleSweepViewModel vm, VBox body, javafx.scene.Node[] actions) {
        super("styleSweep", "Style Sweep", "fth-sliders", body, actions);
        this.vm = vm;
        getStyleClass().add("style-sweep");
        Label summary = new Label();
        summary.setId("sweepSummary");
        summary.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Label picked = new Label();
        picked.setId("sweepPicked");
        picked.getStyleClass().addAll(Styles.TEXT_SMALL);
        picked.textProperty().bind(vm.pickedTextProperty());
        HBox info = new HBox(12, summary, picked);
        info.setAlignment(Pos.CENTER_LEFT);

        cellBox.setId("sweepCells");
        cellBox.setAlignment(Pos.CENTER_LEFT);
        ScrollPane scroll = new ScrollPane(cellBox);
        scroll.setFitToHeight(true);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(Styles.BG_DEFAULT);
        scroll.setMinHeight(CELL_SIZE + 56);
        VBox.setVgrow(scroll, Priority.NEVER);
        body.getChildren().addAll(info, scroll);
        body.getStyleClass().add("panel-body");
        setMinHeight(USE_PREF_SIZE);

        visibleProperty().bind(vm.activeProperty());
        managedProperty().bind(visibleProperty());
        vm.cells().addListener((ListChangeListener<StyleSweepViewModel.Cell>) c -> rebuild());
        group.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                if (vm.pickedProperty().get() != null && old != null) old.setSelected(true); // a pick stays until another
                return;
            }
            vm.pick((StyleSweepViewModel.Cell) now.getUserData());
        });
        vm.pickedProperty().addListener((o, old, now) -> {
            if (now == null) group.selectToggle(null);
        });
        rebuild();
    }

    private static javafx.scene.Node[] actions(StyleSweepViewModel vm) {
        Button add = new Button("Add to Timeline", new FontIcon("fth-plus-square"));
        add.setId("sweepAddButton");
        add.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
        add.setTooltip(new Tooltip("Put the picked result on the timeline"));
        add.disableProperty().bind(vm.canAddProperty().not());
        add.setOnAction(e -> vm.addPicked());
        Button cancel = new Button("Cancel", new FontIcon("fth-x-circle"));
        cancel.setId("sweepCancelButton");
        cancel.getStyleClass().addAll(Styles.SMALL);
        cancel.setTooltip(new Tooltip("Stop the strengths that are not rendered yet"));
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Button close = new Button(null, new FontIcon("fth-x"));
        close.setId("sweepCloseButton");
        close.getStyleClass().addAll(Styles.SMALL, Styles.BUTTON_ICON, Styles.FLAT);
        close.setTooltip(new Tooltip("Close the sweep (results not on the timeline are let go)"));
        close.setOnAction(e -> vm.close());
        return new javafx.scene.Node[] {add, cancel, close};
    }

    private void rebuild() {
        for (javafx.scene.Node n : cellBox.getChildren()) {
            if (n.getUserData() instanceof StyleSweepViewModel.Cell c) c.setSink(null);
        }
        cellBox.getChildren().clear();
        group.getToggles().clear();
        for (StyleSweepViewModel.Cell c : vm.cells()) cellBox.getChildren().add(cell(c));
    }

    private ToggleButton cell(StyleSweepViewModel.Cell c) {
        FrameSurface picture = new FrameSurface();
        picture.setId("sweepPicture-" + c.index());
        picture.setPrefSize(CELL_SIZE, CELL_SIZE);
        picture.setMinSize(CELL_SIZE, CELL_SIZE);
        picture.setMaxSize(CELL_SIZE, CELL_SIZE);
        picture.setMouseTransparent(true);
        Label waiting = new Label(null, new FontIcon("fth-clock"));
        waiting.getStyleClass().add(Styles.TEXT_MUTED);
        waiting.visibleProperty().bind(picture.showingFrameProperty().not());
        waiting.setMouseTransparent(true);
        StackPane frame = new StackPane(picture, waiting);
        frame.getStyleClass().add("sweep-picture");
        Label alpha = new Label(c.label());
        alpha.setId("sweepAlpha-" + c.index());
        alpha.getStyleClass().addAll("numeric", "sweep-alpha");
        Label detail = new Label();
        detail.setId("sweepState-" + c.index());
        detail.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        detail.textProperty().bind(c.detailProperty());
        detail.setMaxWidth(CELL_SIZE);
        Tooltip why = new Tooltip();
        why.textProperty().bind(c.detailProperty());
        detail.setTooltip(why);
        c.stateProperty().addListener((o, a, s) -> {
            detail.pseudoClassStateChanged(Styles.STATE_DANGER, s == JobState.FAILED);
        });
        VBox content = new VBox(4, frame, alpha, detail);
        content.setAlignment(Pos.TOP_CENTER);
        ToggleButton button = new ToggleButton(null, content);
        button.setId("sweepCell-" + c.index());
        button.getStyleClass().add("sweep-cell");
        button.setUserData(c);
        button.setToggleGroup(group);
        button.setTooltip(new Tooltip("Use " + c.label() + " on the shelf"));
        if (vm.pickedProperty().get() == c) button.setSelected(true);
        c.setSink(picture::show);
        c.resultProperty().addListener((o, a, f) -> showResult(picture, f));
        showResult(picture, c.resultProperty().get());
        return button;
    }

    private static void showResult(FrameSurface picture, FrameSequence f) {
        if (f != null && !f.isEmpty()) picture.show(f, StyleSweepViewModel.Cell.middle(f));
    }
}
