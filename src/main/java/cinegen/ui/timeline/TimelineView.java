package cinegen.ui.timeline;

import cinegen.ui.common.Thumbnail;
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
    /** The keys the focused timeline takes, for Help > Keyboard Shortcuts. */
    public static final java.util.List<String[]> KEYS = java.util.List.of(
            new String[] {"Space", "Play / pause"},
            new String[] {"J / K / L", "Play backward / stop / play forward (again: faster)"},
            new String[] {"Left / Right", "One frame back / forward"},
            new String[] {"Home / End", "First / last frame"},
            new String[] {"I / O", "Mark in / out of the export range"},
            new String[] {"Alt+X", "Clear the in and out marks"},
            new String[] {"Delete", "Delete the selected clip"},
            new String[] {"Shift+Delete", "Ripple delete the selected clip"});
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

    /**
     * Ruler, track lane, export range and playhead, laid out from the view-model's zoom and view start. Clip nodes
     * are built when the clips change and placed by the lane on every layout, each exactly as wide as its
     * duration at the current zoom.
     */
    private final class TrackArea extends Region {
        private final Pane ruler = new Pane();
        private final Lane lane = new Lane();
        private final Label empty = new Label(EMPTY_TEXT);
        private final Line playheadLine = new Line();
        private final Polygon playheadHandle = new Polygon(-6, 0, 6, 0, 6, 8, 0, 14, -6, 8);
        private final Region markRange = new Region();
        private final Line markInLine = new Line(), markOutLine = new Line();
        /** What the ruler was last built for; rebuilt only when it changes, not on every layout. */
        private String rulerFor = "";
        private boolean clipsStale = true;

        TrackArea() {
            getStyleClass().add("track-area");
            setId("trackArea");
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
            markRange.setId("markRange");
            markRange.getStyleClass().add("mark-range");
            markInLine.setId("markIn");
            markOutLine.setId("markOut");
            for (javafx.scene.Node n : new javafx.scene.Node[] {markRange, markInLine, markOutLine}) n.setMouseTransparent(true);
            markInLine.getStyleClass().add("mark-line");
            markOutLine.getStyleClass().add("mark-line");
            getChildren().addAll(ruler, lane, markRange, markInLine, markOutLine, empty, playheadLine, playheadHandle);

            InvalidationListener relayout = o -> {
                lane.requestLayout();
                requestLayout();
            };
            vm.pixelsPerSecondProperty().addListener(relayout);
            vm.viewStartSecondsProperty().addListener(relayout);
            vm.playheadSecondsProperty().addListener(relayout);
            vm.markInProperty().addListener(relayout);
            vm.markOutProperty().addListener(relayout);
            vm.fpsProperty().addListener(relayout);
            vm.clips().addListener((ListChangeListener<ClipSpan>) c -> {
                clipsStale = true;
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
                clipsStale = true;
                requestLayout();
            });
            setFocusTraversable(true);
            addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, this::keyPressed);

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

        /**
         * Keys on the focused timeline: Delete / Shift+Delete, transport (Space, J K L, Left, Right, Home, End) and
         * the export range (I, O, Alt+X). Keys with Ctrl or Cmd are left to the menus' accelerators.
         */
        private void keyPressed(javafx.scene.input.KeyEvent e) {
            if (e.isShortcutDown() || e.isMetaDown()) return;
            boolean alt = e.isAltDown();
            boolean handled = true;
            switch (e.getCode()) {
                case DELETE, BACK_SPACE -> {
                    if (e.isShiftDown()) vm.rippleDeleteSelected();
                    else vm.deleteSelected();
                }
                case SPACE -> vm.togglePlay();
                case J -> vm.playReverse();
                case K -> vm.stop();
                case L -> vm.playForward();
                case LEFT, KP_LEFT -> vm.stepBack();
                case RIGHT, KP_RIGHT -> vm.stepForward();
                case HOME -> vm.goToStart();
                case END -> vm.goToEnd();
                case I -> { if (!alt) vm.markInAtPlayhead(); else handled = false; }
                case O -> { if (!alt) vm.markOutAtPlayhead(); else handled = false; }
                case X -> { if (alt) vm.clearMarks(); else handled = false; }
                default -> handled = false;
            }
            if (handled) e.consume();
        }

        @Override
        protected void layoutChildren() {
            double w = getWidth(), h = getHeight();
            ruler.resizeRelocate(0, 0, w, RULER_HEIGHT);
            lane.resizeRelocate(0, RULER_HEIGHT, w, TRACK_HEIGHT);
            String key = w + "/" + vm.pixelsPerSecondProperty().get() + "/" + vm.viewStartSecondsProperty().get();
            if (!key.equals(rulerFor)) {
                rulerFor = key;
                layoutRuler(w);
            }
            if (clipsStale) {
                clipsStale = false;
                lane.getChildren().clear();
                for (ClipSpan c : vm.clips()) lane.getChildren().add(new ClipNode(c));
            }
            double ew = empty.prefWidth(-1), eh = empty.prefHeight(-1);
            empty.resizeRelocate(Math.max(8, (w - ew) / 2), RULER_HEIGHT + (TRACK_HEIGHT - eh) / 2, ew, eh);
            layoutMarks(Math.max(RULER_HEIGHT + TRACK_HEIGHT, h));
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

        /** The export range: shaded between the marks (from the start or to the end when one is missing). */
        private void layoutMarks(double h) {
            long in = vm.markInProperty().get(), out = vm.markOutProperty().get();
            double fps = vm.fpsProperty().get();
            boolean any = in >= 0 || out >= 0;
            markRange.setVisible(any);
            markInLine.setVisible(in >= 0);
            markOutLine.setVisible(out >= 0);
            if (!any) return;
            double x0 = Math.round(vm.xOf(in >= 0 ? in / fps : 0));
            double x1 = Math.round(vm.xOf(out >= 0 ? out / fps : Math.max(vm.contentSecondsProperty().get(), vm.playheadSeconds())));
            markRange.resizeRelocate(x0, 0, Math.max(0, x1 - x0), h);
            for (Line l : new Line[] {markInLine, markOutLine}) {
                double x = (l == markInLine ? x0 : x1) + 0.5;
                l.setStartX(x);
                l.setEndX(x);
                l.setStartY(0);
                l.setEndY(h);
            }
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

        /**
         * The track: places every clip node from its span at the current zoom and view start. A plain {@link Pane}
         * would size its children to their preferred width (a thumbnail and a name, about 280 px) whatever the
         * clip's length (issue 31).
         */
        private final class Lane extends Pane {
            static final double CLIP_TOP = 4;

            @Override
            protected void layoutChildren() {
                for (var n : getChildren()) {
                    if (!(n instanceof ClipNode c)) continue;
                    double perFrame = 1 / vm.fpsProperty().get();
                    double x0 = Math.round(vm.xOf(c.span.startSeconds() + c.trimIn * perFrame));
                    double x1 = Math.round(vm.xOf(c.span.endSeconds() + c.trimOut * perFrame));
                    c.resizeRelocate(x0, CLIP_TOP, Math.max(1, x1 - x0), TRACK_HEIGHT - 2 * CLIP_TOP);
                }
            }
        }

        /** A clip: thumbnail and name (cut off at the clip's edges), selectable, draggable, with trim handles. */
        private final class ClipNode extends Region {
            final ClipSpan span;
            /** Frames an edge is being dragged by (shown, not yet an edit). */
            int trimIn, trimOut;
            private final HBox content;
            private final Region inHandle = new Region(), outHandle = new Region();

            ClipNode(ClipSpan c) {
                span = c;
                Label name = new Label(c.name(), new FontIcon("fth-film"));
                name.getStyleClass().add("clip-name");
                name.setMinWidth(0);
                content = new HBox(4);
                content.setAlignment(Pos.CENTER_LEFT);
                content.setMinWidth(0);
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
                inHandle.setId("trimIn-" + c.id());
                inHandle.getStyleClass().add("trim-handle");
                outHandle.setId("trimOut-" + c.id());
                outHandle.getStyleClass().add("trim-handle");
                for (Region h : new Region[] {inHandle, outHandle}) h.setCursor(javafx.scene.Cursor.H_RESIZE);
                getChildren().addAll(content, inHandle, outHandle);
                setId("clip-" + c.id());
                getStyleClass().add("timeline-clip");
                if (c.id().equals(vm.selectedClipIdProperty().get())) getStyleClass().add("selected");
                setUserData(c);
                Rectangle bounds = new Rectangle();
                bounds.widthProperty().bind(widthProperty());
                bounds.heightProperty().bind(heightProperty());
                setClip(bounds);
                Tooltip.install(this, new Tooltip(c.name() + " · frames " + c.inPoint() + "–" + c.outPoint()
                        + " of " + (c.sourceFrames() == Integer.MAX_VALUE ? "a still" : c.sourceFrames())
                        + " · drag to move, drag an edge to trim"));
                gestures();
                trimDrag(inHandle, c, true);
                trimDrag(outHandle, c, false);
            }

            @Override
            protected void layoutChildren() {
                double w = getWidth(), h = getHeight();
                double handle = Math.min(8, w / 4);
                inHandle.resizeRelocate(0, 0, handle, h);
                outHandle.resizeRelocate(w - handle, 0, handle, h);
                var in = getInsets();
                double cw = Math.max(0, w - in.getLeft() - in.getRight());
                content.resizeRelocate(in.getLeft(), 0, cw, h);
            }

            @Override protected double computeMinWidth(double height) { return 0; }
            @Override protected double computePrefWidth(double height) { return getWidth(); }

            private void gestures() {
                double[] pressX = new double[1];
                boolean[] dragging = new boolean[1];
                addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
                    pressX[0] = e.getSceneX();
                    dragging[0] = false;
                    vm.select(span.id());
                    TrackArea.this.requestFocus();
                    e.consume();
                });
                addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
                    double dx = e.getSceneX() - pressX[0];
                    if (Math.abs(dx) > 3) dragging[0] = true;
                    if (dragging[0]) {
                        setTranslateX(dx);
                        setOpacity(0.75);
                    }
                    e.consume();
                });
                addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
                    double dx = e.getSceneX() - pressX[0];
                    setTranslateX(0);
                    setOpacity(1);
                    if (dragging[0]) vm.dropClip(span.id(), span.startSeconds() + dx / vm.pixelsPerSecondProperty().get());
                    dragging[0] = false;
                    e.consume();
                });
            }
        }

        /**
         * Dragging an edge handle moves the clip's in or out point by whole source frames; the clip shows the new
         * length while dragging, and the trim is one edit on release.
         */
        private void trimDrag(Region handle, ClipSpan c, boolean in) {
            double[] pressX = new double[1];
            handle.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
                pressX[0] = e.getSceneX();
                vm.select(c.id());
                TrackArea.this.requestFocus();
                e.consume();
            });
            handle.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
                ClipNode node = (ClipNode) handle.getParent();
                int delta = framesFor(e.getSceneX() - pressX[0]);
                if (in) node.trimIn = Math.max(-c.inPoint(), Math.min(c.outPoint() - c.inPoint() - 1, delta));
                else node.trimOut = Math.max(-(c.outPoint() - c.inPoint() - 1), Math.min(c.sourceFrames() - c.outPoint(), delta));
                lane.requestLayout();
                e.consume();
            });
            handle.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
                ClipNode node = (ClipNode) handle.getParent();
                node.trimIn = 0;
                node.trimOut = 0;
                lane.requestLayout();
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
