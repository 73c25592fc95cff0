package cinegen.ui.studio;

import cinegen.engine.testing.TinyPack;
import cinegen.ui.main.StudioWindow;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: measures how long the JavaFX thread goes without a pulse while the studio generates (live previews
 * every step, the clip filed at the end). Prints, per job, the wall-clock gaps between pulses and the JavaFX
 * thread's own CPU time between pulses (median, 99th percentile, longest): a long gap with little CPU time means the
 * thread was starved by other processes, not busy with studio work.
 * Run under Xvfb or Monocle: {@code java -cp <test classpath> cinegen.ui.studio.ResponsivenessBenchmark\$Launcher [pack] [steps] [frames]}.
 * Without a pack folder the tiny random test pack is used.
 */
public final class ResponsivenessBenchmark extends Application {
    private static String[] args;

    public static final class Launcher {
        public static void main(String[] a) {
            args = a;
            Application.launch(ResponsivenessBenchmark.class, a);
        }
    }

    @Override
    public void start(Stage stage) throws Exception {
        Path tmp = Files.createTempDirectory("cinegen-bench");
        Path pack = args.length > 0 && !args[0].equals("tiny") ? Path.of(args[0]) : TinyPack.create(tmp.resolve("pack"), 9);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        StudioWindow window = StudioWindow.open(stage, tmp.resolve("settings"), StudioWindow.ModelChoice.in(pack));
        var vm = window.viewModel();
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        List<Long> cpu = Collections.synchronizedList(new ArrayList<>());
        long[] last = {-1};
        long[] lastCpu = {-1};
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        AnimationTimer pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long c = threads.getCurrentThreadCpuTime();
                if (last[0] > 0) {
                    gaps.add(now - last[0]);
                    cpu.add(c - lastCpu[0]);
                }
                lastCpu[0] = c;
                if (last[0] > 0 && now - last[0] > 50_000_000L && Boolean.getBoolean("bench.verbose")) {
                    System.out.printf(Locale.ROOT, "  gap %.1f ms at progress %.2f, previewing %s, clips %d%n", (now - last[0]) / 1e6,
                            vm.status().progressProperty().get(), vm.viewer().previewingProperty().get(), vm.project().timeline().clips().size());
                }
                last[0] = now;
            }
        };
        boolean[] started = {false};
        int[] round = {0};
        AnimationTimer watch = new AnimationTimer() {
            @Override
            public void handle(long now) {
                // Start once the model is loaded (the device line names the device), after one warm-up job.
                if (!started[0] && vm.inspector().engineAvailableProperty().get()
                        && vm.status().deviceInfoProperty().get().startsWith("CPU") || !started[0] && vm.status().deviceInfoProperty().get().startsWith("GPU")) {
                    started[0] = true;
                    vm.inspector().promptProperty().set("a red circle moving left over a blue sky");
                    vm.inspector().steps().text().set(String.valueOf(steps));
                    vm.inspector().frames().text().set(String.valueOf(frames));
                    vm.inspector().seedRandomProperty().set(false);
                    vm.inspector().generate();
                    pulses.start();
                } else if (started[0] && !vm.generatingProperty().get() && vm.project().timeline().clips().size() > round[0]) {
                    pulses.stop();
                    report(round[0] == 0 ? "first job (warm-up)" : "second job", gaps, steps, frames);
                    report("  JavaFX thread CPU time between pulses", cpu, steps, frames);
                    gaps.clear();
                    cpu.clear();
                    last[0] = -1;
                    round[0]++;
                    if (round[0] == 2) {
                        stop();
                        Platform.exit();
                        System.exit(0);
                    }
                    vm.inspector().generate();
                    pulses.start();
                }
            }
        };
        watch.start();
    }

    private static void report(String which, List<Long> gaps, int steps, int frames) {
        List<Long> sorted = new ArrayList<>(gaps);
        Collections.sort(sorted);
        double max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6;
        double p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))) / 1e6;
        double median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
        long over50 = sorted.stream().filter(g -> g > 50_000_000L).count();
        System.out.printf(Locale.ROOT, "%s, %d frames x %d steps: %d pulses, median %.1f ms, p99 %.1f ms, "
                + "max %.1f ms, over 50 ms: %d%n", which, frames, steps, sorted.size(), median, p99, max, over50);
    }
}
