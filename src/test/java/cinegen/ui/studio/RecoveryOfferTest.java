package cinegen.ui.studio;

import cinegen.app.studio.StudioSession;
import cinegen.project.MediaItem;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static cinegen.ui.UiAssertions.assertShown;
import static cinegen.ui.studio.StudioFixtures.dialogButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After a crash, the next start offers the autosaved work and recovers it. */
@ExtendWith(ApplicationExtension.class)
class RecoveryOfferTest {
    @TempDir static Path settings;
    private StudioWindow window;

    @BeforeAll
    static void crashAStudio() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), CrashingSession.class.getName(), settings.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
        assertEquals(3, child.exitValue(), "the child died as planned: " + output);
    }

    @AfterEach
    void closeWindows() throws Exception { FxToolkit.cleanupStages(); }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settings, StudioWindow.ModelChoice.in(settings.resolve("no-pack")));
    }

    @Test
    void theNextStartOffersToRecoverAndDoes(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#recoveryDialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#recoveryDialog").queryAs(DialogPane.class);
        assertShown(pane, 100, 50);
        assertTrue(pane.getHeaderText().contains("“" + StudioSession.UNTITLED_NAME + "”"), pane.getHeaderText());
        robot.clickOn(dialogButton(robot, "Recover"));
        StudioFixtures.await(window, () -> window.viewModel().project().media().size() == 1, "the recovered project");
        var media = window.viewModel().project().media();
        assertEquals(List.of(CrashingSession.PICTURE), media.stream().map(MediaItem::name).toList(), "the picture imported before the crash is back");
        assertTrue(Files.isRegularFile(window.viewModel().project().folder().orElseThrow().resolve(media.get(0).path())),
                "with its copy in the project");
        assertTrue(window.viewModel().isDirty(), "recovered work is unsaved until saved");
        assertEquals("• " + StudioSession.UNTITLED_NAME + " — Cinegen Studio", window.stage().getTitle());
        assertTrue(window.viewModel().isUntitled(), "it was never saved to a folder of its own");
    }
}
