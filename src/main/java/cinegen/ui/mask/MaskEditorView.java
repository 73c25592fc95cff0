package cinegen.ui.mask;

import atlantafx.base.theme.Styles;
import cinegen.frames.Mask;
import cinegen.project.StrokePoint;
import cinegen.ui.common.FrameSurface;
import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The mask painter's two parts in the viewer: an overlay lined up with the frame on the {@link FrameSurface}
 * (the mask tinted red at the chosen opacity, neighbouring frames' masks faintly in blue and green as onion skin,
 * the stroke being drawn), and a tool bar (brush, eraser, size, hardness, opacity, fill, clear, invert, per-frame,
 * onion skin, copy to following frames, crop to region).
 */
public final class MaskEditorView {
    static final int PAINT = 0xff3b5c, BEFORE = 0x3ba0ff, AFTER = 0x5cff8a;

    private final MaskEditorViewModel vm;
    private final FrameSurface surface;
    private final Overlay overlay = new Overlay();
    private final FlowPane toolbar;

    public MaskEditorView(MaskEditorViewModel vm, FrameSurface surface) {
        this.vm = vm;
        this.surface = surface;
        toolbar = buildToolbar();
        overlay.visibleProperty().bind(vm.activeProperty());
        toolbar.visibleProperty().bind(vm.activeProperty());
        toolbar.managedProperty().bind(toolbar.visibleProperty());
        vm.revisionProperty().addListener(o -> overlay.redraw());
        InvalidationListener relayout = o -> overlay.requestLayout();
        surface.zoomProperty().addListener(relayout);
        surface.panXProperty().addListener(relayout);
        surface.panYProperty().addListener(relayout);
    }

    /** The overlay, to stack over the surface (same size and position). */
    public Region overlay() { return overlay; }

    /** The tools, to show above the picture. */
    public Region toolbar() { return toolbar; }

    private FlowPane buildToolbar() {
        ToggleGroup tools = new ToggleGroup();
        ToggleButton brush = tool("maskBrush", "fth-edit-2", "Brush: paint the region (1)", tools);
        ToggleButton eraser = tool("maskEraser", "fth-delete", "Eraser: remove paint (2)", tools);
        brush.setSelected(!vm.eraserProperty().get());
        eraser.setSelected(vm.eraserProperty().get());
        tools.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) old.setSelected(true);
            else vm.eraserProperty().set(now == eraser);
        });
        vm.eraserProperty().addListener((o, a, on) -> (on ? eraser : brush).setSelected(true));

        Slider size = slider("maskSize", MaskEditorViewModel.MIN_SIZE, 160, vm.brushSizeProperty().get());
        size.valueProperty().bindBidirectional(vm.brushSizeProperty());
        Slider hardness = slider("maskHardness", 0, 1, vm.hardnessProperty().get());
        hardness.valueProperty().bindBidirectional(vm.hardnessProperty());
        Slider opacity = slider("maskOpacity", 0, 1, vm.overlayOpacityProperty().get());
        opacity.valueProperty().bindBidirectional(vm.overlayOpacityProperty());

        Button fill = button("maskFill", "Fill", "fth-square", "Paint the whole frame");
        fill.setOnAction(e -> vm.fill());
        Button clear = button("maskClear", "Clear", "fth-x-square", "Remove all paint from the frame");
        clear.setOnAction(e -> vm.clear());
        Button invert = button("maskInvert", "Invert", "fth-shuffle", "Swap painted and unpainted");
        invert.setOnAction(e -> vm.invert());

        ToggleButton perFrame = new ToggleButton("Per frame");
        perFrame.setId("maskPerFrame");
        perFrame.setTooltip(new Tooltip("One mask per frame instead of one for the whole clip"));
        perFrame.setSelected(vm.perFrameProperty().get());
        vm.perFrameProperty().addListener((o, a, on) -> perFrame.setSelected(on));
        perFrame.setOnAction(e -> vm.setPerFrame(perFrame.isSelected()));
        ToggleButton onion = new ToggleButton("Onion skin");
        onion.setId("maskOnion");
        onion.setTooltip(new Tooltip("Show the masks of the previous (blue) and next (green) frames"));
        onion.selectedProperty().bindBidirectional(vm.onionSkinProperty());
        Button copy = button("maskCopyForward", "Copy →", "fth-copy", "Copy this frame's mask to every later frame");
        copy.setOnAction(e -> vm.copyToFollowing());
        for (var n : new javafx.scene.Node[] {perFrame, onion, copy}) {
            n.visibleProperty().bind(vm.videoProperty());
            n.managedProperty().bind(n.visibleProperty());
        }
        onion.disableProperty().bind(vm.perFrameProperty().not());
        CheckBox crop = new CheckBox("Crop to region");
        crop.setId("maskCropToRegion");
        crop.setTooltip(new Tooltip("Generate the painted region and a margin around it with all of the model's pixels;"
                + " off: the model sees the whole frame. The result has the picture's full size either way."));
        crop.selectedProperty().bindBidirectional(vm.cropToRegionProperty());
        Label coverage = new Label();
        coverage.setId("maskCoverage");
        coverage.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        coverage.textProperty().bind(vm.coverageTextProperty());
        Button done = button("maskDone", "Done", "fth-check", "Stop painting");
        done.getStyleClass().add(Styles.ACCENT);
        done.setOnAction(e -> vm.activeProperty().set(false));

        FlowPane bar = new FlowPane(6, 4, brush, eraser, labelled("Size", size), labelled("Hardness", hardness),
                labelled("Overlay", opacity), fill, clear, invert, perFrame, onion, copy, crop, coverage, done);
        bar.setId("maskToolbar");
        bar.getStyleClass().add("mask-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static ToggleButton tool(String id, String icon, String tip, ToggleGroup group) {
        ToggleButton b = new ToggleButton(null, new FontIcon(icon));
        b.setId(id);
        b.setToggleGroup(group);
        b.getStyleClass().add(Styles.BUTTON_ICON);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private static Slider slider(String id, double min, double max, double value) {
        Slider s = new Slider(min, max, value);
        s.setId(id);
        s.setPrefWidth(90);
        return s;
    }

    private static HBox labelled(String text, Slider s) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Label value = new Label();
        value.getStyleClass().addAll(Styles.TEXT_SMALL, "numeric");
        value.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> s.getMax() > 1
                ? String.format(Locale.ROOT, "%.0f px", s.getValue()) : String.format(Locale.ROOT, "%.0f%%", s.getValue() * 100), s.valueProperty()));
        value.setMinWidth(40);
        HBox box = new HBox(4, l, s, value);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static Button button(String id, String text, String icon, String tip) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().add(Styles.SMALL);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    /** Tinted mask image plus a canvas for the stroke in progress, both over the frame's bounds. */
    private final class Overlay extends Pane {
        private final ImageView image = new ImageView();
        private final Canvas stroke = new Canvas();
        private final List<StrokePoint> points = new ArrayList<>();
        private WritableImage buffer;

        Overlay() {
            setId("maskOverlay");
            image.setSmooth(false);
            image.setManaged(false);
            stroke.setManaged(false);
            stroke.setMouseTransparent(true);
            getChildren().addAll(image, stroke);
            setPickOnBounds(true);
            addEventHandler(MouseEvent.MOUSE_PRESSED, this::press);
            addEventHandler(MouseEvent.MOUSE_DRAGGED, this::drag);
            addEventHandler(MouseEvent.MOUSE_RELEASED, this::release);
        }

        private Rectangle2D frameBounds() {
            if (vm.width() <= 0) return Rectangle2D.EMPTY;
            Rectangle2D b = surface.boundsFor(vm.width(), vm.height());
            var scene = surface.localToScene(b.getMinX(), b.getMinY());
            var local = sceneToLocal(scene);
            return new Rectangle2D(local.getX(), local.getY(), b.getWidth(), b.getHeight());
        }

        @Override
        protected void layoutChildren() {
            Rectangle2D b = frameBounds();
            image.relocate(b.getMinX(), b.getMinY());
            image.setFitWidth(b.getWidth());
            image.setFitHeight(b.getHeight());
            stroke.relocate(b.getMinX(), b.getMinY());
            stroke.setWidth(b.getWidth());
            stroke.setHeight(b.getHeight());
        }

        private StrokePoint toMask(MouseEvent e) {
            Rectangle2D b = frameBounds();
            double x = (e.getX() - b.getMinX()) / b.getWidth() * vm.width();
            double y = (e.getY() - b.getMinY()) / b.getHeight() * vm.height();
            return new StrokePoint(x, y);
        }

        private void press(MouseEvent e) {
            if (e.getButton() != MouseButton.PRIMARY || e.isAltDown() || vm.width() <= 0) return;
            points.clear();
            points.add(toMask(e));
            drawDab(e.getX(), e.getY());
            e.consume();
        }

        private void drag(MouseEvent e) {
            if (points.isEmpty() || e.isAltDown()) return;
            points.add(toMask(e));
            drawDab(e.getX(), e.getY());
            e.consume();
        }

        private void release(MouseEvent e) {
            if (points.isEmpty()) return;
            List<StrokePoint> done = List.copyOf(points);
            points.clear();
            stroke.getGraphicsContext2D().clearRect(0, 0, stroke.getWidth(), stroke.getHeight());
            vm.stroke(done);
            e.consume();
        }

        /** The stroke as it is drawn, before it becomes an edit. */
        private void drawDab(double x, double y) {
            Rectangle2D b = frameBounds();
            double r = vm.brushSizeProperty().get() / 2 * b.getWidth() / vm.width();
            GraphicsContext g = stroke.getGraphicsContext2D();
            g.setFill(vm.eraserProperty().get() ? Color.rgb(20, 20, 20, 0.45) : Color.rgb(255, 59, 92, 0.45));
            g.fillOval(x - b.getMinX() - r, y - b.getMinY() - r, 2 * r, 2 * r);
        }

        void redraw() {
            Mask m = vm.maskAt(vm.frameProperty().get());
            int w = vm.width(), h = vm.height();
            if (w <= 0 || h <= 0) {
                image.setImage(null);
                return;
            }
            if (buffer == null || buffer.getWidth() != w || buffer.getHeight() != h) buffer = new WritableImage(w, h);
            double opacity = vm.overlayOpacityProperty().get();
            int f = vm.frameProperty().get();
            boolean onion = vm.onionSkinProperty().get() && vm.perFrameProperty().get();
            Mask before = onion && f > 0 ? vm.maskAt(f - 1) : null;
            Mask after = onion ? vm.maskAt(f + 1) : null;
            if (after == m) after = null;
            int[] argb = new int[w * h];
            float[] now = m == null ? null : m.values();
            float[] pv = before == null || before == m ? null : before.values();
            float[] nv = after == null ? null : after.values();
            for (int i = 0; i < argb.length; i++) {
                float v = now == null ? 0 : now[i];
                if (v > 0) {
                    argb[i] = (int) Math.round(v * opacity * 255) << 24 | PAINT;
                } else if (pv != null && pv[i] > 0) {
                    argb[i] = (int) Math.round(pv[i] * opacity * 0.45 * 255) << 24 | BEFORE;
                } else if (nv != null && nv[i] > 0) {
                    argb[i] = (int) Math.round(nv[i] * opacity * 0.45 * 255) << 24 | AFTER;
                }
            }
            buffer.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
            image.setImage(buffer);
            requestLayout();
        }
    }

}
