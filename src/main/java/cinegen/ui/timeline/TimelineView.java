package cinegen.ui.timeline;

import atlantafx.base.theme.Styles;
import cinegen.ui.common.Panel;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.javafx.FontIcon;

/** The timeline panel: track headers on the left; ruler, video track and playhead on the right. */
public final class TimelineView extends Panel {
    public static final String EMPTY_TEXT = "Generated clips appear here";
    static final double RULER_HEIGHT = 26;
    static final double TRACK_HEIGHT = 56;
    private static final double HEADER_WIDTH = 112;

    private final TimelineViewModel vm;
    private final TrackArea area;

    public TimelineView(TimelineViewModel vm) {
        this(vm, new BorderPane(), zoomButton("timelineZoomOut", "fth-zoom-out", "Zoom out"),
                zoomButton("timelineZoomIn", "fth-zoom-in", "Zoom in"));
    }

    private TimelineView(TimelineViewModel vm, BorderPane body, Button zoomOut, Button zoomIn) {
        super("timeline", "Timeline", "fth-film", body, zoomOut, zoomIn);
        this.vm = vm;
        zoomOut.setOnAction(e -> vm.zoomOut());
        zoomIn.setOnAction(e -> vm.zoomIn());

        Region rulerCorner = new Region();
        rulerCorner.setPrefHeight(RULER_HEIGHT);
        rulerCorner.setMinHeight(RULER_HEIGHT);
        rulerCorner.getStyleClass().add("ruler-corner");
        Label trackName = new Label("V1  Video", new FontIcon("fth-video"));
        trackName.setId("videoTrackHeader");
        HBox trackHeader = new HBox(trackName);
        trackHeader.setAlignment(Pos.CENTER_LEFT);
        trackHeader.getStyleClass().add("track-header");
        trackHeader.setPrefHeight(TRACK_HEIGHT);
        trackHeader.setMinHeight(TRACK_HEIGHT);
        VBox headers = new VBox(rulerCorner, trackHeader);
        headers.setPrefWidth(HEADER_WIDTH);
        headers.setMinWidth(HEADER_WIDTH);
        headers.getStyleClass().add("track-headers");

        area = new TrackArea();
        ScrollBar scroll = new ScrollBar();
        scroll.setId("timelineScroll");
        scroll.setOrientation(Orientation.HORIZONTAL);
        scroll.setMin(0);
        InvalidationListener range = o -> {
            double visible = area.getWidth() / vm.pixelsPerSecondProperty().get();
            double end = Math.max(vm.contentSecondsProperty().get(), vm.playheadSeconds()) + visible / 2;
            scroll.setMax(Math.max(0, end - visible));
            scroll.setVisibleAmount(visible);
            scroll.setUnitIncrement(visible / 20);
            scroll.setBlockIncrement(visible / 2);
        };
        area.widthProperty().addListener(range);
        vm.pixelsPerSecondProperty().addListener(range);
        vm.contentSecondsProperty().addListener(range);
        vm.playheadSecondsProperty().addListener(range);
        scroll.valueProperty().bindBidirectional(vm.viewStartSecondsProperty());

        BorderPane tracks = new BorderPane(area);
        tracks.setBottom(scroll);
        body.setLeft(headers);
        body.setCenter(tracks);
        body.getStyleClass().add("timeline-body");
    }

    private static Button zoomButton(String id, String icon, String tip) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    /** Ruler, track lane and playhead, laid out from the view-model's zoom and view start. */
    private final class TrackArea extends Region {
        private final Pane ruler = new Pane();
        private final Pane lane = new Pane();
        private final Label empty = new Label(EMPTY_TEXT);
        private final Line playheadLine = new Line();
        private final Polygon playheadHandle = new Polygon(-6, 0, 6, 0, 6, 8, 0, 14, -6, 8);
        /** What the ruler and clips were last built for; rebuilt only when it changes, not on every layout. */
        private String builtFor = "";

        TrackArea() {
            getStyleClass().add("track-area");
            setMinSize(0, 0);
            Rectangle clip = new Rectangle();
            clip.widthProperty().bind(widthProperty());
            clip.heightProperty().bind(heightProperty());
            setClip(clip);
            ruler.setId("timeRuler");
            ruler.getStyleClass().add("time-ruler");
            lane.setId("videoTrack");
            lane.getStyleClass().add("track-lane");
            empty.setId("timelineEmpty");
            empty.getStyleClass().addAll("empty-state-text", Styles.TEXT_MUTED);
            empty.setMouseTransparent(true);
            empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.clips()));
            playheadLine.getStyleClass().add("playhead");
            playheadLine.setMouseTransparent(true);
            playheadHandle.getStyleClass().add("playhead-handle");
            playheadHandle.setId("playhead");
            playheadHandle.setMouseTransparent(true);
            getChildren().addAll(ruler, lane, empty, playheadLine, playheadHandle);

            InvalidationListener relayout = o -> requestLayout();
            vm.pixelsPerSecondProperty().addListener(relayout);
            vm.viewStartSecondsProperty().addListener(relayout);
            vm.playheadSecondsProperty().addListener(relayout);
            vm.clips().addListener((ListChangeListener<ClipSpan>) c -> {
                builtFor = "";
                requestLayout();
            });
            // Selection only restyles the clips: rebuilding them would take the node being dragged away.
            vm.selectedClipIdProperty().addListener((o, a, id) -> {
                for (var n : lane.getChildren()) {
                    boolean on = n.getUserData() instanceof ClipSpan c && c.id().equals(id);
                    n.getStyleClass().remove("selected");
                    if (on) n.getStyleClass().add("selected");
                }
            });
            vm.thumbnails().addListener((javafx.collections.MapChangeListener<String, Thumbnail>) c -> {
                builtFor = "";
                requestLayout();
            });
            setFocusTraversable(true);
            addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                switch (e.getCode()) {
                    case DELETE, BACK_SPACE -> {
                        if (e.isShiftDown()) vm.rippleDeleteSelected();
                        else vm.deleteSelected();
                        e.consume();
                    }
                    default -> { }
                }
            });

            addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
                requestFocus();
                vm.seekToX(e.getX());
            });
            addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> vm.seekToX(Math.max(0, e.getX())));
            addEventHandler(ScrollEvent.SCROLL, e -> {
                if (e.isControlDown()) {
                    if (e.getDeltaY() > 0) vm.zoomIn();
                    else if (e.getDeltaY() < 0) vm.zoomOut();
                } else {
                    double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
                    vm.viewStartSecondsProperty().set(vm.viewStartSecondsProperty().get() - d / vm.pixelsPerSecondProperty().get());
                }
                e.consume();
            });
        }

        @Override
        protected void layoutChildren() {
            double w = getWidth(), h = getHeight();
            ruler.resizeRelocate(0, 0, w, RULER_HEIGHT);
            lane.resizeRelocate(0, RULER_HEIGHT, w, TRACK_HEIGHT);
            String key = w + "/" + vm.pixelsPerSecondProperty().get() + "/" + vm.viewStartSecondsProperty().get();
            if (!key.equals(builtFor)) {
                builtFor = key;
                layoutRuler(w);
                layoutClips();
            }
            double ew = empty.prefWidth(-1), eh = empty.prefHeight(-1);
            empty.resizeRelocate(Math.max(8, (w - ew) / 2), RULER_HEIGHT + (TRACK_HEIGHT - eh) / 2, ew, eh);
            double x = Math.round(vm.xOf(vm.playheadSeconds())) + 0.5;
            boolean inView = x >= 0 && x <= w;
            playheadLine.setVisible(inView);
            playheadHandle.setVisible(inView);
            playheadLine.setStartX(x);
            playheadLine.setEndX(x);
            playheadLine.setStartY(0);
            playheadLine.setEndY(Math.max(RULER_HEIGHT + TRACK_HEIGHT, h));
            playheadHandle.setLayoutX(x);
            playheadHandle.setLayoutY(RULER_HEIGHT - 14);
        }

        private void layoutRuler(double w) {
            ruler.getChildren().clear();
            double pps = vm.pixelsPerSecondProperty().get();
            double from = vm.viewStartSecondsProperty().get();
            for (RulerTicks.Tick t : RulerTicks.between(from, from + w / pps, pps)) {
                double x = Math.round(vm.xOf(t.seconds())) + 0.5;
                if (x < 0 || x > w) continue;
                Line tick = new Line(x, t.major() ? RULER_HEIGHT - 12 : RULER_HEIGHT - 5, x, RULER_HEIGHT);
                tick.getStyleClass().add(t.major() ? "ruler-major" : "ruler-minor");
                ruler.getChildren().add(tick);
                if (t.major()) {
                    Label label = new Label(t.label());
                    label.getStyleClass().add("ruler-label");
                    label.relocate(x + 4, 2);
                    ruler.getChildren().add(label);
                }
            }
        }

        private void layoutClips() {
            lane.getChildren().clear();
            for (ClipSpan c : vm.clips()) lane.getChildren().add(clipNode(c));
        }

        /** A clip: thumbnail and name, selectable, draggable to reorder, with trim handles on both edges. */
        private Region clipNode(ClipSpan c) {
            double x0 = vm.xOf(c.startSeconds()), x1 = vm.xOf(c.endSeconds());
            double width = Math.max(2, Math.round(x1 - x0) - 2);
            Label name = new Label(c.name(), new FontIcon("fth-film"));
            name.getStyleClass().add("clip-name");
            name.setMinWidth(0);
            HBox content = new HBox(4);
            content.setAlignment(Pos.CENTER_LEFT);
            Thumbnail t = vm.thumbnails().get(c.mediaId());
            if (t != null) {
                javafx.scene.image.WritableImage img = new javafx.scene.image.WritableImage(t.width(), t.height());
                img.getPixelWriter().setPixels(0, 0, t.width(), t.height(),
                        javafx.scene.image.PixelFormat.getIntArgbInstance(), t.argb(), 0, t.width());
                javafx.scene.image.ImageView thumb = new javafx.scene.image.ImageView(img);
                thumb.setFitHeight(TRACK_HEIGHT - 14);
                thumb.setPreserveRatio(true);
                thumb.setSmooth(true);
                thumb.getStyleClass().add("clip-thumbnail");
                content.getChildren().add(thumb);
            }
            content.getChildren().add(name);
            content.setMouseTransparent(true);
            Region inHandle = new Region();
            inHandle.setId("trimIn-" + c.id());
            inHandle.getStyleClass().add("trim-handle");
            Region outHandle = new Region();
            outHandle.setId("trimOut-" + c.id());
            outHandle.getStyleClass().add("trim-handle");
            javafx.scene.layout.StackPane clip = new javafx.scene.layout.StackPane(content, inHandle, outHandle);
            clip.setId("clip-" + c.id());
            clip.getStyleClass().add("timeline-clip");
            if (c.id().equals(vm.selectedClipIdProperty().get())) clip.getStyleClass().add("selected");
            clip.setUserData(c);
            clip.setMinWidth(0);
            double handle = Math.min(8, width / 4);
            for (Region h : new Region[] {inHandle, outHandle}) {
                h.setPrefWidth(handle);
                h.setMaxWidth(handle);
                h.setMaxHeight(Double.MAX_VALUE);
                h.setCursor(javafx.scene.Cursor.H_RESIZE);
            }
            javafx.scene.layout.StackPane.setAlignment(inHandle, Pos.CENTER_LEFT);
            javafx.scene.layout.StackPane.setAlignment(outHandle, Pos.CENTER_RIGHT);
            javafx.scene.layout.StackPane.setAlignment(content, Pos.CENTER_LEFT);
            clip.resizeRelocate(Math.round(x0) + 1, 4, width, TRACK_HEIGHT - 8);
            Tooltip.install(clip, new Tooltip(c.name() + " · frames " + c.inPoint() + "–" + c.outPoint()
                    + " of " + c.sourceFrames() + " · drag to move, drag an edge to trim"));

            double[] pressX = new double[1];
            boolean[] dragging = new boolean[1];
            clip.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
                pressX[0] = e.getSceneX();
                dragging[0] = false;
                vm.select(c.id());
                TrackArea.this.requestFocus();
                e.consume();
            });
            clip.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
                double dx = e.getSceneX() - pressX[0];
                if (Math.abs(dx) > 3) dragging[0] = true;
                if (dragging[0]) {
                    clip.setTranslateX(dx);
                    clip.setOpacity(0.75);
                }
                e.consume();
            });
            clip.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
                double dx = e.getSceneX() - pressX[0];
                clip.setTranslateX(0);
                clip.setOpacity(1);
                if (dragging[0]) vm.dropClip(c.id(), c.startSeconds() + dx / vm.pixelsPerSecondProperty().get());
                dragging[0] = false;
                e.consume();
            });
            trimDrag(inHandle, c, true);
            trimDrag(outHandle, c, false);
            return clip;
        }

        /** Dragging an edge handle moves the clip's in or out point by whole source frames. */
        private void trimDrag(Region handle, ClipSpan c, boolean in) {
            double[] pressX = new double[1];
            handle.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
                pressX[0] = e.getSceneX();
                vm.select(c.id());
                e.consume();
            });
            handle.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
                int delta = framesFor(e.getSceneX() - pressX[0]);
                Region clip = (Region) handle.getParent();
                double perFrame = vm.pixelsPerSecondProperty().get() / vm.fpsProperty().get();
                if (in) clip.setTranslateX(delta * perFrame);
                clip.setScaleX(1);
                e.consume();
            });
            handle.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
                ((Region) handle.getParent()).setTranslateX(0);
                int delta = framesFor(e.getSceneX() - pressX[0]);
                if (delta != 0) {
                    if (in) vm.trimClip(c.id(), c.inPoint() + delta, c.outPoint());
                    else vm.trimClip(c.id(), c.inPoint(), c.outPoint() + delta);
                }
                e.consume();
            });
        }

        private int framesFor(double dx) {
            return (int) Math.round(dx / vm.pixelsPerSecondProperty().get() * vm.fpsProperty().get());
        }

        @Override protected double computePrefHeight(double width) { return RULER_HEIGHT + TRACK_HEIGHT + 8; }
        @Override protected double computeMinHeight(double width) { return RULER_HEIGHT + TRACK_HEIGHT; }
        @Override protected double computePrefWidth(double height) { return 400; }
    }
}
