package cinegen.ui.studio;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.JobState;
import cinegen.engine.testing.TinyPack;
import cinegen.project.GenerationRecipe;
import cinegen.project.Project;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static cinegen.ui.UiActions.chooseMenu;
import static cinegen.ui.UiActions.scrollIntoView;
import static cinegen.ui.UiAssertions.assertShown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generate 4 Variants in the real window on the tiny pack: the menu item queues four seeds, the strip under the viewer
 * shows the four takes, the artist plays the third and keeps it, and exactly that take lands on the timeline.
 */
@ExtendWith(ApplicationExtension.class)
class VariantsFlowTest {
    @TempDir static Path shared;
    @TempDir Path settings;
    static Path pack;
    private StudioWindow window;

    @BeforeAll
    static void createPack() throws Exception {
        pack = TinyPack.create(shared.resolve("tiny-pack"), 3);
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settings, StudioWindow.ModelChoice.in(pack));
    }

    private void await(BooleanSupplier condition, String what) {
        StudioFixtures.await(window, condition, what);
    }

    private List<GenerationJob> jobs() { return window.context().generation().jobs(); }

    private void setField(FxRobot robot, String id, String value) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        scrollIntoView(robot, f);
        robot.clickOn(f).push(KeyCode.CONTROL, KeyCode.A).write(value);
    }

    private void click(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        scrollIntoView(robot, n);
        robot.clickOn(n);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void fourTakesSideBySideTheThirdIsPlayedAndKept(FxRobot robot) throws Exception {
        await(() -> window.viewModel().inspector().engineAvailableProperty().get(), "the model");
        assertShortcutIsOnlyGenerateVariants(robot);
        setField(robot, "#seedField", "500");
        setField(robot, "#stepsField", "2");
        setField(robot, "#framesField", "3");
        scrollIntoView(robot, robot.lookup("#promptArea").query());
        robot.clickOn("#promptArea").write("a red circle moving left on a sky background");
        Node button = robot.lookup("#generateVariantsButton").query();
        scrollIntoView(robot, button);
        assertShown(button, 20, 20);
        assertFalse(button.isDisabled(), "the inspector's ×4 button beside Generate");

        chooseMenu(robot, "Generate", "Generate 4 Variants");
        await(() -> jobs().size() == 4 && jobs().stream().allMatch(j -> j.state() == JobState.DONE), "four takes");
        assertEquals(List.of(500L, 501L, 502L, 503L), jobs().stream().map(j -> j.request().seed()).toList());
        assertShown(robot.lookup("#variants").query(), 300, 100);
        for (int i = 0; i < 4; i++) {
            int k = i;
            assertShown(robot.lookup("#variantCell-" + i).query(), 60, 60);
            assertEquals("seed " + (500 + i), robot.lookup("#variantSeed-" + i).queryAs(Label.class).getText());
            FrameSurface picture = robot.lookup("#variantPicture-" + i).queryAs(FrameSurface.class);
            await(() -> picture.showingFrameProperty().get(), "the picture of take " + k);
            await(() -> "Done".equals(robot.lookup("#variantState-" + k).queryAs(Label.class).getText()), "take " + k + " done");
        }
        Project project = window.viewModel().project();
        assertTrue(project.media().isEmpty() && project.timeline().clips().isEmpty(), "the takes wait outside the project");
        assertTrue(robot.lookup("#variantKeepButton").query().isDisabled(), "nothing picked yet");

        click(robot, "#variantCell-2");
        assertSame(jobs().get(2).result().frames(), window.viewModel().viewer().sequenceProperty().get(), "the viewer plays the third take");
        assertFalse(window.viewModel().showingProgramProperty().get());
        assertEquals("seed 502 picked", robot.lookup("#variantPicked").queryAs(Label.class).getText());

        click(robot, "#variantKeepButton");
        await(() -> window.viewModel().timeline().clips().size() == 1, "the kept take on the timeline");
        assertEquals(1, project.media().size(), "one clip filed");
        GenerationRecipe recipe = project.media().get(0).generation().orElseThrow();
        assertEquals(502L, recipe.seed(), "the third take's seed");
        assertEquals("a red circle moving left on a sky background", recipe.prompt());
        assertShown(robot.lookup("#clip-" + project.timeline().clips().get(0).id()).query(), 20, 20);
        await(() -> robot.lookup("#variantKeepButton").query().isDisabled(), "Keep disabled once kept");
        assertEquals("Kept", robot.lookup("#variantState-2").queryAs(Label.class).getText());

        click(robot, "#variantCloseButton");
        assertFalse(robot.lookup("#variants").query().isVisible(), "closing the strip lets the other takes go");
        assertEquals(1, window.viewModel().timeline().clips().size());
        assertEquals(1, project.media().size());

        // Ctrl+Shift+Enter from the prompt queues the next batch: the seeds after the box's, which stayed 500.
        scrollIntoView(robot, robot.lookup("#promptArea").query());
        robot.clickOn("#promptArea").push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.ENTER);
        await(() -> jobs().size() == 8, "four more takes");
        assertEquals(List.of(500L, 501L, 502L, 503L), jobs().subList(4, 8).stream().map(j -> j.request().seed()).toList());
        assertEquals("a red circle moving left on a sky background", window.viewModel().inspector().promptProperty().get(),
                "the shortcut typed nothing into the prompt");
        await(() -> robot.lookup("#variants").query().isVisible(), "the strip again");
    }

    /** Ctrl+Shift+Enter is Generate 4 Variants and no other menu item's. */
    private static void assertShortcutIsOnlyGenerateVariants(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        List<MenuItem> items = new ArrayList<>();
        for (Menu m : bar.getMenus()) collect(m, items);
        KeyCombination keys = KeyCombination.keyCombination("Shortcut+Shift+Enter");
        List<String> taking = items.stream().filter(i -> keys.equals(i.getAccelerator())).map(MenuItem::getId).toList();
        assertEquals(List.of("menuGenerateVariants"), taking);
    }

    private static void collect(Menu menu, List<MenuItem> into) {
        for (MenuItem i : menu.getItems()) {
            if (i instanceof Menu sub) collect(sub, into);
            else into.add(i);
        }
    }
}
