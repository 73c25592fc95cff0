package cinegen.ui.timeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimelineViewModelTest {
    @Test
    void playheadAndViewStartNeverGoNegative() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.playheadSecondsProperty().set(-3);
        assertEquals(0, vm.playheadSeconds());
        vm.viewStartSecondsProperty().set(-1);
        assertEquals(0, vm.viewStartSecondsProperty().get());
    }

    @Test
    void seekingByPixelUsesZoomAndViewStart() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.pixelsPerSecondProperty().set(100);
        vm.viewStartSecondsProperty().set(2);
        vm.seekToX(150);
        assertEquals(3.5, vm.playheadSeconds(), 1e-9);
        assertEquals(150, vm.xOf(3.5), 1e-9);
    }

    @Test
    void zoomStaysInItsRange() {
        TimelineViewModel vm = new TimelineViewModel();
        for (int i = 0; i < 30; i++) vm.zoomIn();
        assertEquals(TimelineViewModel.MAX_ZOOM, vm.pixelsPerSecondProperty().get());
        for (int i = 0; i < 30; i++) vm.zoomOut();
        assertEquals(TimelineViewModel.MIN_ZOOM, vm.pixelsPerSecondProperty().get());
    }

    @Test
    void contentLengthIsTheEndOfTheLastClip() {
        TimelineViewModel vm = new TimelineViewModel();
        assertEquals(0, vm.contentSecondsProperty().get());
        vm.clips().addAll(new ClipSpan("a", 0, 2), new ClipSpan("b", 5, 1.5));
        assertEquals(6.5, vm.contentSecondsProperty().get());
        assertThrows(IllegalArgumentException.class, () -> new ClipSpan("c", 1, 0));
    }

    @Test
    void inAndOutMarksTakeTheFrameUnderThePlayheadAndNeverCross() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.fpsProperty().set(8);
        vm.playheadSecondsProperty().set(2 / 8.0);
        vm.markInAtPlayhead();
        vm.playheadSecondsProperty().set(5 / 8.0);
        vm.markOutAtPlayhead();
        assertEquals(2, vm.markInProperty().get());
        assertEquals(6, vm.markOutProperty().get(), "the out mark keeps the frame under the playhead");
        assertEquals("In 0.25 s · Out 0.75 s", vm.marksText());
        vm.playheadSecondsProperty().set(7 / 8.0);
        vm.markInAtPlayhead();
        assertEquals(7, vm.markInProperty().get());
        assertEquals(-1, vm.markOutProperty().get(), "an out mark before the new in mark goes");
        vm.playheadSecondsProperty().set(3 / 8.0);
        vm.markOutAtPlayhead();
        assertEquals(-1, vm.markInProperty().get(), "an in mark after the new out mark goes");
        vm.clearMarks();
        assertEquals(null, vm.marksText());
    }
}
