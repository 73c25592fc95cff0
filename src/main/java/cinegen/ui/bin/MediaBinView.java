package cinegen.ui.bin;

import cinegen.frames.MediaKind;
import atlantafx.base.theme.Styles;
import cinegen.ui.common.Panel;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** The media bin panel: a list of imported files, or an invitation to drop some. */
public final class MediaBinView extends Panel {
    public static final String EMPTY_TEXT = "Drop images or videos here";

    private final MediaBinViewModel vm;

    public MediaBinView(MediaBinViewModel vm) {
        this(vm, new ListView<BinItem>(vm.items()), headerImportButton());
    }

    private MediaBinView(MediaBinViewModel vm, ListView<BinItem> list, Button headerImport) {
        super("mediaBin", "Media Bin", "fth-folder", list, headerImport);
        this.vm = vm;
        list.setId("mediaList");
        list.getStyleClass().add("media-list");
        list.setCellFactory(v -> new MediaCell(vm));
        // A thumbnail decoded later redraws the rows (cells read the map when they are drawn).
        vm.thumbnails().addListener((javafx.collections.MapChangeListener<String, cinegen.ui.common.Thumbnail>) c -> list.refresh());
        list.setPlaceholder(emptyState());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!vm.isUpdating()) vm.selectedProperty().set(b);
        });
        vm.items().addListener((javafx.collections.ListChangeListener<BinItem>) c -> {
            BinItem keep = vm.selectedProperty().get();
            if (keep != null && list.getSelectionModel().getSelectedItem() != keep) list.getSelectionModel().select(keep);
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b == null) list.getSelectionModel().clearSelection();
            else list.getSelectionModel().select(b);
        });
        headerImport.setOnAction(e -> chooseFiles());
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && e.getButton() == javafx.scene.input.MouseButton.PRIMARY) vm.openSelected();
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) vm.openSelected();
        });

        setOnDragOver(this::dragOver);
        setOnDragExited(e -> getStyleClass().remove("drop-target"));
        setOnDragDropped(this::dragDropped);
    }

    /** Opens the file chooser and adds what the person picks. */
    public void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import Media");
        List<String> all = new java.util.ArrayList<>();
        for (MediaKind k : MediaKind.values()) {
            if (k.extensions().isEmpty()) continue;
            List<String> patterns = k.patterns();
            all.addAll(patterns);
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(k.label() + "s", patterns));
        }
        chooser.getExtensionFilters().add(0, new FileChooser.ExtensionFilter("Images and videos", all));
        Window owner = getScene() == null ? null : getScene().getWindow();
        List<File> files = chooser.showOpenMultipleDialog(owner);
        if (files != null && !files.isEmpty()) vm.addFiles(files.stream().map(File::toPath).toList());
    }

    /** The empty bin's full state (icon, sentence, formats, button) needs this much height, in pixels. */
    static final double ROOMY_EMPTY_STATE = 150;

    private VBox emptyState() {
        FontIcon icon = new FontIcon("fth-upload-cloud");
        icon.getStyleClass().add("empty-state-icon");
        Label text = new Label(EMPTY_TEXT);
        text.setId("mediaBinEmpty");
        text.getStyleClass().add("empty-state-text");
        Label kinds = new Label("PNG, JPG, MP4, MOV, AVI, WebM, GIF");
        kinds.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Button importButton = new Button("Import…", new FontIcon("fth-plus"));
        importButton.setId("importButton");
        importButton.getStyleClass().add(Styles.ACCENT);
        importButton.setOnAction(e -> chooseFiles());
        VBox box = new VBox(8, icon, text, kinds, importButton);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("empty-state");
        // On a short bin the sentence and the button stay; the icon and the list of formats give way.
        box.heightProperty().addListener((o, a, h) -> {
            boolean roomy = h.doubleValue() >= ROOMY_EMPTY_STATE;
            icon.setVisible(roomy);
            icon.setManaged(roomy);
            kinds.setVisible(roomy);
            kinds.setManaged(roomy);
        });
        box.setMinHeight(0);
        return box;
    }

    private static Button headerImportButton() {
        Button b = new Button(null, new FontIcon("fth-plus"));
        b.setId("importHeaderButton");
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        b.setTooltip(new Tooltip("Import images or videos…"));
        return b;
    }

    private void dragOver(DragEvent e) {
        Dragboard db = e.getDragboard();
        if (db.hasFiles() && vm.accepts(paths(db))) {
            e.acceptTransferModes(TransferMode.COPY);
            if (!getStyleClass().contains("drop-target")) getStyleClass().add("drop-target");
        }
        e.consume();
    }

    private void dragDropped(DragEvent e) {
        Dragboard db = e.getDragboard();
        boolean done = false;
        if (db.hasFiles()) {
            vm.addFiles(paths(db));
            done = true;
        }
        getStyleClass().remove("drop-target");
        e.setDropCompleted(done);
        e.consume();
    }

    private static List<Path> paths(Dragboard db) {
        return db.getFiles().stream().map(File::toPath).toList();
    }

    /** Thumbnails sit in a box of this size (width x height), whatever the media's aspect. */
    static final double THUMB_W = 48, THUMB_H = 32;

    /** A row: the first frame small (the kind's icon until it is decoded), the name with the kind's icon, the size. */
    private static final class MediaCell extends ListCell<BinItem> {
        private final MediaBinViewModel vm;

        MediaCell(MediaBinViewModel vm) { this.vm = vm; }

        @Override
        protected void updateItem(BinItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            javafx.scene.layout.StackPane thumb = new javafx.scene.layout.StackPane();
            thumb.setId("binThumb-" + item.id());
            thumb.getStyleClass().add("bin-thumbnail");
            thumb.setMinSize(THUMB_W, THUMB_H);
            thumb.setPrefSize(THUMB_W, THUMB_H);
            thumb.setMaxSize(THUMB_W, THUMB_H);
            cinegen.ui.common.Thumbnail t = vm.thumbnails().get(item.id());
            if (t != null) {
                javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(t.toImage());
                view.setFitWidth(THUMB_W);
                view.setFitHeight(THUMB_H);
                view.setPreserveRatio(true);
                view.setSmooth(true);
                thumb.getChildren().add(view);
            } else {
                thumb.getChildren().add(new FontIcon(item.icon()));
            }
            Label name = new Label(item.name(), new FontIcon(item.icon()));
            name.setMinWidth(0);
            name.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS); // keeps the extension in view
            Label kind = new Label(item.detail());
            kind.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            kind.setMinWidth(0);
            javafx.scene.layout.VBox text = new javafx.scene.layout.VBox(1, name, kind);
            text.setMinWidth(0);
            text.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(8, thumb, text);
            row.setAlignment(Pos.CENTER_LEFT);
            row.setMinWidth(0);
            row.prefWidthProperty().bind(getListView().widthProperty().subtract(24));
            setText(null);
            setGraphic(row);
            // The full name on hover: a long name is cut in the row.
            setTooltip(new Tooltip(item.name() + "\n" + item.kind().label() + " · " + item.detail() + "\n" + item.media().path()));
        }
    }
}
