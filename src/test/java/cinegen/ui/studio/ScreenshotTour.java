package cinegen.ui.studio;

import cinegen.frames.GenerationMode;
import cinegen.engine.testing.TinyPack;
import cinegen.project.StrokePoint;
import cinegen.ui.main.StudioWindow;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Not a test: drives the real studio window on a real display (Xvfb) through its main tasks and takes a screenshot
 * of the screen after each with ImageMagick's {@code import}. Uses the bundled model when it is there (real frames),
 * else the tiny random test pack (noise); {@code -Dcinegen.tour.photo=FILE} gives the still for the cinemagraph
 * (else a small drawn harbour), which comes back at the photo's own resolution.
 * Run: {@code DISPLAY=:99 java -cp <test classpath> cinegen.ui.studio.ScreenshotTour\$Launcher docs/screenshots}
 */
public final class ScreenshotTour extends Application {
    private static Path out;
    private StudioWindow window;

    /** The entry point (JavaFX refuses a main class that extends Application on the class path). */
    public static final class Launcher {
        public static void main(String[] args) {
            out = Path.of(args.length > 0 ? args[0] : "docs/screenshots").toAbsolutePath();
            Application.launch(ScreenshotTour.class, args);
        }
    }

    @Override
    public void start(Stage stage) throws Exception {
        Path tmp = Files.createTempDirectory("cinegen-tour");
        Path bundled = Path.of(cinegen.app.ModelLocator.BUNDLED);
        Path pack = Files.isRegularFile(bundled.resolve("manifest.json")) ? bundled : TinyPack.create(tmp.resolve("tiny-pack"), 7);
        Platform.setImplicitExit(false);
        // The shipped presets (labels, descriptions, thumbnails) go with the bundled pack, as in the studio.
        StudioWindow.ModelChoice choice = StudioWindow.ModelChoice.in(pack);
        if (pack.equals(bundled)) choice = choice.withPresets(cinegen.app.StylePresets.defaultFolder());
        window = StudioWindow.open(stage, tmp.resolve("settings"), choice);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1600);
        stage.setHeight(1000);
        Thread script = new Thread(() -> {
            try {
                tour(tmp);
            } catch (Throwable e) {
                e.printStackTrace();
            } finally {
                Platform.exit();
                System.exit(0);
            }
        }, "tour");
        script.setDaemon(true);
        script.start();
    }

    private void tour(Path tmp) throws Exception {
        var vm = window.viewModel();
        await(() -> vm.inspector().engineAvailableProperty().get());
        String given = System.getProperty("cinegen.tour.photo");
        Path photo = given != null ? Path.of(given) : harbour(tmp.resolve("harbour.png"));
        java.awt.Dimension size;
        {
            var img = ImageIO.read(photo.toFile());
            size = new java.awt.Dimension(img.getWidth(), img.getHeight());
        }
        pause(800);
        shot("main-window.png");

        // 1. A text-to-video job with its live preview.
        fx(() -> {
            vm.inspector().promptProperty().set("a red circle moving left on a sky background");
            vm.inspector().steps().text().set("150");
            vm.inspector().frames().text().set("16");
            vm.inspector().generate();
            return null;
        });
        await(() -> vm.viewer().previewTextProperty().get().startsWith("Step 2"));
        pause(400);
        shot("generate-live-preview.png");
        fx(() -> { vm.cancelGeneration(); return null; });
        await(() -> !vm.generatingProperty().get());

        // 2. Two finished clips on the timeline, the jobs panel listing them.
        fx(() -> {
            vm.inspector().steps().text().set("12");
            vm.inspector().generate();
            vm.inspector().promptProperty().set("a yellow star moving right on a grass background");
            vm.inspector().frames().text().set("32");
            vm.inspector().generate();
            return null;
        });
        await(() -> vm.project().timeline().clips().size() == 2);
        pause(800);
        fx(() -> { vm.timeline().zoomIn(); vm.timeline().zoomIn(); vm.timeline().zoomIn(); return null; });
        pause(500);
        shot("timeline-and-jobs.png");

        // 3. Paint the region of a still that should move.
        fx(() -> { vm.mediaBin().addFiles(List.of(photo)); return null; });
        await(() -> vm.mediaBin().selectedProperty().get() != null && vm.mediaBin().selectedProperty().get().media().isStill());
        fx(() -> { vm.mask().activeProperty().set(true); return null; });
        await(() -> vm.mask().media().isPresent());
        fx(() -> {
            // Two broad strokes across the upper part of the picture (the sky of a landscape, the water of the harbour).
            double w = size.width, h = size.height, y1 = given != null ? 0.15 : 0.62, y2 = given != null ? 0.32 : 0.8;
            vm.mask().brushSizeProperty().set(Math.max(40, w / 8));
            vm.mask().hardnessProperty().set(0.3);
            vm.mask().stroke(List.of(new StrokePoint(w * 0.1, h * y1), new StrokePoint(w * 0.4, h * (y1 + 0.04)),
                    new StrokePoint(w * 0.65, h * y1), new StrokePoint(w * 0.9, h * (y1 + 0.04))));
            vm.mask().stroke(List.of(new StrokePoint(w * 0.15, h * y2), new StrokePoint(w * 0.5, h * (y2 + 0.03)), new StrokePoint(w * 0.85, h * y2)));
            vm.inspector().modeProperty().set(GenerationMode.CINEMAGRAPH);
            vm.inspector().frames().text().set("16");
            vm.inspector().promptProperty().set("a white circle moving left on a sky background");
            return null;
        });
        pause(800);
        shot("mask-painting-cinemagraph.png");

        // 4. The cinemagraph job, and closing with unsaved work.
        fx(() -> { vm.mask().activeProperty().set(false); vm.inspector().generate(); return null; });
        await(() -> vm.project().timeline().clips().size() == 3);
        pause(1500);
        shot("cinemagraph-full-resolution.png");
        Platform.runLater(() -> window.stage().fireEvent(new WindowEvent(window.stage(), WindowEvent.WINDOW_CLOSE_REQUEST)));
        pause(1200);
        shot("unsaved-changes.png");
    }

    /** A small harbour-like picture: sky, water, a quay. */
    private static Path harbour(Path file) throws Exception {
        int w = 320, h = 240;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb;
                if (y < 120) rgb = (int) (120 + y * 0.8) << 16 | (int) (160 + y * 0.5) << 8 | 235;
                else if (y < 215) rgb = 20 << 16 | (int) (70 + 30 * Math.sin(x / 9.0 + y / 5.0)) << 8 | (int) (120 + 20 * Math.sin(y / 3.0));
                else rgb = 0x6b5a48;
                if (y > 70 && y < 120 && x > 220 && x < 300) rgb = 0xd8d2c4; // a house
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static <T> T fx(Supplier<T> action) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(action.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (!fx(condition::getAsBoolean)) {
            if (System.nanoTime() > until) throw new IllegalStateException("the tour timed out");
            Thread.sleep(50);
        }
    }

    private static void pause(long millis) throws InterruptedException { Thread.sleep(millis); }

    private static void shot(String name) throws Exception {
        Files.createDirectories(out);
        Process p = new ProcessBuilder("import", "-window", "root", out.resolve(name).toString()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("import failed for " + name);
        System.out.println("screenshot " + name);
    }
}
