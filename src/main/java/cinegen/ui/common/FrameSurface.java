package cinegen.ui.common;

import cinegen.frames.FrameSequence;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

import java.nio.IntBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shows ARGB frames, scaled to fit and centred with their aspect ratio kept, on a dark canvas. Frames may be
 * pushed from any thread as fast as they come (live denoising previews): the newest frame is kept and at most one
 * {@link Platform#runLater} is queued at a time, guarded by {@code pending}, so a fast producer never floods the
 * JavaFX thread. The image is a {@link WritableImage} over one {@link PixelBuffer} (INT_ARGB_PRE) per frame size.
 */
public class FrameSurface extends Region {
    private final ImageView view = new ImageView();
    private final AtomicReference<Frame> latest = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong shownCount = new AtomicLong();
    private final ReadOnlyBooleanWrapper showingFrame = new ReadOnlyBooleanWrapper(this, "showingFrame", false);
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
    private final DoubleProperty panX = new SimpleDoubleProperty(this, "panX", 0);
    private final DoubleProperty panY = new SimpleDoubleProperty(this, "panY", 0);
    private PixelBuffer<IntBuffer> pixelBuffer;
    private WritableImage image;

    /** A frame ready to copy into the pixel buffer; {@code pixels} is premultiplied and owned by the surface. */
    private record Frame(int width, int height, int[] pixels) {}

    private static final Frame CLEAR = new Frame(0, 0, new int[0]);

    public FrameSurface() {
        getStyleClass().add("frame-surface");
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.setManaged(false);
        getChildren().add(view);
        setMinSize(0, 0);
        javafx.beans.InvalidationListener relayout = o -> requestLayout();
        zoom.addListener(relayout);
        panX.addListener(relayout);
        panY.addListener(relayout);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
    }

    /** Magnification over "fit to the region" (1); the frame is centred, then moved by the pan. */
    public DoubleProperty zoomProperty() { return zoom; }
    public DoubleProperty panXProperty() { return panX; }
    public DoubleProperty panYProperty() { return panY; }

    /**
     * Shows one frame of {@code width x height} packed ARGB pixels (not premultiplied). Safe from any thread; the
     * pixels are copied, so the caller may reuse its array at once.
     */
    public void show(int width, int height, int[] argb) {
        if (width <= 0 || height <= 0 || argb.length != width * height) {
            throw new IllegalArgumentException("frame of " + width + "x" + height + " needs " + (long) width * height
                    + " pixels, got " + argb.length);
        }
        submit(new Frame(width, height, premultiply(argb)));
    }

    /** Shows frame {@code index} of a sequence. */
    public void show(FrameSequence sequence, int index) {
        show(sequence.width(), sequence.height(), sequence.frame(index));
    }

    /** Empties the surface. Safe from any thread. */
    public void clear() { submit(CLEAR); }

    /** Whether a frame is on screen (false until the first frame arrives and after {@link #clear()}). */
    public ReadOnlyBooleanProperty showingFrameProperty() { return showingFrame.getReadOnlyProperty(); }

    /** The image on screen, or null; JavaFX thread only. */
    public WritableImage image() { return image; }

    /** How many frame updates reached the screen; frames replaced before their turn are not counted. */
    public long shownCount() { return shownCount.get(); }

    private void submit(Frame frame) {
        latest.set(frame);
        if (pending.compareAndSet(false, true)) Platform.runLater(this::applyLatest);
    }

    private void applyLatest() {
        // Clear the flag first: a frame submitted from now on schedules a new update and is never lost.
        pending.set(false);
        Frame f = latest.getAndSet(null);
        if (f == null) return;
        if (f == CLEAR) {
            pixelBuffer = null;
            image = null;
            view.setImage(null);
            showingFrame.set(false);
            return;
        }
        if (pixelBuffer == null || pixelBuffer.getWidth() != f.width() || pixelBuffer.getHeight() != f.height()) {
            IntBuffer buffer = IntBuffer.allocate(f.width() * f.height());
            pixelBuffer = new PixelBuffer<>(f.width(), f.height(), buffer, PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(pixelBuffer);
            view.setImage(image);
            requestLayout();
        }
        pixelBuffer.updateBuffer(pb -> {
            pb.getBuffer().put(0, f.pixels());
            return (Rectangle2D) null;
        });
        shownCount.incrementAndGet();
        showingFrame.set(true);
    }

    @Override
    protected void layoutChildren() {
        Rectangle2D b = image == null ? Rectangle2D.EMPTY : boundsFor(image.getWidth(), image.getHeight());
        if (b.getWidth() <= 0) {
            view.setFitWidth(0);
            view.setFitHeight(0);
            return;
        }
        view.setFitWidth(b.getWidth());
        view.setFitHeight(b.getHeight());
        view.relocate(b.getMinX(), b.getMinY());
    }

    /**
     * Where a frame of {@code imageWidth x imageHeight} is drawn in this region: fitted with its aspect ratio,
     * magnified by the zoom, centred and moved by the pan, on whole pixels. Overlays use it to line up.
     */
    public Rectangle2D boundsFor(double imageWidth, double imageHeight) {
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        if (imageWidth <= 0 || imageHeight <= 0 || w <= 0 || h <= 0) return Rectangle2D.EMPTY;
        double scale = Math.min(w / imageWidth, h / imageHeight) * Math.max(1, zoom.get());
        double fw = Math.max(1, Math.floor(imageWidth * scale));
        double fh = Math.max(1, Math.floor(imageHeight * scale));
        return new Rectangle2D(snappedLeftInset() + Math.floor((w - fw) / 2 + panX.get()),
                snappedTopInset() + Math.floor((h - fh) / 2 + panY.get()), fw, fh);
    }

    @Override protected double computePrefWidth(double height) { return 320; }
    @Override protected double computePrefHeight(double width) { return 180; }

    /** Where the frame is drawn, in this region's coordinates (empty bounds when nothing is shown). */
    public Rectangle2D frameBounds() {
        if (image == null) return Rectangle2D.EMPTY;
        return new Rectangle2D(view.getLayoutX(), view.getLayoutY(), view.getFitWidth(), view.getFitHeight());
    }

    /** ARGB (straight alpha) to INT_ARGB_PRE, into a new array. */
    static int[] premultiply(int[] argb) {
        int[] out = new int[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int a = p >>> 24;
            if (a == 255) {
                out[i] = p;
            } else if (a == 0) {
                out[i] = 0;
            } else {
                int r = ((p >> 16) & 0xff) * a / 255, g = ((p >> 8) & 0xff) * a / 255, b = (p & 0xff) * a / 255;
                out[i] = (a << 24) | (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }
}
