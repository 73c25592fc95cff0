package cinegen.ui.viewer;

import cinegen.frames.FrameSequence;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.main.StudioWindow;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class ViewerViewTest {
    private static final int[] COLORS = {0xffcc2200, 0xff22cc00, 0xff0022cc};
    private final ViewerViewModel vm = new ViewerViewModel();
    private ViewerView view;

    @Start
    void start(Stage stage) {
        StudioWindow.applyTheme();
        view = new ViewerView(vm);
        stage.setScene(new Scene(view, 640, 420));
        stage.show();
    }

    private static FrameSequence threeColours() {
        List<int[]> frames = new ArrayList<>();
        for (int c : COLORS) {
            int[] f = new int[32 * 18];
            Arrays.fill(f, c);
            frames.add(f);
        }
        return new FrameSequence(32, 18, 12, frames);
    }

    private int shownColour(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        FrameSurface surface = robot.lookup("#frameSurface").queryAs(FrameSurface.class);
        return surface.image().getPixelReader().getArgb(16, 9);
    }

    private String counter(FxRobot robot) {
        return robot.lookup("#frameCounter").queryAs(Label.class).getText();
    }

    @Test
    void transportButtonsStepThroughTheFrames(FxRobot robot) {
        robot.interact(() -> vm.load(threeColours()));
        assertEquals("Frame 1 / 3", counter(robot));
        assertEquals(COLORS[0], shownColour(robot));

        robot.clickOn("#transportStepForward");
        assertEquals("Frame 2 / 3", counter(robot));
        assertEquals(COLORS[1], shownColour(robot));

        robot.clickOn("#transportLast");
        assertEquals("Frame 3 / 3", counter(robot));
        assertEquals(COLORS[2], shownColour(robot));
        assertEquals("0:00.17 / 0:00.25", robot.lookup("#timecode").queryAs(Label.class).getText());

        robot.clickOn("#transportStepBack");
        assertEquals(COLORS[1], shownColour(robot));
        robot.clickOn("#transportFirst");
        assertEquals(COLORS[0], shownColour(robot));
    }

    @Test
    void playRunsUntilPausedAndLoops(FxRobot robot) throws Exception {
        robot.interact(() -> vm.load(threeColours()));
        robot.clickOn("#transportPlay");
        assertTrue(vm.isPlaying());
        // Three frames at 12 fps loop every quarter second; wait until playback has wrapped at least once.
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        vm.currentFrameProperty().addListener((o, a, b) -> seen.add(b.intValue()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> seen.contains(2) && seen.lastIndexOf(0) > seen.indexOf(2));
        robot.clickOn("#transportPlay");
        assertFalse(vm.isPlaying());
        int paused = vm.currentFrame();
        WaitForAsyncUtils.waitForFxEvents(10);
        assertEquals(paused, vm.currentFrame(), "no frame change while paused");
        assertEquals(COLORS[paused], shownColour(robot));
    }

    @Test
    void theEmptyStateShowsUntilThereIsSomethingToShow(FxRobot robot) {
        assertTrue(robot.lookup("#viewerEmpty").query().isVisible());
        assertTrue(robot.lookup("#transportPlay").query().isDisabled());
        robot.interact(() -> vm.load(threeColours()));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#viewerEmpty").query().isVisible());
        assertFalse(robot.lookup("#transportPlay").query().isDisabled());
        robot.interact(() -> vm.load(null));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#viewerEmpty").query().isVisible());
    }
}
