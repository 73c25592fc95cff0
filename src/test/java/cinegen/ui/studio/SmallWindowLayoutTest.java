package cinegen.ui.studio;

import cinegen.app.generate.GenerationJob;
import cinegen.engine.testing.TinyPack;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** At the smallest supported window (1024x700) nothing the artist needs is cut off or squeezed to a sliver. */
@ExtendWith(ApplicationExtension.class)
class SmallWindowLayoutTest {
    @TempDir static Path shared;
    @TempDir Path settings;
    static Path pack;
    private StudioWindow window;

    @BeforeAll
    static void createPack() throws Exception {
        pack = TinyPack.create(shared.resolve("tiny-pack"), 3);
    }

    @org.junit.jupiter.api.AfterEach
    void closeWindows() throws Exception {
        org.testfx.api.FxToolkit.cleanupStages();
    }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settings, StudioWindow.ModelChoice.in(pack));
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1024);
        stage.setHeight(700);
    }

    private List<GenerationJob> jobs() { return window.context().generation().jobs(); }

    /** The node is shown, inside the window and inside {@code container}, at its full preferred width. */
    private static void assertWhole(Node node, Node container, String what) {
        assertTrue(node.isVisible() && node.getScene() != null, what + " is not shown");
        for (Node p = node.getParent(); p != null; p = p.getParent()) assertTrue(p.isVisible(), what + " sits in a hidden " + p);
        Bounds b = node.localToScene(node.getBoundsInLocal());
        Bounds c = container.localToScene(container.getBoundsInLocal());
        assertTrue(b.getWidth() > 4 && b.getHeight() > 4, what + " is squeezed to " + b);
        assertTrue(b.getMinX() >= c.getMinX() - 0.5 && b.getMaxX() <= c.getMaxX() + 0.5
                && b.getMinY() >= c.getMinY() - 0.5 && b.getMaxY() <= c.getMaxY() + 0.5, what + " at " + b + " leaves " + c);
        if (node instanceof javafx.scene.layout.Region r) {
            assertTrue(r.getWidth() >= r.prefWidth(-1) - 0.5, what + " is cut to " + r.getWidth() + " of " + r.prefWidth(-1) + " px");
        }
    }

    @Test
    void transportBarKeepsZoomFitAndTimecodeAt1024x700(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Node viewer = robot.lookup("#viewerColumn").query();
        for (String id : List.of("#viewerZoomOut", "#viewerZoomIn", "#viewerFit", "#timecode", "#transportPlay", "#frameCounter")) {
            assertWhole(robot.lookup(id).query(), viewer, id);
        }
        // On a short window the timeline keeps its ruler and a track and leaves the rest to the panels above it.
        double timeline = robot.lookup("#timeline").queryAs(javafx.scene.layout.Region.class).getHeight();
        double rows = robot.lookup("#rows").queryAs(javafx.scene.layout.Region.class).getHeight();
        assertTrue(timeline >= 120 && timeline <= 0.25 * rows, "the timeline takes " + timeline + " of " + rows + " px");
    }

    @Test
    void jobsPanelShowsThreeJobsWithTheirStatusLinesAt1024x700(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.viewModel().inspector().engineAvailableProperty().get());
        robot.interact(() -> {
            var in = window.viewModel().inspector();
            in.promptProperty().set("a red circle moving left on a sky background");
            in.steps().text().set("2");
            in.frames().text().set("2");
            for (int i = 0; i < 3; i++) window.viewModel().generate();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> jobs().size() == 3 && jobs().stream().allMatch(j -> j.state().isFinished()));
        WaitForAsyncUtils.waitForFxEvents();
        ListView<?> list = robot.lookup("#jobList").queryAs(ListView.class);
        int whole = 0;
        for (GenerationJob j : jobs()) {
            Label state = robot.lookup("#jobState-" + j.number()).queryAs(Label.class);
            assertWhole(state, list, "the status line of job " + j.number());
            whole++;
        }
        assertTrue(whole >= 3);
        // The style presets between the bin and the jobs keep their first two cards and the strength slider.
        Node sidebar = robot.lookup("#sidebar").query();
        Node shelf = robot.lookup("#presetShelf").query();
        assertWhole(robot.lookup("#styleStrength").query(), shelf, "the style strength slider");
        assertWhole(robot.lookup("#preset-none").query(), shelf, "the first preset card");
        assertWhole(robot.lookup("#mediaBinTitle").query(), sidebar, "the media bin's heading");
        assertWhole(robot.lookup("#jobsPanelTitle").query(), sidebar, "the jobs panel's heading");
        double bin = robot.lookup("#mediaList").queryAs(ListView.class).getHeight();
        assertTrue(bin >= 60, "the media bin's list is squeezed to " + bin + " px");
    }
}
