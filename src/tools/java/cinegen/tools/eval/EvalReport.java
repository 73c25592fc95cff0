package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one evaluation measured: settings, one row per case, summary numbers and each bar of issue 4 with
 * pass or fail. PSNR of identical images is reported as {@link #PSNR_CAP} so the JSON stays finite; a value that
 * could not be measured is null.
 */
public record EvalReport(String model, String modelHash, String device, Settings settings, String started, double totalSeconds,
                         List<T2vRow> t2v, List<I2vRow> i2v, List<RegionRow> cinemagraph, List<RegionRow> inpaint,
                         List<PhotoRow> photos, CaptionProbe captionProbe, Map<String, Double> summary, List<Bar> bars,
                         List<String> notes) {

    /** PSNR reported for bit-identical images. */
    public static final double PSNR_CAP = 99.0;

    public record Settings(int width, int height, int frames, double fps, int steps, double guidance, String sampler,
                           double feather, boolean quick) {}

    public record T2vRow(String prompt, long seed, String hue, String shape, String motion, String readHue, String readShape,
                         String readMotion, boolean colourRight, boolean shapeRight, boolean motionRight, boolean consistent,
                         int framesWithObject, double seconds) {}

    public record I2vRow(String prompt, long seed, double frame1Psnr, double autoencoderPsnr, String motion, String readMotion,
                         boolean motionRight, boolean consistent, double seconds) {}

    /** A cinemagraph or inpainting case: exactness outside the painted region (beyond the feather), motion inside. */
    public record RegionRow(String prompt, long seed, double paintedFraction, int outsidePixels, int outsideChanged,
                            int outsideMaxDifference, boolean outsideEqual, double insideMeanChange, boolean insideMoves,
                            double seconds) {}

    public record PhotoRow(String file, double i2vFrame1Psnr, double autoencoderPsnr, double seconds) {}

    /**
     * How much the denoiser relies on the prompt: its mean squared v error at high noise (timesteps from
     * {@code minStep}) on the same clips, noise and timesteps, with each clip's own caption, another clip's caption
     * and none. A model that ignores the prompt scores the three alike; {@link #reliance} is the relative rise of
     * the error when the caption is wrong. The word swaps change one kind of word only (every object's colour,
     * every object's shape, or the motion, reversed where it has a reverse), so they tell which words the model
     * listens to; they are null in reports written before they existed.
     */
    public record CaptionProbe(int clips, int minStep, double lossOwn, double lossShuffled, double lossEmpty,
                               Double lossColourSwapped, Double lossShapeSwapped, Double lossMotionSwapped) {
        public double reliance() { return lossShuffled / lossOwn - 1; }

        /** Relative rise of the error when only the words of one kind are wrong (NaN when not measured). */
        public double relianceOn(Double swapped) { return swapped == null ? Double.NaN : swapped / lossOwn - 1; }
    }

    /** One bar: {@code value >= threshold} passes; {@code pass} is null when the bar could not be measured. */
    public record Bar(String name, Double value, double threshold, String unit, Boolean pass, String note) {}

    /** True when no measured bar failed (skipped bars do not count). */
    public boolean allMeasuredBarsPass() {
        return bars.stream().noneMatch(b -> Boolean.FALSE.equals(b.pass()));
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() throws IOException { return JSON.writeValueAsString(this); }

    public static EvalReport fromJson(String json) throws IOException { return JSON.readValue(json, EvalReport.class); }

    /** Writes the JSON next to its final name first, then renames it, so a failure never leaves half a report. */
    public void write(Path file) throws IOException { writeAtomically(file, toJson()); }

    /** Any value as indented JSON, written atomically as {@link #write} does. */
    public static void writeJson(Path file, Object value) throws IOException { writeAtomically(file, JSON.writeValueAsString(value)); }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The report as aligned text: one block per section, then the bars. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        Settings s = settings;
        sb.append(String.format(Locale.ROOT, "Evaluation of %s (%s) on %s%n", model, shortHash(), device));
        sb.append(String.format(Locale.ROOT, "%dx%d, %d frames at %.0f fps, %d steps %s, guidance %.1f, feather %.0f px%s%n%n",
                s.width(), s.height(), s.frames(), s.fps(), s.steps(), s.sampler(), s.guidance(), s.feather(), s.quick() ? ", quick subset" : ""));
        sb.append(String.format(Locale.ROOT, "T2V (%d clips)%n", t2v.size()));
        sb.append(String.format(Locale.ROOT, "  %-64s %-15s %-15s %-17s %-5s %7s%n", "prompt", "colour", "shape", "motion", "cons", "s/clip"));
        for (T2vRow r : t2v) {
            sb.append(String.format(Locale.ROOT, "  %-64s %-15s %-15s %-17s %-5s %7.1f%n", r.prompt(),
                    mark(r.colourRight(), r.readHue()), mark(r.shapeRight(), r.readShape()), mark(r.motionRight(), r.readMotion()),
                    r.consistent() ? "yes" : "no", r.seconds()));
        }
        sb.append(String.format(Locale.ROOT, "%nI2V (%d clips)%n", i2v.size()));
        sb.append(String.format(Locale.ROOT, "  %-64s %9s %9s %-17s %-5s %7s%n", "prompt", "frame1 dB", "AE dB", "motion", "cons", "s/clip"));
        for (I2vRow r : i2v) {
            sb.append(String.format(Locale.ROOT, "  %-64s %9.2f %9.2f %-17s %-5s %7.1f%n", r.prompt(), r.frame1Psnr(), r.autoencoderPsnr(),
                    mark(r.motionRight(), r.readMotion()), r.consistent() ? "yes" : "no", r.seconds()));
        }
        region(sb, "Cinemagraph", cinemagraph);
        region(sb, "Inpainting", inpaint);
        sb.append(String.format(Locale.ROOT, "%nPhotographs (%d)%n", photos.size()));
        if (!photos.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "  %-40s %12s %9s %7s%n", "file", "I2V frame1", "AE dB", "s"));
            for (PhotoRow r : photos) {
                sb.append(String.format(Locale.ROOT, "  %-40s %12.2f %9.2f %7.1f%n", clip(r.file(), 40), r.i2vFrame1Psnr(), r.autoencoderPsnr(), r.seconds()));
            }
        }
        if (captionProbe != null) {
            CaptionProbe p = captionProbe;
            sb.append(String.format(Locale.ROOT, "%nCaption probe (%d clips, timesteps >= %d)%n", p.clips(), p.minStep()));
            sb.append(String.format(Locale.ROOT, "  v error with own caption %.4f, another clip's %.4f, none %.4f: wrong caption +%.1f%%%n",
                    p.lossOwn(), p.lossShuffled(), p.lossEmpty(), 100 * p.reliance()));
            if (p.lossMotionSwapped() != null) {
                sb.append(String.format(Locale.ROOT, "  one kind of word wrong: colour +%.1f%%, shape +%.1f%%, motion +%.1f%%%n",
                        100 * p.relianceOn(p.lossColourSwapped()), 100 * p.relianceOn(p.lossShapeSwapped()), 100 * p.relianceOn(p.lossMotionSwapped())));
            }
        }
        sb.append(String.format(Locale.ROOT, "%nSummary%n"));
        for (var e : summary.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-34s %s%n", e.getKey(), e.getValue() == null ? "-" : String.format(Locale.ROOT, "%.3f", e.getValue())));
        }
        sb.append(String.format(Locale.ROOT, "%nBars%n"));
        for (Bar b : bars) {
            String verdict = b.pass() == null ? "SKIP" : b.pass() ? "PASS" : "FAIL";
            String value = b.value() == null ? "-" : String.format(Locale.ROOT, "%.3f", b.value());
            sb.append(String.format(Locale.ROOT, "  %-4s %-40s %10s >= %-8s %-4s %s%n", verdict, b.name(), value,
                    String.format(Locale.ROOT, "%.2f", b.threshold()), b.unit(), b.note() == null ? "" : b.note()));
        }
        for (String n : notes) sb.append("note: ").append(n).append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "total %.1f s%n", totalSeconds));
        return sb.toString();
    }

    private static void region(StringBuilder sb, String title, List<RegionRow> rows) {
        sb.append(String.format(Locale.ROOT, "%n%s (%d clips)%n", title, rows.size()));
        sb.append(String.format(Locale.ROOT, "  %-64s %8s %13s %8s %9s %7s%n", "prompt", "painted", "outside diff", "max", "inside Δ", "s/clip"));
        for (RegionRow r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-64s %7.0f%% %6d/%-6d %8d %9.2f %7.1f%n", r.prompt(), r.paintedFraction() * 100,
                    r.outsideChanged(), r.outsidePixels(), r.outsideMaxDifference(), r.insideMeanChange(), r.seconds()));
        }
    }

    private String shortHash() { return modelHash == null ? "?" : modelHash.substring(0, Math.min(12, modelHash.length())); }

    private static String mark(boolean right, String read) { return (right ? "ok " : "x  ") + (read == null ? "-" : read); }

    private static String clip(String s, int n) { return s.length() <= n ? s : "..." + s.substring(s.length() - n + 3); }
}
