package cinegen.ui.studio;

import cinegen.media.MediaImporter;
import cinegen.media.MediaInfo;
import cinegen.media.TestVideos;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectStore;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
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
import java.util.List;

import static cinegen.ui.studio.StudioFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 31, point 4, in the studio: a variable-rate AVI imports with its grid's frames; a file that cannot be read
 * adds nothing to the bin; a video longer than the viewer holds says so; the viewer and the mask painter follow the
 * bin's selection, also to an item that cannot be shown.
 */
@ExtendWith(ApplicationExtension.class)
class SourceMediaImportTest {
    @TempDir Path tmp;
    private StudioWindow window;

    @AfterEach
    void closeWindows() throws Exception { FxToolkit.cleanupStages(); }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, tmp.resolve("settings"), StudioWindow.ModelChoice.in(tmp.resolve("no-pack")));
    }

    @Test
    void importsByTimestampsRefusesWhatCannotBeReadAndSaysWhatItShows(FxRobot robot) throws Exception {
        var vm = window.viewModel();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path tree = TestVideos.variableRateAvi(outside.resolve("tree.avi"), 64, 48, 15, new int[] {0, 3, 9, 30, 44}, 45);
        Path steps = TestVideos.greySteps(outside.resolve("steps.mp4"), 64, 48, 300, 24);
        byte[] bytes = Files.readAllBytes(steps);
        Path cut = outside.resolve("cut.mp4");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        robot.interact(() -> vm.mediaBin().addFiles(List.of(tree)));
        await(window, () -> vm.status().message().startsWith("Showing tree.avi"), "the variable-rate AVI in the viewer");
        assertEquals(45, vm.project().media().get(0).frameCount(), "every slot of its 15 fps grid");
        assertEquals(45, vm.viewer().sequenceProperty().get().frameCount());
        assertEquals("Showing tree.avi (64×48).", vm.status().message());

        robot.interact(() -> vm.mediaBin().addFiles(List.of(cut)));
        await(window, () -> vm.status().message().startsWith("Could not import cut.mp4"), "the refusal");
        assertEquals(1, vm.project().media().size(), "a failed import adds nothing to the bin: " + vm.status().message());

        robot.interact(() -> vm.mediaBin().addFiles(List.of(steps)));
        await(window, () -> vm.status().message().startsWith("Showing steps.mp4"), "the long video in the viewer");
        assertEquals(240, vm.viewer().sequenceProperty().get().frameCount());
        assertTrue(vm.status().message().contains("the first 240 of its 300 frames"), "says so: " + vm.status().message());
    }

    @Test
    void theViewerAndThePainterFollowTheSelectionToAnItemThatCannotBeShown(FxRobot robot) throws Exception {
        // A saved project whose second video went bad on disk after it was imported.
        Path good = TestVideos.greySteps(tmp.resolve("good.mp4"), 64, 48, 12, 24);
        Path folder = tmp.resolve("project");
        ProjectStore store = new ProjectStore(tmp.resolve("fixture-settings"));
        Project p = store.create(folder, "two");
        MediaInfo info = MediaImporter.probe(good);
        String a = store.importFile(p, good);
        p.addMedia(0, MediaItem.video("media-a", "good.mp4", a, info.width(), info.height(), info.frameCount(), info.fps()));
        Path copy = tmp.resolve("bad.mp4");
        Files.copy(good, copy);
        String b = store.importFile(p, copy);
        p.addMedia(1, MediaItem.video("media-b", "bad.mp4", b, info.width(), info.height(), info.frameCount(), info.fps()));
        store.save(p);
        store.close(p);
        Files.writeString(folder.resolve(b), "no longer a video");

        var vm = window.viewModel();
        assertNull(StudioFixtures.openProject(robot, window, folder));
        robot.interact(() -> vm.mediaBin().select("media-a"));
        await(window, () -> vm.status().message().startsWith("Showing good.mp4"), "the good video");
        robot.interact(() -> vm.mask().activeProperty().set(true));
        await(window, () -> vm.mask().media().map(m -> m.id().equals("media-a")).orElse(false), "painting on the good video");

        robot.interact(() -> vm.mediaBin().select("media-b"));
        await(window, () -> vm.status().message().startsWith("Could not show bad.mp4"), "the refusal");
        assertNull(vm.viewer().sequenceProperty().get(), "the viewer no longer shows the good video under the bad one's name");
        assertFalse(vm.mask().activeProperty().get(), "the painter stopped painting on the good video");

        robot.interact(() -> vm.mediaBin().select("media-a"));
        await(window, () -> vm.viewer().sequenceProperty().get() != null, "the good video again");
        assertEquals(12, vm.viewer().sequenceProperty().get().frameCount());
    }
}
