package cinegen.ui.viewer;

import cinegen.frames.FrameSequence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewerViewModelTest {
    private static final long SECOND = 1_000_000_000L;

    static FrameSequence sequence(int frames, double fps) {
        List<int[]> list = new ArrayList<>();
        for (int i = 0; i < frames; i++) list.add(new int[] {0xff000000 | i, 0xff000000 | i});
        return new FrameSequence(2, 1, fps, list);
    }

    @Test
    void emptyViewerCannotPlay() {
        ViewerViewModel vm = new ViewerViewModel();
        assertFalse(vm.hasFramesProperty().get());
        vm.togglePlay();
        assertFalse(vm.isPlaying());
        assertEquals("Frame – / –", vm.counterTextProperty().get());
        assertEquals("0:00.00 / 0:00.00", vm.timecodeTextProperty().get());
    }

    @Test
    void stepsAreClampedToTheSequence() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.load(sequence(4, 8));
        assertEquals("Frame 1 / 4", vm.counterTextProperty().get());
        vm.stepBack();
        assertEquals(0, vm.currentFrame());
        vm.stepForward();
        vm.stepForward();
        assertEquals(2, vm.currentFrame());
        vm.last();
        vm.stepForward();
        assertEquals(3, vm.currentFrame());
        assertEquals("Frame 4 / 4", vm.counterTextProperty().get());
        assertEquals("0:00.38 / 0:00.50", vm.timecodeTextProperty().get());
        vm.first();
        assertEquals(0, vm.currentFrame());
    }

    @Test
    void playbackAdvancesByTheFrameRateAndLoops() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.load(sequence(4, 10));
        vm.togglePlay();
        vm.advance(SECOND / 20); // half a frame
        assertEquals(0, vm.currentFrame());
        vm.advance(SECOND / 20); // the other half
        assertEquals(1, vm.currentFrame());
        vm.advance(SECOND / 10 * 3); // three frames: 1 -> 4 wraps to 0
        assertEquals(0, vm.currentFrame());
        assertTrue(vm.isPlaying());
    }

    @Test
    void withoutLoopPlaybackStopsOnTheLastFrameAndRestartsFromTheFirst() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.load(sequence(4, 10));
        vm.loopProperty().set(false);
        vm.togglePlay();
        vm.advance(SECOND);
        assertEquals(3, vm.currentFrame());
        assertFalse(vm.isPlaying());
        vm.togglePlay();
        assertEquals(0, vm.currentFrame());
    }

    @Test
    void seekingBySecondsPicksTheFrameShownAtThatTime() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.load(sequence(16, 8));
        vm.seekSeconds(0.5);
        assertEquals(4, vm.currentFrame());
        vm.seekSeconds(100);
        assertEquals(15, vm.currentFrame());
        vm.seekSeconds(-1);
        assertEquals(0, vm.currentFrame());
    }

    @Test
    void loadingANewSequencePausesAndRewinds() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.load(sequence(4, 10));
        vm.seek(2);
        vm.togglePlay();
        vm.load(sequence(3, 10));
        assertFalse(vm.isPlaying());
        assertEquals(0, vm.currentFrame());
        vm.load(null);
        assertFalse(vm.hasFramesProperty().get());
    }

    @Test
    void jklPlayBackwardStopAndForwardFasterOnEachPress() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.load(sequence(8, 10));
        vm.seek(5);
        vm.playReverse();
        assertTrue(vm.isPlaying());
        assertEquals(-1, vm.rateProperty().get());
        vm.advance(SECOND / 10 * 2);
        assertEquals(3, vm.currentFrame(), "two frames back");
        vm.playReverse();
        assertEquals(-2, vm.rateProperty().get(), "J again: twice as fast");
        vm.advance(SECOND / 10);
        assertEquals(1, vm.currentFrame());
        vm.playReverse();
        vm.playReverse();
        assertEquals(-ViewerViewModel.MAX_RATE, vm.rateProperty().get(), "at most four times");
        vm.stop();
        assertFalse(vm.isPlaying());
        assertEquals(1, vm.rateProperty().get(), "K: stopped, forward again next time");
        vm.playForward();
        vm.playForward();
        assertEquals(2, vm.rateProperty().get());
        vm.advance(SECOND / 10);
        assertEquals(3, vm.currentFrame());
        vm.playReverse();
        assertEquals(-1, vm.rateProperty().get(), "J while playing forward turns round at normal speed");
    }

    @Test
    void backwardWithoutLoopStopsOnTheFirstFrameAndStartsFromTheEndNextTime() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.load(sequence(4, 10));
        vm.loopProperty().set(false);
        vm.seek(1);
        vm.playReverse();
        vm.advance(SECOND);
        assertEquals(0, vm.currentFrame());
        assertFalse(vm.isPlaying());
        vm.playReverse();
        assertEquals(3, vm.currentFrame(), "from the end again");
        vm.loopProperty().set(true);
        vm.advance(SECOND / 10 * 5);
        assertEquals(2, vm.currentFrame(), "3 -> 2 -> 1 -> 0 -> 3 -> 2 when looping");
    }
}
