package cinegen.ui.studio;

import cinegen.engine.testing.TinyPack;
import cinegen.project.Clip;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.StrokePoint;
import cinegen.project.io.ProjectStore;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static cinegen.ui.UiActions.chooseMenu;
import static cinegen.ui.UiAssertions.assertShown;
import static cinegen.ui.studio.StudioFixtures.await;
import static cinegen.ui.studio.StudioFixtures.dialogButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** New, save, close, reopen; unsaved changes; corrupt, newer and unsafe projects; recovery after a crash. */
@ExtendWith(ApplicationExtension.class)
class ProjectLifecycleTest {
    @TempDir static Path shared;
    @TempDir Path tmp;
    static Path pack;
    private Path settings;
    private StudioWindow window;

    @BeforeAll
    static void createPack() throws Exception {
        pack = TinyPack.create(shared.resolve("tiny-pack"), 4);
    }

    /** Every window of a test is closed after it, so later lookups find only the next test's window. */
    @org.junit.jupiter.api.AfterEach
    void closeWindows() throws Exception {
        org.testfx.api.FxToolkit.cleanupStages();
    }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        settings = tmp.resolve("settings");
        window = StudioWindow.open(stage, settings, StudioWindow.ModelChoice.in(pack));
    }

    private StudioWindow openAnother(FxRobot robot) {
        AtomicReference<StudioWindow> w = new AtomicReference<>();
        robot.interact(() -> w.set(StudioWindow.open(new Stage(), settings, StudioWindow.ModelChoice.in(pack))));
        return w.get();
    }

    /** Generates a 3-frame clip, imports a still and paints on it: a project with one of everything. */
    private void makeContent(FxRobot robot) throws Exception {
        var vm = window.viewModel();
        await(window, () -> vm.inspector().engineAvailableProperty().get(), "the model");
        robot.interact(() -> {
            vm.inspector().promptProperty().set("a green triangle bouncing");
            vm.inspector().steps().text().set("2");
            vm.inspector().frames().text().set("3");
            vm.generate();
        });
        await(window, () -> vm.timeline().clips().size() == 1, "the generated clip");
        Path png = StudioFixtures.photo(tmp.resolve("outside"), "beach.png", 48, 32);
        robot.interact(() -> vm.mediaBin().addFiles(List.of(png)));
        await(window, () -> vm.mediaBin().items().size() == 2, "the imported image");
        robot.interact(() -> {
            vm.mediaBin().select(vm.project().media().get(1).id());
            vm.mask().activeProperty().set(true);
        });
        await(window, () -> vm.mask().media().isPresent(), "the mask painter");
        robot.interact(() -> vm.mask().stroke(List.of(new StrokePoint(10, 10), new StrokePoint(30, 12))));
    }

    @Test
    void saveCloseReopenAndFindEverythingAsItWas(FxRobot robot) throws Exception {
        makeContent(robot);
        Project before = window.viewModel().project();
        assertTrue(window.stage().getTitle().startsWith("• Untitled"), window.stage().getTitle());
        Path target = tmp.resolve("Kites");
        List<String> proposed = new java.util.ArrayList<>();
        window.view().setSaveAsPicker((folder, name) -> {
            proposed.add(name);
            return target;
        });
        chooseMenu(robot, "File", "Save");
        assertEquals(List.of("Untitled"), proposed, "Save of an untitled project asks for a name");
        // The files are written on the project-files thread; the menus wait meanwhile.
        await(window, () -> !window.viewModel().projectBusyProperty().get(), "the save");
        assertEquals("Kites — Cinegen Studio", window.stage().getTitle());
        assertTrue(Files.isRegularFile(target.resolve(ProjectStore.PROJECT_FILE)));
        assertFalse(window.viewModel().isDirty(), "saved");
        List<MediaItem> media = List.copyOf(before.media());
        List<Clip> clips = List.copyOf(before.timeline().clips());
        MaskTrack track = before.maskTracks().get(0);
        float[] painted = track.mask(0).values().clone();

        chooseMenu(robot, "File", "Quit");
        assertFalse(window.stage().isShowing(), "a saved project closes without asking; dialogs: "
                + robot.lookup(".dialog-pane").queryAll().stream().map(n -> n.getId() + ":" + ((javafx.scene.control.DialogPane) n).getHeaderText()).toList() + "; status " + window.viewModel().status().message()
                + "; dirty " + window.viewModel().isDirty());

        StudioWindow second = openAnother(robot);
        chooseMenu(robot, "File", "Open Recent", "Kites  —  " + target.toRealPath());
        await(second, () -> second.viewModel().project().name().equals("Kites"), "the project to open");
        Project after = second.viewModel().project();
        assertEquals("Kites", after.name());
        assertEquals("Kites — Cinegen Studio", second.stage().getTitle());
        assertEquals(List.of("a green triangle bouncing"), second.viewModel().inspector().promptHistory(),
                "the prompt history is kept in the user settings");
        assertEquals(media, after.media());
        assertEquals(clips, after.timeline().clips());
        assertEquals(1, after.maskTracks().size());
        float[] back = after.maskTracks().get(0).mask(0).values();
        for (int i = 0; i < painted.length; i++) assertEquals(painted[i], back[i], 1 / 255f + 1e-6, "mask pixel " + i);
        assertFalse(after.isDirty());
        assertShown(robot.lookup("#clip-" + clips.get(0).id()).query(), 10, 10);
        FrameSurface surface = robot.from(second.view()).lookup("#frameSurface").queryAs(FrameSurface.class);
        await(second, () -> surface.showingFrameProperty().get(), "the clip in the viewer");
        robot.interact(() -> second.stage().close());
    }

    @Test
    void closingWithUnsavedChangesAsksFirst(FxRobot robot) throws Exception {
        Path png = StudioFixtures.photo(tmp.resolve("outside"), "a.png", 16, 16);
        robot.interact(() -> window.viewModel().mediaBin().addFiles(List.of(png)));
        await(window, () -> window.viewModel().isDirty(), "an unsaved change");
        Platform.runLater(() -> window.stage().fireEvent(new WindowEvent(window.stage(), WindowEvent.WINDOW_CLOSE_REQUEST)));
        WaitForAsyncUtils.waitForFxEvents();
        assertShown(robot.lookup("#unsavedDialog").query(), 100, 50);
        assertTrue(robot.lookup("#unsavedDialog .header-panel .label").queryAs(Label.class).getText().contains("Untitled"));
        robot.clickOn(dialogButton(robot, "Cancel"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.stage().isShowing(), "Cancel keeps the window open");
        Path scratch = window.viewModel().project().folder().orElseThrow();

        Platform.runLater(() -> window.stage().fireEvent(new WindowEvent(window.stage(), WindowEvent.WINDOW_CLOSE_REQUEST)));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(dialogButton(robot, "Don't Save"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.stage().isShowing());
        // Removed on the project-files thread, after the window closed.
        await(window, () -> !Files.exists(scratch), "the untitled project's scratch folder to go");
    }

    private void openExpectingError(FxRobot robot, Path folder, String expected) throws Exception {
        Map<String, Integer> before = StudioFixtures.snapshot(folder);
        Project current = window.viewModel().project();
        window.view().setFolderPicker(title -> folder);
        chooseMenu(robot, "File", "Open Project…");
        await(window, () -> robot.lookup("#errorDialog").tryQuery().isPresent(), "the error dialog");
        assertShown(robot.lookup("#errorDialog").query(), 100, 40);
        String text = robot.lookup("#errorDialog .content").queryAs(Label.class).getText();
        assertTrue(text.contains(expected), text);
        assertFalse(text.contains("Exception"), "a sentence, not a stack trace: " + text);
        robot.clickOn(dialogButton(robot, "Close"));
        assertEquals(before, StudioFixtures.snapshot(folder), "nothing changed on disk");
        assertEquals(current, window.viewModel().project(), "the current project stays");
    }

    @Test
    void aCorruptProjectGivesAClearMessageAndChangesNothing(FxRobot robot) throws Exception {
        Path bad = tmp.resolve("Broken");
        Files.createDirectories(bad.resolve("media"));
        Files.writeString(bad.resolve(ProjectStore.PROJECT_FILE), "{\"formatVersion\": 2, \"name\": \"Broken\", \"media\": [");
        openExpectingError(robot, bad, ProjectStore.PROJECT_FILE);
    }

    @Test
    void aNewerProjectAndOneThatPointsOutsideAreRefused(FxRobot robot) throws Exception {
        Path newer = tmp.resolve("Future");
        Files.createDirectories(newer);
        Files.writeString(newer.resolve(ProjectStore.PROJECT_FILE), "{\"formatVersion\": 99, \"name\": \"Future\"}");
        openExpectingError(robot, newer, "newer");

        Path unsafe = tmp.resolve("Shared");
        Files.createDirectories(unsafe);
        Files.writeString(unsafe.resolve(ProjectStore.PROJECT_FILE), """
                {"formatVersion": 2, "name": "Shared",
                 "settings": {"width": 256, "height": 256, "frames": 16, "fps": 8.0, "steps": 30, "guidance": 7.5,
                              "sampler": "DDIM", "lowPass": 0.0, "negativePrompt": "", "modelPackId": "", "styles": []},
                 "media": [{"id": "m1", "kind": "IMAGE", "name": "x", "path": "../secret.png", "width": 4, "height": 4,
                            "frameCount": 1, "fps": 0}],
                 "timeline": {"fps": 8, "playhead": 0, "clips": []}, "masks": []}
                """);
        openExpectingError(robot, unsafe, "..");
    }
}
