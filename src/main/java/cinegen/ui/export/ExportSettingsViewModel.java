package cinegen.ui.export;

import cinegen.media.ExportFormat;
import cinegen.media.ExportOptions;
import cinegen.media.MediaException;
import cinegen.media.gif.GifDither;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the export dialog edits for one output file: the size factor, the frame rate, flow-based in-between frames,
 * the quality and, for GIF, dithering and looping. Every choice comes from a fixed list, so {@link #options()} is
 * always valid; the summary tells the artist what the file will be before it is written.
 */
public final class ExportSettingsViewModel {
    public static final List<Integer> SCALES = List.of(1, 2, 3, 4, 6, 8);
    /** 0 stands for the program's own rate (times the interpolation factor). */
    public static final List<Integer> FRAME_RATES = List.of(0, 8, 12, 15, 24, 25, 30, 50, 60);
    public static final List<Integer> INTERPOLATIONS = List.of(1, 2, 4);
    /** The fastest rate browsers honour for GIF (2/100 s per frame). */
    static final int GIF_MAX_FPS = 50;

    private final ExportFormat format;
    private final int width, height, frames;
    private final double programFps;
    private final IntegerProperty scale = new SimpleIntegerProperty(this, "scale");
    private final IntegerProperty fps = new SimpleIntegerProperty(this, "fps");
    private final IntegerProperty interpolation = new SimpleIntegerProperty(this, "interpolation");
    private final IntegerProperty quality = new SimpleIntegerProperty(this, "quality");
    private final ObjectProperty<GifDither> gifDither = new SimpleObjectProperty<>(this, "gifDither");
    private final BooleanProperty loopForever = new SimpleBooleanProperty(this, "loopForever");
    private final StringBinding summary;

    /**
     * @param out      the file to write (its extension picks the format)
     * @param width    the program's frame width
     * @param height   the program's frame height
     * @param frames   the program's frame count
     * @param fps      the program's frame rate
     * @param proposed where the choices start (snapped to the nearest offered value)
     */
    public ExportSettingsViewModel(Path out, int width, int height, int frames, double fps, ExportOptions proposed) {
        this.format = formatOf(out);
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.programFps = fps;
        scale.set(nearest(SCALES, proposed.scale()));
        this.fps.set(proposed.fps() == 0 ? 0 : nearest(FRAME_RATES.subList(1, FRAME_RATES.size()), proposed.fps()));
        interpolation.set(proposed.interpolation());
        quality.set(proposed.quality());
        gifDither.set(proposed.gifDither());
        loopForever.set(proposed.gifLoopCount() == 0);
        summary = Bindings.createStringBinding(this::describe, scale, this.fps, interpolation);
    }

    public ExportFormat format() { return format; }
    public IntegerProperty scaleProperty() { return scale; }
    public IntegerProperty fpsProperty() { return fps; }
    public IntegerProperty interpolationProperty() { return interpolation; }
    public IntegerProperty qualityProperty() { return quality; }
    public ObjectProperty<GifDither> gifDitherProperty() { return gifDither; }
    public BooleanProperty loopForeverProperty() { return loopForever; }
    /** "256 × 256 px · 16 frames at 8 fps · 2.0 s": what the file will hold. */
    public StringBinding summaryProperty() { return summary; }

    /** Quality means nothing to a lossless PNG sequence. */
    public boolean qualityApplies() { return format != ExportFormat.PNG_SEQUENCE; }
    public boolean gifOptionsApply() { return format == ExportFormat.GIF; }

    /** Output width and height at the chosen scale (rounded up to even sides for video codecs). */
    public int[] outputSize() {
        int w = (int) Math.round(width * (double) scale.get()), h = (int) Math.round(height * (double) scale.get());
        if (format == ExportFormat.MP4 || format == ExportFormat.WEBM) {
            w += w % 2;
            h += h % 2;
        }
        return new int[] {w, h};
    }

    /** The frame rate the file will play at. */
    public double outputFps() {
        double rate = fps.get() == 0 ? programFps * interpolation.get() : fps.get();
        return format == ExportFormat.GIF ? Math.min(GIF_MAX_FPS, rate) : rate;
    }

    /** The options to export with. */
    public ExportOptions options() {
        return new ExportOptions(scale.get(), fps.get(), interpolation.get(), quality.get(), gifDither.get(),
                loopForever.get() ? 0 : -1);
    }

    /** Label for a frame-rate choice. */
    public String fpsLabel(int choice) {
        return choice == 0 ? String.format(Locale.ROOT, "Timeline's own (%s fps)", trim(programFps)) : choice + " fps";
    }

    /** Label for a size choice, with the pixels it gives. */
    public String scaleLabel(int choice) {
        int w = (int) Math.round(width * (double) choice), h = (int) Math.round(height * (double) choice);
        return String.format(Locale.ROOT, "×%d  (%d × %d)", choice, w, h);
    }

    public static String interpolationLabel(int choice) {
        return choice == 1 ? "Off" : choice + "× frames (optical flow)";
    }

    private String describe() {
        int[] size = outputSize();
        double seconds = frames / programFps;
        String rate = trim(outputFps());
        String note = format == ExportFormat.GIF && (fps.get() == 0 ? programFps * interpolation.get() : fps.get()) > GIF_MAX_FPS
                ? " (GIF plays at most " + GIF_MAX_FPS + " fps)" : "";
        return String.format(Locale.ROOT, "%d × %d px · %s fps%s · %.1f s", size[0], size[1], rate, note, seconds);
    }

    /** The format the exporter will pick; an unknown extension counts as MP4 here (the exporter reports it). */
    static ExportFormat formatOf(Path out) {
        try {
            return ExportFormat.forPath(out);
        } catch (MediaException e) {
            return ExportFormat.MP4;
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static int nearest(List<Integer> choices, double value) {
        int best = choices.get(0);
        for (int c : choices) if (Math.abs(c - value) < Math.abs(best - value)) best = c;
        return best;
    }
}
