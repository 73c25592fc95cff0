package cinegen.engine.train;

import cinegen.engine.family.bundled.scene.*;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** A progress bar with ETA on a terminal stream and a CSV of losses, for one training stage. */
public final class TrainingProgress implements AutoCloseable {
    private final PrintStream out;
    private final Writer csv;
    private final String stage;
    private final long firstStep, lastStep;
    private final long startNanos = System.nanoTime();
    private long lastPrint;
    private double smoothed = Double.NaN;

    public TrainingProgress(String stage, long firstStep, long lastStep, PrintStream out, Path csvFile) throws IOException {
        this.stage = stage;
        this.firstStep = firstStep;
        this.lastStep = lastStep;
        this.out = out;
        boolean fresh = !Files.exists(csvFile);
        Files.createDirectories(csvFile.toAbsolutePath().getParent());
        csv = Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (fresh) csv.write("stage,step,loss,lr,grad_norm,elapsed_s\n");
    }

    public void record(long step, double loss, double lr, double gradNorm) throws IOException {
        smoothed = Double.isNaN(smoothed) ? loss : smoothed * 0.98 + loss * 0.02;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        csv.write(String.format(Locale.ROOT, "%s,%d,%.6f,%.3g,%.4f,%.1f%n", stage, step, loss, lr, gradNorm, elapsed));
        long now = System.nanoTime();
        if (now - lastPrint > 1_000_000_000L || step == lastStep) {
            lastPrint = now;
            csv.flush();
            double done = (step - firstStep) / (double) Math.max(1, lastStep - firstStep);
            double eta = done > 0 ? elapsed / done - elapsed : 0;
            int width = 30, filled = (int) Math.round(done * width);
            out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d loss %.4f  %s elapsed, ETA %s   ", stage,
                    "#".repeat(filled), ".".repeat(width - filled), step, lastStep, smoothed, clock(elapsed), clock(eta));
            if (step == lastStep) out.println();
            out.flush();
        }
    }

    public double smoothedLoss() { return smoothed; }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
