package cinegen.ui.studio;

import cinegen.app.LongVideoFixture;
import cinegen.app.Main;
import cinegen.frames.FrameSequence;
import cinegen.media.ExportOptions;
import cinegen.media.ImportOptions;
import cinegen.media.MediaImporter;
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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static cinegen.ui.studio.StudioFixtures.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 30: a 300-frame video on the timeline plays and exports every frame in the studio, exactly as the
 * {@code export} command writes it (the studio used to decode 240 frames and repeat the last one).
 */
@ExtendWith(ApplicationExtension.class)
class LongVideoTimelineTest {
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
    void theStudioPlaysAndExportsTheSameFramesAsTheCommandLine(FxRobot robot) throws Exception {
        Path project = LongVideoFixture.project(tmp.resolve("long"), tmp.resolve("fixture-settings"));
        var vm = window.viewModel();
        assertNull(StudioFixtures.openProject(robot, window, project));
        await(window, () -> vm.viewer().sequenceProperty().get() != null
                && vm.viewer().sequenceProperty().get().frameCount() == LongVideoFixture.FRAMES, "the program");

        // The command line's frames.
        Path cliOut = tmp.resolve("cli");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Main.run(List.of("export", project.toString(), "--out", cliOut.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true)), err.toString());
        List<Path> cli = pngs(cliOut);
        assertEquals(LongVideoFixture.FRAMES, cli.size());

        // The viewer plays them.
        FrameSequence program = vm.viewer().sequenceProperty().get();
        for (int i : new int[] {0, 239, 240, 299}) {
            FrameSequence f = MediaImporter.importFile(cli.get(i), ImportOptions.original()).frames();
            assertArrayEquals(f.frame(0), program.frame(i), "viewer frame " + i);
        }

        // The studio's export writes them.
        Path studioOut = tmp.resolve("studio");
        robot.interact(() -> vm.exportTimeline(studioOut, ExportOptions.defaults(), null));
        await(window, () -> vm.status().message().startsWith("Exported") || vm.status().message().startsWith("Export failed"), "the export");
        assertTrue(vm.status().message().startsWith("Exported 300 frames"), vm.status().message());
        List<Path> studio = pngs(studioOut);
        assertEquals(cli.size(), studio.size());
        for (int i = 0; i < cli.size(); i++) {
            assertArrayEquals(Files.readAllBytes(cli.get(i)), Files.readAllBytes(studio.get(i)), "exported frame " + i);
        }
        assertTrue(LongVideoFixture.brightness(program.frame(299)) > LongVideoFixture.brightness(program.frame(239)) + 25,
                "the tail moves on");
    }

    private static List<Path> pngs(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList();
        }
    }
}
