package cinegen.ui.studio;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.JobState;
import cinegen.engine.testing.TinyPack;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.MediaItem;
import cinegen.frames.MediaKind;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static cinegen.ui.UiActions.chooseMenu;
import static cinegen.ui.UiActions.scrollIntoView;
import static cinegen.ui.UiAssertions.assertShown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A person types a prompt, generates with the tiny test pack, watches previews, and cancels a long job. */
@ExtendWith(ApplicationExtension.class)
class GenerationFlowTest {
    @TempDir static Path shared;
    @TempDir Path settings;
    static Path pack;
    private StudioWindow window;

    @BeforeAll
    static void createPack() throws Exception {
        pack = TinyPack.create(shared.resolve("tiny-pack"), 3);
    }

    /** Every window of a test is closed after it, so later lookups find only the next test's window. */
    @org.junit.jupiter.api.AfterEach
    void closeWindows() throws Exception {
        org.testfx.api.FxToolkit.cleanupStages();
    }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settings, StudioWindow.ModelChoice.in(pack));
    }

    private void setField(FxRobot robot, String id, String value) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        scrollIntoView(robot, f);
        robot.clickOn(f).push(KeyCode.CONTROL, KeyCode.A).write(value);
    }

    private void await(FxRobot robot, java.util.function.BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; jobs " + jobs() + "; status '"
                    + window.viewModel().status().message() + "'; blocked: " + window.viewModel().inspector().generateBlockedReasonProperty().get()
                    + (jobs().isEmpty() ? "" : "; failure " + jobs().get(0).failure()));
        }
    }

    private List<GenerationJob> jobs() { return window.context().generation().jobs(); }

    @Test
    void typeAPromptGenerateSeePreviewsAndTheClipLandsOnTheTimeline(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.viewModel().inspector().engineAvailableProperty().get());
        List<String> stepTexts = new CopyOnWriteArrayList<>();
        window.viewModel().viewer().previewTextProperty().addListener((o, a, t) -> stepTexts.add(t));
        FrameSurface surface = robot.lookup("#frameSurface").queryAs(FrameSurface.class);
        setField(robot, "#stepsField", "6");
        setField(robot, "#framesField", "4");
        scrollIntoView(robot, robot.lookup("#promptArea").query());
        robot.clickOn("#promptArea").write("a red circle moving left on a sky background");
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);

        await(robot, () -> !window.viewModel().timeline().clips().isEmpty(), "the clip on the timeline");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, jobs().size(), "Ctrl+Enter queued one job");
        assertEquals(JobState.DONE, jobs().get(0).state());
        assertTrue(stepTexts.stream().anyMatch(t -> t.matches("Step [1-6] / 6 · \\d+:\\d\\d left")), stepTexts.toString());
        int[] preview = window.viewModel().viewer().lastPreview();
        assertNotNull(preview, "previews reached the viewer");
        assertFalse(robot.lookup("#previewBar").query().isVisible(), "preview bar gone after the job");

        var project = window.viewModel().project();
        MediaItem item = project.media().get(0);
        assertEquals(MediaKind.GENERATED, item.kind());
        assertEquals(4, item.frameCount());
        GenerationRecipe r = item.generation().orElseThrow();
        assertEquals(GenerationMode.TEXT_TO_VIDEO, r.mode());
        assertEquals("a red circle moving left on a sky background", r.prompt());
        assertEquals(6, r.steps());
        assertEquals(jobs().get(0).request().seed(), r.seed());
        assertFalse(r.modelPackId().isEmpty());
        assertTrue(r.modelPackHash().length() > 8, r.modelPackHash());
        assertFalse(r.engineVersion().isEmpty());
        String clipId = project.timeline().clips().get(0).id();
        assertShown(robot.lookup("#clip-" + clipId).query(), 20, 20);
        assertShown(robot.lookup("#jobState-" + jobs().get(0).number()).query(), 10, 8);
        assertEquals("Done", robot.lookup("#jobState-" + jobs().get(0).number()).queryAs(Label.class).getText());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> surface.showingFrameProperty().get());
        assertEquals(32, (int) surface.image().getWidth(), "the viewer plays the new clip at its size");
        assertTrue(window.viewModel().status().deviceInfoProperty().get().contains("model"),
                window.viewModel().status().deviceInfoProperty().get());
        assertTrue(project.folder().isPresent());
        assertTrue(java.nio.file.Files.isDirectory(project.folder().get().resolve(item.path())), "frames saved in the project");
        assertTrue(java.nio.file.Files.isRegularFile(project.folder().get().resolve(cinegen.project.io.ProjectStore.AUTOSAVE_FILE)),
                "autosaved after the job");
        assertTrue(window.viewModel().inspector().promptHistory().contains("a red circle moving left on a sky background"));

        // Vary Seed on the new clip: the same recipe with another seed, a second clip after the first.
        chooseMenu(robot, "Generate", "Vary Seed");
        await(robot, () -> window.viewModel().timeline().clips().size() == 2, "the varied clip");
        GenerationRecipe varied = project.media().get(1).generation().orElseThrow();
        assertEquals(r.prompt(), varied.prompt());
        assertEquals(r.steps(), varied.steps());
        assertFalse(r.seed() == varied.seed(), "another seed");
        chooseMenu(robot, "Generate", "Regenerate Clip");
        await(robot, () -> window.viewModel().timeline().clips().size() == 3, "the regenerated clip");
        assertEquals(varied.seed(), project.media().get(2).generation().orElseThrow().seed(), "Regenerate keeps the seed");
    }

    @Test
    void cancellingARunningJobStopsItAndAddsNothing(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.viewModel().inspector().engineAvailableProperty().get());
        setField(robot, "#stepsField", "150");
        setField(robot, "#framesField", "24");
        scrollIntoView(robot, robot.lookup("#promptArea").query());
        robot.clickOn("#promptArea").write("a blue square drifting");
        scrollIntoView(robot, robot.lookup("#generateButton").query());
        robot.clickOn("#generateButton");
        await(robot, () -> robot.lookup("#previewStatus").queryAs(Label.class).getText().startsWith("Step"), "a step");
        assertShown(robot.lookup("#cancelGenerationButton").query(), 30, 10);
        robot.clickOn("#cancelGenerationButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> jobs().get(0).state().isFinished());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(JobState.CANCELLED, jobs().get(0).state());
        assertTrue(jobs().get(0).progress().step() < 150);
        assertTrue(window.viewModel().timeline().clips().isEmpty());
        assertTrue(window.viewModel().project().media().isEmpty());
        assertEquals("Cancelled", robot.lookup("#jobState-" + jobs().get(0).number()).queryAs(Label.class).getText());
        assertShown(robot.lookup(".retry-job").query(), 8, 8);
        assertTrue(window.viewModel().status().message().contains("cancelled"), window.viewModel().status().message());
    }
}
