package cinegen.ui.studio;

import cinegen.ui.main.StudioWindow;
import javafx.scene.Node;
import javafx.scene.control.Button;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Small helpers for the studio's TestFX tests. */
final class StudioFixtures {
    private StudioFixtures() {}

    /** Waits up to a minute; on timeout says what was awaited and what the status bar said. */
    static void await(StudioWindow w, BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; status '" + w.viewModel().status().message() + "'");
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Opens the project in {@code folder} in the window, as File > Open does (the files are read off the FX thread),
     * and waits until it is done; returns the problem, or null when it opened.
     */
    static String openProject(FxRobot robot, StudioWindow w, Path folder) {
        java.util.concurrent.CompletableFuture<String> done = new java.util.concurrent.CompletableFuture<>();
        robot.interact(() -> w.viewModel().openProject(folder, done::complete));
        await(w, done::isDone, "the project in " + folder + " to open");
        return done.join();
    }

    /** A PNG: left half red, right half blue. */
    static Path photo(Path dir, String name, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, x < w / 2 ? 0xd03020 : 0x2040e0);
        Files.createDirectories(dir);
        Path png = dir.resolve(name);
        ImageIO.write(img, "png", png.toFile());
        return png;
    }

    /** Every file under {@code root} with its bytes' hash, to prove nothing changed. */
    static Map<String, Integer> snapshot(Path root) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                out.put(rel, Files.isRegularFile(p) ? java.util.Arrays.hashCode(Files.readAllBytes(p)) : -1);
            }
        }
        return out;
    }

    /** A button of the dialog that is showing, by its text. */
    static Node dialogButton(FxRobot robot, String text) {
        return robot.lookup(".dialog-pane .button").match((Button b) -> text.equals(b.getText())).queryButton();
    }
}
