package cinegen.ui.studio;

import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static cinegen.ui.studio.StudioFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model pack that cannot be loaded: the studio opens, says why, and Generate stays off. */
@ExtendWith(ApplicationExtension.class)
class BrokenPackTest {
    @TempDir Path tmp;
    private StudioWindow window;

    @AfterEach
    void closeWindows() throws Exception { FxToolkit.cleanupStages(); }

    @Start
    void start(Stage stage) throws Exception {
        Platform.setImplicitExit(false);
        Path pack = tmp.resolve("broken-pack");
        Files.createDirectories(pack);
        Files.writeString(pack.resolve("manifest.json"), "{\"format\": \"cinegen-model-pack\", \"formatVersion\": 1");
        window = StudioWindow.open(stage, tmp.resolve("settings"), StudioWindow.ModelChoice.in(pack));
    }

    @Test
    void theStudioSaysThePackCannotBeLoadedAndGenerateStaysOff(FxRobot robot) {
        var vm = window.viewModel();
        await(window, () -> robot.lookup("#deviceInfo").queryAs(Label.class).getText().endsWith("could not be loaded"),
                "the model status");
        assertEquals("model broken-pack could not be loaded", robot.lookup("#deviceInfo").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#generateButton").query().isDisabled());
        String reason = robot.lookup("#generateReason").queryAs(Label.class).getText();
        assertTrue(reason.startsWith("The model in ") && reason.contains("could not be loaded (manifest.json"), reason);
        assertTrue(vm.project() != null, "projects still work");
    }
}
