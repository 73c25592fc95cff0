package cinegen.ui.main;

import cinegen.app.Version;
import cinegen.ui.bin.MediaBinView;
import cinegen.ui.common.UiTasks;
import cinegen.ui.inspector.InspectorView;
import cinegen.ui.presets.PresetShelfView;
import cinegen.ui.status.StatusBarView;
import cinegen.ui.takes.StyleSweepView;
import cinegen.ui.takes.VariantsView;
import cinegen.ui.timeline.TimelineView;
import cinegen.ui.mask.MaskEditorView;
import cinegen.ui.queue.QueueView;
import cinegen.project.io.RecoverableProject;
import cinegen.ui.viewer.ViewerView;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Button;
import javafx.beans.binding.Bindings;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Region;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The studio's main layout: menu bar, sidebar | viewer | inspector over the timeline, status bar. */
public final class MainView extends BorderPane {
    /** Preferred panel sizes in pixels, used for the first layout and by Reset Layout. */
    static final double SIDEBAR_WIDTH = 280, INSPECTOR_WIDTH = 330, TIMELINE_HEIGHT = 170;
    /** The timeline keeps at least its ruler and one track on short windows. */
    static final double MIN_TIMELINE_HEIGHT = 130;
    /** The jobs panel's share of the sidebar: three jobs with their status lines, less on short windows. */
    static final double JOBS_HEIGHT = 200, JOBS_SHARE = 0.3;
    /** The style shelf: the strength and blend controls and at least two cards. */
    static final double PRESETS_HEIGHT = 300, PRESETS_SHARE = 0.4;

    private final MainViewModel vm;
    private final UiTasks tasks;
    private final MenuBar menuBar;
    private final MediaBinView mediaBin;
    private final SplitPane sidebar;
    private final ViewerView viewer;
    private final VBox viewerColumn;
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
        sidebar.getItems().add(new QueueView(vm.queue()));
        sidebar.setDividerPositions(0.38, 0.8);
        viewer = new ViewerView(vm.viewer());
        MaskEditorView maskEditor = new MaskEditorView(vm.mask(), viewer.surface());
        viewer.canvas().getChildren().add(1, maskEditor.overlay());
        viewer.addToolbar(maskEditor.toolbar());
        javafx.scene.control.ToggleButton paint = new javafx.scene.control.ToggleButton("Paint Mask",
                new org.kordamp.ikonli.javafx.FontIcon("fth-edit-2"));
        paint.setId("paintMaskButton");
        paint.getStyleClass().addAll(atlantafx.base.theme.Styles.SMALL);
        paint.setTooltip(new javafx.scene.control.Tooltip("Paint the region to animate or regenerate on the selected bin item"));
        paint.selectedProperty().bindBidirectional(vm.mask().activeProperty());
        paint.disableProperty().bind(vm.mediaBin().selectedProperty().isNull());
        javafx.scene.control.Button program = new javafx.scene.control.Button("Timeline",
                new org.kordamp.ikonli.javafx.FontIcon("fth-film"));
        program.setId("showProgramButton");
        program.getStyleClass().addAll(atlantafx.base.theme.Styles.SMALL);
        program.setTooltip(new javafx.scene.control.Tooltip("Play the timeline in the viewer"));
        program.disableProperty().bind(vm.showingProgramProperty());
        program.setOnAction(e -> vm.showProgram());
        viewer.header().getChildren().addAll(program, paint);
        // The strip of takes (a style sweep or variants, one at a time) sits under the viewer while it is shown.
        StyleSweepView sweep = new StyleSweepView(vm.sweep());
        VariantsView variants = new VariantsView(vm.variants());
        VBox.setVgrow(viewer, Priority.ALWAYS);
        viewerColumn = new VBox(viewer, sweep, variants);
        viewerColumn.setId("viewerColumn");
        viewerColumn.setMinSize(0, 0);
        inspector = new InspectorView(vm.inspector(), vm.models(), vm.clipInfo());
        timeline = new TimelineView(vm.timeline());
        SplitPane.setResizableWithParent(sidebar, false);
        SplitPane.setResizableWithParent(inspector, false);
        SplitPane.setResizableWithParent(timeline, false);
        columns.setId("columns");
        rows.setId("rows");
        rows.setOrientation(Orientation.VERTICAL);

        menuBar = MainMenu.build(vm, new MainMenu.Actions() {
            @Override public void newProject() {
                confirmDiscard("starting a new project", () -> vm.newProject(problem -> report(problem, "New project")));
            }
            @Override public void openProject() { MainView.this.openProject(); }
            @Override public void openRecent(Path folder) {
                confirmDiscard("opening another project",
                        () -> vm.openProject(folder, problem -> report(problem, "The project could not be opened")));
            }
            @Override public void save() { MainView.this.save(null); }
            @Override public void saveAs() { MainView.this.saveAs(null); }
            @Override public void importMedia() { mediaBin.chooseFiles(); }
            @Override public void export() { MainView.this.export(); }
            @Override public void quit() { closeWindow(); }
            @Override public void resetLayout() { MainView.this.resetLayout(); }
            @Override public void showModels() { MainView.this.showModels(); }
            @Override public void showShortcuts() { MainView.this.showShortcuts(); }
            @Override public void showAbout() { MainView.this.showAbout(); }
        }, fullScreen);

        setTop(menuBar);
        setCenter(rows);
        setBottom(new StatusBarView(vm.status()));

        vm.sidebarShownProperty().addListener((o, a, b) -> arrangePanels());
        vm.inspectorShownProperty().addListener((o, a, b) -> arrangePanels());
        vm.timelineShownProperty().addListener((o, a, b) -> arrangePanels());
        arrangePanels();
        timeline.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> vm.showProgramIfNeeded());
        followHeights();
    }

    public MenuBar menuBar() { return menuBar; }
    /** The inspector panel (tests replace its Add model… dialogs). */
    public InspectorView inspector() { return inspector; }
    public ViewerView viewer() { return viewer; }
    /** Bound two-way to the stage's full-screen state by the window. */
    BooleanProperty fullScreenProperty() { return fullScreen; }

    /** Shows every panel and puts the dividers back to their first positions. */
    public void resetLayout() {
        vm.resetLayout();
        heightsSetByPerson = false;
        arrangePanels();
    }

    /**
     * True once the person drags a divider of the sidebar or above the timeline: from then on their sizes stay as
     * dragged. Until then the panels are sized again whenever the window's height changes (the first size a window
     * reports is not its final one), so each keeps what it must show.
     */
    private boolean heightsSetByPerson;

    private void followHeights() {
        // After the layout pass that changed the height: during it the split pane keeps the pixel sizes of panels that
        // do not resize with it, and would undo positions set now.
        sidebar.heightProperty().addListener((o, a, h) -> {
            if (!heightsSetByPerson && h.doubleValue() > 0) javafx.application.Platform.runLater(this::placeSidebarDividers);
        });
        rows.heightProperty().addListener((o, a, h) -> {
            if (!heightsSetByPerson && h.doubleValue() > 0) javafx.application.Platform.runLater(this::placeRowDivider);
        });
        javafx.event.EventHandler<javafx.scene.input.MouseEvent> dragged = e -> {
            for (Object t = e.getTarget(); t instanceof Node n; t = n.getParent()) {
                if (n.getStyleClass().contains("split-pane-divider")) {
                    heightsSetByPerson = true;
                    return;
                }
                if (n == sidebar || n == rows) return;
            }
        };
        sidebar.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_DRAGGED, dragged);
        rows.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_DRAGGED, dragged);
    }

    /** Puts the shown panels into the split panes, with dividers at the preferred panel sizes. */
    private void arrangePanels() {
        List<Node> cols = new ArrayList<>();
        if (vm.sidebarShownProperty().get()) cols.add(sidebar);
        cols.add(viewerColumn);
        if (vm.inspectorShownProperty().get()) cols.add(inspector);
        columns.getItems().setAll(cols);
        rows.getItems().setAll(vm.timelineShownProperty().get() ? List.of(columns, timeline) : List.of(columns));
        whenSized(columns, true, this::placeColumnDividers);
        whenSized(rows, false, this::placeRowDivider);
        whenSized(sidebar, false, this::placeSidebarDividers);
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
        double h = rows.getHeight();
        double timelineHeight = Math.min(TIMELINE_HEIGHT, Math.max(MIN_TIMELINE_HEIGHT, 0.2 * h));
        if (rows.getItems().size() > 1) rows.setDividerPositions(Math.max(0.55, 1 - timelineHeight / h));
    }

    /**
     * What a panel's content needs: a panel itself may be squeezed to nothing (its minimum is 0 so a divider can be
     * dragged freely), but its heading and controls then spill over the next one.
     */
    private static double contentMinHeight(Node n, double w) {
        if (!(n instanceof VBox box)) return n.minHeight(w);
        double sum = box.snappedTopInset() + box.snappedBottomInset();
        int shown = 0;
        for (Node c : box.getChildren()) {
            if (!c.isManaged()) continue;
            sum += contentMinHeight(c, w);
            shown++;
        }
        return sum + Math.max(0, shown - 1) * box.getSpacing();
    }

    /** Media bin on top, style presets, jobs at the bottom, each at a size that shows what it holds. */
    private void placeSidebarDividers() {
        double h = sidebar.getHeight();
        if (h <= 0) return;
        if (sidebar.getItems().size() == 3) {
            double w = sidebar.getWidth();
            double binMin = contentMinHeight(sidebar.getItems().get(0), w), presetsMin = contentMinHeight(sidebar.getItems().get(1), w);
            double presets = Math.max(presetsMin, Math.min(PRESETS_HEIGHT, PRESETS_SHARE * h));
            // The jobs get their share, less when the shelf's controls and the bin's heading would not fit otherwise.
            double jobs = Math.max(0, Math.min(Math.min(JOBS_HEIGHT, JOBS_SHARE * h), h - presets - binMin));
            sidebar.setDividerPositions((h - jobs - presets) / h, (h - jobs) / h);
        } else {
            sidebar.setDividerPositions(Math.max(0.3, (h - PRESETS_HEIGHT) / h));
        }
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

    // ---- projects ----

    /** Picks a project folder to open. Replaceable for tests. */
    @FunctionalInterface
    public interface FolderPicker {
        Path pick(String title);
    }

    private FolderPicker folderPicker = this::chooseFolder;

    public void setFolderPicker(FolderPicker picker) { folderPicker = picker; }

    private Path chooseFolder(String title) {
        javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
        chooser.setTitle(title);
        java.io.File f = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /**
     * Asks for the new project's name and where to put it, as a save dialog does (starting in {@code folder} with
     * {@code name} typed in); returns the chosen path, which Save As creates as the project folder, or null.
     * Replaceable for tests.
     */
    @FunctionalInterface
    public interface SaveAsPicker {
        Path pick(Path folder, String name);
    }

    private SaveAsPicker saveAsPicker = this::chooseSaveAs;

    public void setSaveAsPicker(SaveAsPicker picker) { saveAsPicker = picker; }

    /** A save dialog, not a folder chooser: a folder chooser only picks folders that already exist (issue F). */
    private Path chooseSaveAs(Path folder, String name) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Save Project As: name the project (its folder is created)");
        if (folder != null && java.nio.file.Files.isDirectory(folder)) chooser.setInitialDirectory(folder.toFile());
        chooser.setInitialFileName(name);
        java.io.File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** Picks where to export to (the extension picks the format). Replaceable for tests. */
    @FunctionalInterface
    public interface ExportPicker {
        Path pick();
    }

    private ExportPicker exportPicker = this::chooseExportFile;

    public void setExportPicker(ExportPicker picker) { exportPicker = picker; }

    private Path chooseExportFile() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Export Timeline");
        chooser.getExtensionFilters().addAll(
                new javafx.stage.FileChooser.ExtensionFilter("MP4 video (H.264)", "*.mp4"),
                new javafx.stage.FileChooser.ExtensionFilter("Animated GIF", "*.gif"),
                new javafx.stage.FileChooser.ExtensionFilter("WebM video (VP9)", "*.webm"),
                new javafx.stage.FileChooser.ExtensionFilter("PNG sequence", "*.png"));
        chooser.setInitialFileName(vm.project() == null ? "export.mp4" : vm.project().name() + ".mp4");
        java.io.File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** Asks how to export to a file; returns the options, or null when the artist cancels. Replaceable for tests. */
    @FunctionalInterface
    public interface ExportOptionsPicker {
        cinegen.media.ExportOptions pick(Path out, ExportSource source);
    }

    private ExportOptionsPicker exportOptionsPicker = this::askExportOptions;

    public void setExportOptionsPicker(ExportOptionsPicker picker) { exportOptionsPicker = picker; }

    private cinegen.media.ExportOptions askExportOptions(Path out, ExportSource source) {
        var settings = new cinegen.ui.export.ExportSettingsViewModel(out, source.width(), source.height(),
                source.frameCount(), source.fps(), source.proposed());
        var dialog = new cinegen.ui.export.ExportDialog(settings, out.getFileName().toString());
        if (getScene() != null) {
            dialog.initOwner(getScene().getWindow());
            dialog.getDialogPane().getStylesheets().addAll(getScene().getStylesheets());
        }
        return dialog.showAndWait().orElse(null);
    }

    private void export() {
        ExportSource source = vm.exportSource();
        if (source == null) return;
        Path out = exportPicker.pick();
        if (out == null) return;
        cinegen.media.ExportOptions options = exportOptionsPicker.pick(out, source);
        if (options != null) vm.exportTimeline(out, options, null);
    }

    private void openProject() {
        confirmDiscard("opening another project", () -> {
            Path folder = folderPicker.pick("Open Project");
            if (folder != null) vm.openProject(folder, problem -> report(problem, "The project could not be opened"));
        });
    }

    /**
     * Saves (off the FX thread; the status bar says so meanwhile); an untitled project asks where. {@code whenSaved}
     * (may be null) runs once it is saved, not when the person cancels or the save fails (an error dialog says why).
     */
    public void save(Runnable whenSaved) {
        if (vm.isUntitled()) {
            saveAs(whenSaved);
            return;
        }
        vm.saveProject(problem -> {
            if (report(problem, "The project could not be saved") && whenSaved != null) whenSaved.run();
        });
    }

    /**
     * Asks for a name (and where), then creates the project's folder and saves there off the FX thread;
     * {@code whenSaved} (may be null) runs once it is saved.
     */
    public void saveAs(Runnable whenSaved) {
        var proposal = vm.saveAsProposal();
        Path chosen = saveAsPicker.pick(proposal.folder(), proposal.name());
        if (chosen == null) return;
        vm.saveProjectAs(chosen, problem -> {
            if (report(problem, "The project could not be saved") && whenSaved != null) whenSaved.run();
        });
    }

    /** Shows {@code problem} in an error dialog when there is one; returns whether all went well. */
    private boolean report(String problem, String header) {
        if (problem == null) return true;
        Alert alert = dialog(header, header);
        alert.setAlertType(Alert.AlertType.ERROR);
        alert.getDialogPane().setId("errorDialog");
        alert.setContentText(problem);
        alert.showAndWait();
        return false;
    }

    /**
     * When there are unsaved changes, asks whether to save them before {@code doing}, then runs {@code proceed}: at
     * once when there is nothing to save or the person does not save, after the save when they do, never when they
     * cancel or the save fails.
     */
    public void confirmDiscard(String doing, Runnable proceed) {
        if (!vm.isDirty()) {
            proceed.run();
            return;
        }
        ButtonType saveButton = new ButtonType("Save", javafx.scene.control.ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't Save", javafx.scene.control.ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType("Cancel", javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", saveButton, discard, cancel);
        alert.setTitle("Unsaved Changes");
        alert.setHeaderText("Save the changes to “" + vm.project().name() + "” before " + doing + "?");
        alert.setContentText("If you don't save, your changes since the last save are lost.");
        alert.getDialogPane().setId("unsavedDialog");
        own(alert);
        ButtonType answer = alert.showAndWait().orElse(cancel);
        if (answer == saveButton) save(proceed);
        else if (answer == discard) proceed.run();
    }

    /** At start-up: offers to recover projects a crashed studio left with unsaved work, one after the other. */
    public void offerRecovery() {
        offerRecovery(vm.recoverableProjects(), 0);
    }

    private void offerRecovery(List<RecoverableProject> all, int next) {
        if (next >= all.size()) return;
        RecoverableProject r = all.get(next);
        ButtonType recover = new ButtonType("Recover", javafx.scene.control.ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", javafx.scene.control.ButtonBar.ButtonData.NO);
        ButtonType later = new ButtonType("Not Now", javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", recover, discard, later);
        alert.setTitle("Recover Unsaved Work");
        alert.setHeaderText("Cinegen Studio closed without saving “" + r.projectName() + "”.");
        alert.setContentText("Its autosave from " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(java.time.ZoneId.systemDefault()).format(r.autosavedAt())
                + " has changes that were never saved. Recover them?");
        alert.getDialogPane().setId("recoveryDialog");
        own(alert);
        ButtonType answer = alert.showAndWait().orElse(later);
        if (answer == recover) {
            vm.recover(r, problem -> report(problem, "The project could not be recovered"));
        } else if (answer == discard) {
            vm.discardRecovery(r, problem -> {
                report(problem, "The autosave could not be removed");
                offerRecovery(all, next + 1);
            });
        } else {
            offerRecovery(all, next + 1);
        }
    }

    private void own(Alert alert) {
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
            alert.getDialogPane().getStylesheets().addAll(getScene().getStylesheets());
        }
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
        // Keys of the focused timeline, in a second pair of columns.
        Label heading = new Label("On the focused timeline");
        heading.getStyleClass().add("field-label");
        grid.add(heading, 2, 0, 2, 1);
        int t = 1;
        for (String[] s : TimelineView.KEYS) {
            Label key = new Label(s[0]);
            key.getStyleClass().add("shortcut-key");
            grid.add(key, 2, t);
            grid.add(new Label(s[1]), 3, t++);
        }
        Alert alert = dialog("Keyboard Shortcuts", "Keyboard shortcuts");
        alert.getDialogPane().setContent(grid);
        alert.show();
    }

    /**
     * View > Models…: every model the studio can use, with its family, size, modes and how each is done, unusable
     * files greyed with their reason; Use switches to the selected one, Rescan reads the models folders again.
     */
    void showModels() {
        javafx.scene.control.ListView<cinegen.app.ModelCatalog.Entry> list = new javafx.scene.control.ListView<>(vm.models().entries());
        list.setId("modelsList");
        list.setCellFactory(l -> new InspectorView.ModelCell(vm.models()));
        list.setPrefSize(560, 260);
        list.getSelectionModel().select(vm.models().currentProperty().get());
        Label details = new Label();
        details.setId("modelsDetails");
        details.setWrapText(true);
        details.setMinHeight(Region.USE_PREF_SIZE);
        details.setMaxWidth(560);
        Runnable describe = () -> {
            cinegen.app.ModelCatalog.Entry e = list.getSelectionModel().getSelectedItem();
            details.setText(e == null ? "Select a model to see what it is." : vm.models().describe(e));
        };
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> describe.run());
        vm.models().detailsProperty().addListener((o, a, b) -> describe.run());
        describe.run();
        Button use = new Button("Use This Model");
        use.setId("useModel");
        use.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            cinegen.app.ModelCatalog.Entry e = list.getSelectionModel().getSelectedItem();
            return e == null || !e.usable() || e.equals(vm.models().currentProperty().get());
        }, list.getSelectionModel().selectedItemProperty(), vm.models().currentProperty()));
        use.setOnAction(e -> vm.models().choose(list.getSelectionModel().getSelectedItem()));
        Button rescan = new Button("Rescan Folders");
        rescan.setId("rescanModels");
        rescan.disableProperty().bind(vm.models().scanningProperty());
        rescan.setOnAction(e -> vm.refreshModels());
        Label state = new Label();
        state.setWrapText(true);
        state.textProperty().bind(Bindings.concat("In use: ", Bindings.createStringBinding(() -> {
            cinegen.app.ModelCatalog.Entry c = vm.models().currentProperty().get();
            return c == null ? "none" : c.name();
        }, vm.models().currentProperty()), " · ", vm.models().stateTextProperty()));
        HBox buttons = new HBox(8, use, rescan);
        VBox content = new VBox(8, list, details, state, buttons);
        Alert alert = dialog("Models", "Models");
        alert.getDialogPane().setContent(content);
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
