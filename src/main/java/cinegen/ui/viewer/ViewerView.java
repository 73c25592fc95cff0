package cinegen.ui.viewer;

import atlantafx.base.theme.Styles;
import cinegen.frames.FrameSequence;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.common.Panel;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The viewer panel: the frame surface with its empty state, and the transport bar below it. */
public final class ViewerView extends Panel {
    public static final String EMPTY_TEXT = "No clip yet";

    private final ViewerViewModel vm;
    private final FrameSurface surface;
    private final AnimationTimer clock;
    private final StackPane canvas;
    private double[] dragFrom;

    public ViewerView(ViewerViewModel vm) {
        this(vm, new FrameSurface(), new VBox());
    }

    private ViewerView(ViewerViewModel vm, FrameSurface surface, VBox body) {
        super("viewer", "Viewer", "fth-monitor", body);
        this.vm = vm;
        this.surface = surface;
        surface.setId("frameSurface");

        Label emptyTitle = new Label(EMPTY_TEXT, new FontIcon("fth-film"));
        emptyTitle.getStyleClass().add("viewer-empty-title");
        Label emptyHint = new Label("Write a prompt in the inspector and generate, or pick a clip on the timeline.");
        emptyHint.getStyleClass().addAll(Styles.TEXT_MUTED);
        emptyHint.setWrapText(true);
        VBox empty = new VBox(6, emptyTitle, emptyHint);
        empty.setId("viewerEmpty");
        empty.setAlignment(Pos.CENTER);
        empty.setMaxWidth(360);
        empty.setMouseTransparent(true);
        empty.visibleProperty().bind(surface.showingFrameProperty().not());

        empty.visibleProperty().unbind();
        empty.visibleProperty().bind(surface.showingFrameProperty().not().and(vm.previewingProperty().not()));
        canvas = new StackPane(surface, empty, previewBar());
        canvas.getStyleClass().add("viewer-canvas");
        canvas.setMinSize(0, 0);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        surface.zoomProperty().bind(vm.zoomProperty());
        surface.panXProperty().bind(vm.panXProperty());
        surface.panYProperty().bind(vm.panYProperty());
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (!e.isControlDown() || e.getDeltaY() == 0) return;
            if (e.getDeltaY() > 0) vm.zoomIn();
            else vm.zoomOut();
            e.consume();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.isMiddleButtonDown() || (e.isPrimaryButtonDown() && e.isAltDown())) dragFrom = new double[] {e.getX(), e.getY()};
            else dragFrom = null;
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (dragFrom == null) return;
            vm.pan(e.getX() - dragFrom[0], e.getY() - dragFrom[1]);
            dragFrom = new double[] {e.getX(), e.getY()};
            e.consume();
        });
        vm.setPreviewSink(surface::show);
        vm.previewingProperty().addListener((o, was, now) -> {
            if (!now) showCurrent();
        });

        body.getChildren().addAll(canvas, transportBar());
        body.setMinSize(0, 0);
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);

        clock = new AnimationTimer() {
            private long last = -1;

            @Override
            public void handle(long now) {
                if (last >= 0) vm.advance(now - last);
                last = now;
            }

            @Override
            public void stop() {
                super.stop();
                last = -1;
            }
        };
        vm.playingProperty().addListener((o, was, now) -> {
            if (now) clock.start();
            else clock.stop();
        });
        vm.currentFrameProperty().addListener((o, a, b) -> showCurrent());
        vm.sequenceProperty().addListener((o, a, b) -> showCurrent());
    }

    /** The surface live previews are pushed into. */
    public FrameSurface surface() { return surface; }

    /** Puts a tool bar above the picture (it takes room from the picture instead of covering it). */
    public void addToolbar(javafx.scene.Node bar) {
        ((VBox) canvas.getParent()).getChildren().add(0, bar);
    }

    /** The stack holding the surface, where overlays (the mask painter) go. */
    public StackPane canvas() { return canvas; }

    private void showCurrent() {
        if (vm.previewingProperty().get()) return;
        FrameSequence s = vm.sequenceProperty().get();
        if (s == null || s.isEmpty()) surface.clear();
        else surface.show(s, Math.min(vm.currentFrame(), s.frameCount() - 1));
    }

    /** Step count, time left and Cancel, over the bottom of the picture while a job runs. */
    private HBox previewBar() {
        Label text = new Label();
        text.setId("previewStatus");
        text.getStyleClass().add("numeric");
        text.textProperty().bind(vm.previewTextProperty());
        Button cancel = new Button("Cancel", new FontIcon("fth-x-circle"));
        cancel.setId("cancelGenerationButton");
        cancel.getStyleClass().addAll(Styles.DANGER, Styles.SMALL);
        cancel.setOnAction(e -> vm.cancelPreview());
        HBox bar = new HBox(10, new FontIcon("fth-loader"), text, cancel);
        bar.setId("previewBar");
        bar.getStyleClass().add("preview-bar");
        bar.setAlignment(Pos.CENTER);
        bar.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(bar, Pos.BOTTOM_CENTER);
        bar.setTranslateY(-10);
        bar.visibleProperty().bind(vm.previewingProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private VBox transportBar() {
        Button first = iconButton("transportFirst", "fth-skip-back", "Go to the first frame");
        first.setOnAction(e -> vm.first());
        Button back = iconButton("transportStepBack", "fth-chevron-left", "Step one frame back");
        back.setOnAction(e -> vm.stepBack());
        ToggleButton play = new ToggleButton(null, new FontIcon("fth-play"));
        play.setId("transportPlay");
        play.getStyleClass().addAll(Styles.BUTTON_ICON, "transport-play");
        play.setTooltip(new Tooltip("Play / pause"));
        play.selectedProperty().bindBidirectional(vm.playingProperty());
        play.selectedProperty().addListener((o, a, now) ->
                ((FontIcon) play.getGraphic()).setIconLiteral(now ? "fth-pause" : "fth-play"));
        Button forward = iconButton("transportStepForward", "fth-chevron-right", "Step one frame forward");
        forward.setOnAction(e -> vm.stepForward());
        Button last = iconButton("transportLast", "fth-skip-forward", "Go to the last frame");
        last.setOnAction(e -> vm.last());
        ToggleButton loop = new ToggleButton(null, new FontIcon("fth-repeat"));
        loop.setId("transportLoop");
        loop.getStyleClass().add(Styles.BUTTON_ICON);
        loop.setTooltip(new Tooltip("Loop playback"));
        loop.selectedProperty().bindBidirectional(vm.loopProperty());

        for (var n : new javafx.scene.control.Control[] {first, back, play, forward, last, loop}) {
            n.disableProperty().bind(vm.hasFramesProperty().not());
        }

        Label counter = new Label();
        counter.setId("frameCounter");
        counter.getStyleClass().add("numeric");
        counter.textProperty().bind(vm.counterTextProperty());
        counter.setMinWidth(Region.USE_PREF_SIZE);
        Label timecode = new Label();
        timecode.setId("timecode");
        timecode.getStyleClass().addAll("numeric", Styles.TEXT_MUTED);
        timecode.textProperty().bind(vm.timecodeTextProperty());
        timecode.setMinWidth(0);

        Region left = new Region();
        Region right = new Region();
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox buttons = new HBox(2, first, back, play, forward, last, loop);
        buttons.setAlignment(Pos.CENTER);
        Button zoomOut = iconButton("viewerZoomOut", "fth-zoom-out", "Zoom out (Ctrl+scroll)");
        zoomOut.setOnAction(e -> vm.zoomOut());
        Button zoomIn = iconButton("viewerZoomIn", "fth-zoom-in", "Zoom in (Ctrl+scroll; Alt+drag or middle-drag pans)");
        zoomIn.setOnAction(e -> vm.zoomIn());
        Button fit = iconButton("viewerFit", "fth-maximize", "Fit the frame in the viewer");
        fit.setOnAction(e -> vm.zoomToFit());
        // One row when the viewer is wide enough; otherwise zoom, fit and the timecode move to a second row, so
        // nothing is cut off at small window sizes (1024x700).
        HBox main = new HBox(8);
        main.setAlignment(Pos.CENTER);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox second = new HBox(8);
        second.setId("transportSecondRow");
        second.setAlignment(Pos.CENTER);
        VBox bar = new VBox(2, main);
        bar.setId("transportBar");
        bar.getStyleClass().add("transport-bar");
        bar.setMinWidth(0);
        javafx.scene.Node[] view = {zoomOut, zoomIn, fit, timecode};
        Runnable arrange = () -> {
            Insets in = bar.getInsets();
            double need = in.getLeft() + in.getRight() + 8 * 7 + counter.prefWidth(-1) + buttons.prefWidth(-1)
                    + zoomOut.prefWidth(-1) + zoomIn.prefWidth(-1) + fit.prefWidth(-1) + timecode.prefWidth(-1);
            boolean oneRow = bar.getWidth() <= 0 || bar.getWidth() >= need;
            boolean isOneRow = main.getChildren().contains(zoomOut);
            if (oneRow && (!isOneRow || main.getChildren().isEmpty())) {
                second.getChildren().clear();
                main.getChildren().setAll(counter, left, buttons, right);
                main.getChildren().addAll(view);
                bar.getChildren().setAll(main);
            } else if (!oneRow && isOneRow) {
                main.getChildren().setAll(counter, left, buttons, right);
                second.getChildren().setAll(timecode, gap, zoomOut, zoomIn, fit);
                bar.getChildren().setAll(main, second);
            }
        };
        arrange.run();
        bar.widthProperty().addListener((o, a, b) -> arrange.run());
        timecode.setMinWidth(Region.USE_PREF_SIZE);
        return bar;
    }

    private static Button iconButton(String id, String icon, String tip) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip(tip));
        return b;
    }
}
