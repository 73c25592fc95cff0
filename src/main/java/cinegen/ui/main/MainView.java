package cinegen.ui.main;

import cinegen.app.Version;
import cinegen.ui.bin.MediaBinView;
import cinegen.ui.bin.MediaItem;
import cinegen.ui.bin.MediaKind;
import cinegen.ui.common.UiTasks;
import cinegen.ui.inspector.InspectorView;
import cinegen.ui.presets.PresetShelfView;
import cinegen.ui.status.StatusBarView;
import cinegen.ui.timeline.TimelineView;
import cinegen.ui.viewer.StillImages;
import cinegen.ui.viewer.ViewerView;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import java.util.ArrayList;
import java.util.List;

/** The studio's main layout: menu bar, sidebar | viewer | inspector over the timeline, status bar. */
public final class MainView extends BorderPane {
    /** Preferred panel sizes in pixels, used for the first layout and by Reset Layout. */
    static final double SIDEBAR_WIDTH = 280, INSPECTOR_WIDTH = 330, TIMELINE_HEIGHT = 170;

    private final MainViewModel vm;
    private final UiTasks tasks;
    private final MenuBar menuBar;
    private final MediaBinView mediaBin;
    private final SplitPane sidebar;
    private final ViewerView viewer;
    private final InspectorView inspector;
    private final TimelineView timeline;
    private final SplitPane columns = new SplitPane();
    private final SplitPane rows = new SplitPane();
    private final BooleanProperty fullScreen = new SimpleBooleanProperty(this, "fullScreen", false);

    public MainView(MainViewModel vm, UiTasks tasks) {
        this.vm = vm;
        this.tasks = tasks;
        getStyleClass().add("studio-root");
        mediaBin = new MediaBinView(vm.mediaBin());
        PresetShelfView presets = new PresetShelfView(vm.presets());
        sidebar = new SplitPane(mediaBin, presets);
        sidebar.setId("sidebar");
        sidebar.setOrientation(Orientation.VERTICAL);
        sidebar.setDividerPositions(0.56);
        viewer = new ViewerView(vm.viewer());
        inspector = new InspectorView(vm.inspector());
        timeline = new TimelineView(vm.timeline());
        SplitPane.setResizableWithParent(sidebar, false);
        SplitPane.setResizableWithParent(inspector, false);
        SplitPane.setResizableWithParent(timeline, false);
        columns.setId("columns");
        rows.setId("rows");
        rows.setOrientation(Orientation.VERTICAL);

        menuBar = MainMenu.build(vm, new MainMenu.Actions() {
            @Override public void importMedia() { mediaBin.chooseFiles(); }
            @Override public void quit() { closeWindow(); }
            @Override public void resetLayout() { MainView.this.resetLayout(); }
            @Override public void showShortcuts() { MainView.this.showShortcuts(); }
            @Override public void showAbout() { MainView.this.showAbout(); }
        }, fullScreen);

        setTop(menuBar);
        setCenter(rows);
        setBottom(new StatusBarView(vm.status()));

        vm.sidebarShownProperty().addListener((o, a, b) -> arrangePanels());
        vm.inspectorShownProperty().addListener((o, a, b) -> arrangePanels());
        vm.timelineShownProperty().addListener((o, a, b) -> arrangePanels());
        vm.mediaBin().selectedProperty().addListener((o, a, item) -> preview(item));
        arrangePanels();
    }

    public MenuBar menuBar() { return menuBar; }
    public ViewerView viewer() { return viewer; }
    /** Bound two-way to the stage's full-screen state by the window. */
    BooleanProperty fullScreenProperty() { return fullScreen; }

    /** Shows every panel and puts the dividers back to their first positions. */
    public void resetLayout() {
        vm.resetLayout();
        arrangePanels();
    }

    /** Puts the shown panels into the split panes, with dividers at the preferred panel sizes. */
    private void arrangePanels() {
        List<Node> cols = new ArrayList<>();
        if (vm.sidebarShownProperty().get()) cols.add(sidebar);
        cols.add(viewer);
        if (vm.inspectorShownProperty().get()) cols.add(inspector);
        columns.getItems().setAll(cols);
        rows.getItems().setAll(vm.timelineShownProperty().get() ? List.of(columns, timeline) : List.of(columns));
        whenSized(columns, true, this::placeColumnDividers);
        whenSized(rows, false, this::placeRowDivider);
    }

    private void placeColumnDividers() {
        double w = columns.getWidth();
        boolean side = vm.sidebarShownProperty().get(), insp = vm.inspectorShownProperty().get();
        double left = Math.min(0.3, SIDEBAR_WIDTH / w), right = Math.max(0.7, 1 - INSPECTOR_WIDTH / w);
        if (side && insp) columns.setDividerPositions(left, right);
        else if (side) columns.setDividerPositions(left);
        else if (insp) columns.setDividerPositions(right);
    }

    private void placeRowDivider() {
        if (rows.getItems().size() > 1) rows.setDividerPositions(Math.max(0.55, 1 - TIMELINE_HEIGHT / rows.getHeight()));
    }

    /** Runs {@code action} now if {@code pane} has a size, otherwise once it gets one. */
    private static void whenSized(SplitPane pane, boolean horizontal, Runnable action) {
        var size = horizontal ? pane.widthProperty() : pane.heightProperty();
        if (size.get() > 0) {
            action.run();
            return;
        }
        size.addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number b) {
                if (b.doubleValue() > 0) {
                    size.removeListener(this);
                    action.run();
                }
            }
        });
    }

    /** Shows a still picked in the bin in the viewer; decoding runs off the JavaFX thread. */
    private void preview(MediaItem item) {
        if (item == null) return;
        if (item.kind() != MediaKind.IMAGE) {
            vm.status().showMessage(item.name() + " is in the bin; previewing videos arrives with the media importer.");
            return;
        }
        vm.status().begin("Opening " + item.name() + "…");
        tasks.submit(p -> StillImages.load(item.path()),
                frames -> {
                    vm.viewer().load(frames);
                    vm.status().finish("Showing " + item.name() + " (" + frames.width() + "×" + frames.height() + ").");
                },
                reason -> vm.status().finish(reason));
    }

    /** Asks the window to close, as its close button would, so close handlers (saving settings) run. */
    private void closeWindow() {
        Window w = getScene() == null ? null : getScene().getWindow();
        if (w != null) w.fireEvent(new WindowEvent(w, WindowEvent.WINDOW_CLOSE_REQUEST));
    }

    private void showShortcuts() {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        int row = 0;
        for (String[] s : MainMenu.shortcuts(menuBar)) {
            Label key = new Label(s[0]);
            key.getStyleClass().add("shortcut-key");
            grid.addRow(row++, key, new Label(s[1]));
        }
        Alert alert = dialog("Keyboard Shortcuts", "Keyboard shortcuts");
        alert.getDialogPane().setContent(grid);
        alert.show();
    }

    private void showAbout() {
        Alert alert = dialog("About Cinegen Studio", "Cinegen Studio " + Version.get());
        alert.setContentText("A local studio for short AI-generated video: latent video diffusion on DJL and "
                + "PyTorch, running on this machine.\n\nJava " + System.getProperty("java.version")
                + " · JavaFX " + System.getProperty("javafx.runtime.version", "?"));
        alert.show();
    }

    private Alert dialog(String title, String header) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.CLOSE);
        alert.setTitle(title);
        alert.setHeaderText(header);
        alert.setGraphic(null);
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
            alert.getDialogPane().getStylesheets().addAll(getScene().getStylesheets());
        }
        return alert;
    }
}
