package cinegen.ui.queue;

import atlantafx.base.theme.Styles;
import cinegen.app.generate.JobState;
import cinegen.ui.common.Panel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The jobs panel: one row per job with its state, progress and cancel / retry / reorder buttons; this session's jobs
 * and the project's saved history. Clicking a done job shows its clip.
 */
public final class QueueView extends Panel {
    public static final String EMPTY_TEXT = "Generation jobs appear here";

    public QueueView(QueueViewModel vm) {
        this(vm, new ListView<>(vm.rows()));
    }

    private QueueView(QueueViewModel vm, ListView<JobRow> list) {
        super("jobsPanel", "Jobs", "fth-list", list);
        list.setId("jobList");
        list.getStyleClass().add("job-list");
        Label empty = new Label(EMPTY_TEXT);
        empty.setId("jobsEmpty");
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        list.setPlaceholder(empty);
        list.setCellFactory(v -> new JobCell(vm));
        // On the list, not the rows: a row's nodes may be rebuilt between the press and the release.
        list.setOnMouseClicked(e -> {
            JobRow row = list.getSelectionModel().getSelectedItem();
            if (row != null && e.getButton() == javafx.scene.input.MouseButton.PRIMARY && !onButton(e.getTarget())) vm.findClip(row);
        });
        list.setOnKeyPressed(e -> {
            JobRow row = list.getSelectionModel().getSelectedItem();
            if (row != null && e.getCode() == javafx.scene.input.KeyCode.ENTER) vm.findClip(row);
        });
    }

    private static boolean onButton(Object target) {
        for (javafx.scene.Node n = target instanceof javafx.scene.Node node ? node : null; n != null; n = n.getParent()) {
            if (n instanceof Button) return true;
        }
        return false;
    }

    /** A row: title, state and detail, a progress bar while running, and its buttons. */
    private static final class JobCell extends ListCell<JobRow> {
        private final QueueViewModel vm;

        JobCell(QueueViewModel vm) { this.vm = vm; }

        @Override
        protected void updateItem(JobRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            Label title = new Label(row.title());
            title.getStyleClass().add("job-title");
            title.setMinWidth(0);
            title.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(title, Priority.ALWAYS);
            Label state = new Label();
            state.getStyleClass().addAll("job-state", Styles.TEXT_SMALL);
            state.textProperty().bind(Bindings.createStringBinding(() -> row.state().label(), row.stateProperty()));
            state.setId("jobState-" + row.key());
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            Button up = icon("fth-arrow-up", "Run earlier");
            up.setOnAction(e -> vm.moveUp(row));
            Button down = icon("fth-arrow-down", "Run later");
            down.setOnAction(e -> vm.moveDown(row));
            up.visibleProperty().bind(row.stateProperty().isEqualTo(JobState.QUEUED));
            down.visibleProperty().bind(up.visibleProperty());
            up.managedProperty().bind(up.visibleProperty());
            down.managedProperty().bind(up.visibleProperty());
            Button cancel = icon("fth-x", "Cancel this job");
            cancel.getStyleClass().add("cancel-job");
            cancel.setOnAction(e -> vm.cancel(row));
            cancel.visibleProperty().bind(row.canCancelProperty());
            cancel.managedProperty().bind(cancel.visibleProperty());
            Button retry = icon("fth-refresh-cw", "Run this job again");
            retry.getStyleClass().add("retry-job");
            retry.setOnAction(e -> vm.retry(row));
            retry.visibleProperty().bind(row.canRetryProperty());
            retry.managedProperty().bind(retry.visibleProperty());
            state.setMinWidth(Region.USE_PREF_SIZE);
            // Title, state and buttons on one line, the detail under it: three jobs fit a small sidebar.
            HBox top = new HBox(6, title, gap, state, up, down, cancel, retry);
            top.setAlignment(Pos.CENTER_LEFT);
            Label detail = new Label();
            detail.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "job-detail");
            detail.textProperty().bind(row.detailProperty());
            detail.setWrapText(true);
            detail.setMinHeight(Region.USE_PREF_SIZE);
            row.stateProperty().addListener((o, a, s) -> styleFor(detail, s));
            styleFor(detail, row.state());
            ProgressBar bar = new ProgressBar();
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.progressProperty().bind(row.progressProperty());
            bar.visibleProperty().bind(row.stateProperty().isEqualTo(JobState.RUNNING));
            bar.managedProperty().bind(bar.visibleProperty());
            bar.getStyleClass().add(Styles.SMALL);
            detail.managedProperty().bind(detail.textProperty().isNotEmpty());
            VBox box = new VBox(2, top, bar, detail);
            box.getStyleClass().add("job-row");
            box.setMinWidth(0);
            box.prefWidthProperty().bind(getListView().widthProperty().subtract(28));
            Tooltip findTip = new Tooltip("Click to show its clip");
            row.stateProperty().addListener((o, a, now) -> tipFor(box, findTip, now));
            tipFor(box, findTip, row.state());
            setGraphic(box);
        }

        private static void tipFor(VBox box, Tooltip tip, JobState s) {
            if (s == JobState.DONE) Tooltip.install(box, tip);
            else Tooltip.uninstall(box, tip);
        }

        private static void styleFor(Label detail, JobState s) {
            detail.getStyleClass().remove(Styles.DANGER);
            if (s == JobState.FAILED) detail.getStyleClass().add(Styles.DANGER);
        }

        private static Button icon(String literal, String tip) {
            Button b = new Button(null, new FontIcon(literal));
            b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
            b.setTooltip(new Tooltip(tip));
            return b;
        }
    }
}
