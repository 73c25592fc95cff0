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
}
