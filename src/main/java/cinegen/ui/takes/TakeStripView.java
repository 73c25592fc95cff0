package cinegen.ui.takes;

import atlantafx.base.theme.Styles;
import cinegen.app.generate.JobState;
import cinegen.frames.FrameSequence;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.common.Panel;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A strip of takes under the viewer: one cell per take, side by side, each with its label, the middle frame of its
 * clip (live previews while it renders) and its state. Clicking a cell picks it; the header keeps the picked take
 * (and, where offered, all of them), cancels what is still running, or closes the strip. Node ids start with the
 * look's prefix: {@code <prefix>Cell-2}, {@code <prefix>Picture-2}, {@code <prefix>State-2}, {@code <prefix>KeepButton}…
 */
public class TakeStripView<T extends Take> extends Panel {
    static final double CELL_SIZE = 84;
    private static final PseudoClass KEPT = PseudoClass.getPseudoClass("kept");

    /**
     * How a strip looks and reads.
     *
     * @param panelId    the panel's id
     * @param prefix     the prefix of its nodes' ids
     * @param labelId    the id part of a cell's label ("Alpha": {@code sweepAlpha-2})
     * @param keepText   the Keep button's text; {@code keepTip} its tooltip
     * @param keepAll    whether a Keep All button is offered
     * @param cellTip    a cell's tooltip
     */
    public record Look(String panelId, String title, String icon, String prefix, String labelId, String keepText,
                       String keepTip, boolean keepAll, String cancelTip, String closeTip, Function<Take, String> cellTip) {}

    private final TakeStrip<T> vm;
    private final Look look;
    private final HBox cellBox = new HBox(8);
    private final ToggleGroup group = new ToggleGroup();

    public TakeStripView(TakeStrip<T> vm, Look look) {
        this(vm, look, new VBox(6), actions(vm, look));
    }

    private TakeStripView(TakeStrip<T> vm, Look look, VBox body, Node[] actions) {
        super(look.panelId(), look.title(), look.icon(), body, actions);
        this.vm = vm;
        this.look = look;
        getStyleClass().add("take-strip");
        Label summary = new Label();
        summary.setId(look.prefix() + "Summary");
        summary.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Label picked = new Label();
        picked.setId(look.prefix() + "Picked");
        picked.getStyleClass().addAll(Styles.TEXT_SMALL);
        picked.textProperty().bind(vm.pickedTextProperty());
        HBox info = new HBox(12, summary, picked);
        info.setAlignment(Pos.CENTER_LEFT);

        cellBox.setId(look.prefix() + "Cells");
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
        vm.takes().addListener((ListChangeListener<T>) c -> rebuild());
        group.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                if (vm.pickedProperty().get() != null && old != null) old.setSelected(true); // a pick stays until another
                return;
            }
            @SuppressWarnings("unchecked") T take = (T) now.getUserData();
            vm.pick(take);
        });
        vm.pickedProperty().addListener((o, old, now) -> {
            if (now == null) group.selectToggle(null);
        });
        rebuild();
    }

    private static Node[] actions(TakeStrip<?> vm, Look look) {
        List<Node> nodes = new ArrayList<>();
        Button keep = new Button(look.keepText(), new FontIcon("fth-plus-square"));
        keep.setId(look.prefix() + "KeepButton");
        keep.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
        keep.setTooltip(new Tooltip(look.keepTip()));
        keep.disableProperty().bind(vm.canKeepProperty().not());
        keep.setOnAction(e -> vm.keepPicked());
        nodes.add(keep);
        if (look.keepAll()) {
            Button all = new Button("Keep All");
            all.setId(look.prefix() + "KeepAllButton");
            all.getStyleClass().addAll(Styles.SMALL);
            all.setTooltip(new Tooltip("Put every finished take on the timeline"));
            all.disableProperty().bind(vm.canKeepAllProperty().not());
            all.setOnAction(e -> vm.keepAll());
            nodes.add(all);
        }
        Button cancel = new Button("Cancel", new FontIcon("fth-x-circle"));
        cancel.setId(look.prefix() + "CancelButton");
        cancel.getStyleClass().addAll(Styles.SMALL);
        cancel.setTooltip(new Tooltip(look.cancelTip()));
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        nodes.add(cancel);
        Button close = new Button(null, new FontIcon("fth-x"));
        close.setId(look.prefix() + "CloseButton");
        close.getStyleClass().addAll(Styles.SMALL, Styles.BUTTON_ICON, Styles.FLAT);
        close.setTooltip(new Tooltip(look.closeTip()));
        close.setOnAction(e -> vm.close());
        nodes.add(close);
        return nodes.toArray(Node[]::new);
    }

    private void rebuild() {
        for (Node n : cellBox.getChildren()) {
            if (n.getUserData() instanceof Take c) c.setSink(null);
        }
        cellBox.getChildren().clear();
        group.getToggles().clear();
        for (T c : vm.takes()) cellBox.getChildren().add(cell(c));
    }

    private ToggleButton cell(T c) {
        String p = look.prefix();
        FrameSurface picture = new FrameSurface();
        picture.setId(p + "Picture-" + c.index());
        picture.setPrefSize(CELL_SIZE, CELL_SIZE);
        picture.setMinSize(CELL_SIZE, CELL_SIZE);
        picture.setMaxSize(CELL_SIZE, CELL_SIZE);
        picture.setMouseTransparent(true);
        Label waiting = new Label(null, new FontIcon("fth-clock"));
        waiting.getStyleClass().add(Styles.TEXT_MUTED);
        waiting.visibleProperty().bind(picture.showingFrameProperty().not());
        waiting.setMouseTransparent(true);
        StackPane frame = new StackPane(picture, waiting);
        frame.getStyleClass().add("take-picture");
        Label label = new Label(c.label());
        label.setId(p + look.labelId() + "-" + c.index());
        label.getStyleClass().addAll("numeric", "take-label");
        Label detail = new Label();
        detail.setId(p + "State-" + c.index());
        detail.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        detail.textProperty().bind(c.detailProperty());
        detail.setMaxWidth(CELL_SIZE);
        Tooltip why = new Tooltip();
        why.textProperty().bind(c.detailProperty());
        detail.setTooltip(why);
        c.stateProperty().addListener((o, a, s) -> detail.pseudoClassStateChanged(Styles.STATE_DANGER, s == JobState.FAILED));
        VBox content = new VBox(4, frame, label, detail);
        content.setAlignment(Pos.TOP_CENTER);
        ToggleButton button = new ToggleButton(null, content);
        button.setId(p + "Cell-" + c.index());
        button.getStyleClass().add("take-cell");
        button.setUserData(c);
        button.setToggleGroup(group);
        button.setTooltip(new Tooltip(look.cellTip().apply(c)));
        button.pseudoClassStateChanged(KEPT, c.keptProperty().get());
        c.keptProperty().addListener((o, a, k) -> button.pseudoClassStateChanged(KEPT, k));
        if (vm.pickedProperty().get() == c) button.setSelected(true);
        c.setSink(picture::show);
        c.resultProperty().addListener((o, a, f) -> showResult(picture, f));
        showResult(picture, c.resultProperty().get());
        return button;
    }

    private static void showResult(FrameSurface picture, FrameSequence f) {
        if (f != null && !f.isEmpty()) picture.show(f, Take.middle(f));
    }
}
