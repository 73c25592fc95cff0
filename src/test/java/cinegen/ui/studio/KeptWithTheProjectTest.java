package cinegen.ui.studio;

import cinegen.engine.testing.TinyPack;
import cinegen.project.MediaItem;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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

import java.nio.file.Path;

import static cinegen.ui.UiActions.chooseMenu;
import static cinegen.ui.UiActions.scrollIntoView;
import static cinegen.ui.UiAssertions.assertShown;
import static cinegen.ui.studio.StudioFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The inspector's settings and the job history go with the project (decision 0619): a prompt and steps typed into the
 * inspector, one clip generated, the project saved, another project opened, the first one opened again: the prompt and
 * steps are back in the inspector and the job is in the Jobs panel, where clicking it selects its clip.
 */
@ExtendWith(ApplicationExtension.class)
class KeptWithTheProjectTest {
    @TempDir static Path shared;
    @TempDir Path tmp;
    static Path pack;
    private StudioWindow window;

    @BeforeAll
    static void createPack() throws Exception {
        pack = TinyPack.create(shared.resolve("tiny-pack"), 4);
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, tmp.resolve("settings"), StudioWindow.ModelChoice.in(pack));
    }

    private void setField(FxRobot robot, String id, String value) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        scrollIntoView(robot, f);
        robot.clickOn(f).push(KeyCode.CONTROL, KeyCode.A).write(value);
    }

    private void typePrompt(FxRobot robot, String prompt) {
        scrollIntoView(robot, robot.lookup("#promptArea").query());
        robot.clickOn("#promptArea").push(KeyCode.CONTROL, KeyCode.A).write(prompt);
    }

    @Test
    void thePromptStepsAndJobComeBackWhenTheProjectIsOpenedAgain(FxRobot robot) throws Exception {
        var vm = window.viewModel();
        await(window, () -> vm.inspector().engineAvailableProperty().get(), "the model");
        setField(robot, "#stepsField", "2");
        setField(robot, "#framesField", "3");
        typePrompt(robot, "a green triangle bouncing");
        robot.clickOn("#generateButton");
        await(window, () -> vm.timeline().clips().size() == 1, "the generated clip");
        MediaItem clip = vm.project().media().get(0);

        Path target = tmp.resolve("Kites");
        window.view().setSaveAsPicker((folder, name) -> target);
        chooseMenu(robot, "File", "Save");
        await(window, () -> !vm.projectBusyProperty().get() && !vm.isDirty(), "the save");

        // Another project: the inspector starts from the model's defaults, the jobs of the first are not listed.
        chooseMenu(robot, "File", "New Project");
        await(window, () -> !vm.projectBusyProperty().get() && vm.project().media().isEmpty(), "the new project");
        assertEquals("", robot.lookup("#promptArea").queryAs(TextArea.class).getText());
        assertEquals(String.valueOf(vm.inspector().modelProperty().get().defaults().steps()),
                robot.lookup("#stepsField").queryAs(TextField.class).getText());
        assertEquals(0, vm.queue().rows().size());
        typePrompt(robot, "something else entirely");

        chooseMenu(robot, "File", "Open Recent", "Kites  —  " + target.toRealPath());
        await(window, () -> !vm.projectBusyProperty().get() && vm.project().name().equals("Kites"), "Kites to open again");
        assertEquals("a green triangle bouncing", robot.lookup("#promptArea").queryAs(TextArea.class).getText());
        assertEquals("2", robot.lookup("#stepsField").queryAs(TextField.class).getText());
        assertEquals("3", robot.lookup("#framesField").queryAs(TextField.class).getText());
        assertFalse(vm.isDirty(), "putting the inspector back changes nothing in the project");

        assertEquals(1, vm.queue().rows().size());
        assertEquals("a green triangle bouncing", vm.queue().rows().get(0).title());
        // The timeline panel folded away gives the jobs panel room for a click at this window size.
        robot.interact(() -> vm.timelineShownProperty().set(false));
        WaitForAsyncUtils.waitForFxEvents();
        Label state = robot.lookup("#jobState-saved-0").match((Label l) -> l.getScene() != null && l.localToScreen(l.getBoundsInLocal()) != null)
                .queryAs(Label.class);
        assertShown(state, 10, 8);
        assertEquals("Done", state.getText());
        robot.clickOn(state);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(clip.id(), vm.mediaBin().selectedProperty().get().id(), "clicking the job selects its clip");
        assertEquals(clip.id(), vm.timeline().selectedClip().orElseThrow().mediaId());
    }
}
