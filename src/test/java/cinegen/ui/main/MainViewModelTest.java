package cinegen.ui.main;

import cinegen.frames.FrameSequence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainViewModelTest {
    private final MainViewModel vm = new MainViewModel(new SplittableRandom(1), "CPU · test");

    private static FrameSequence frames(int n, double fps) {
        List<int[]> list = new ArrayList<>();
        for (int i = 0; i < n; i++) list.add(new int[] {0xff000000});
        return new FrameSequence(1, 1, fps, list);
    }

    @Test
    void playheadFollowsTheViewer() {
        vm.viewer().load(frames(16, 8));
        vm.viewer().seek(6);
        assertEquals(0.75, vm.timeline().playheadSeconds(), 1e-9);
    }

    @Test
    void movingThePlayheadSeeksTheViewer() {
        vm.viewer().load(frames(16, 8));
        vm.timeline().playheadSecondsProperty().set(1.0);
        assertEquals(8, vm.viewer().currentFrame());
        vm.timeline().seekToX(0);
        assertEquals(0, vm.viewer().currentFrame());
    }

    @Test
    void importsReportToTheStatusBar() {
        vm.mediaBin().addFiles(List.of(java.nio.file.Path.of("notes.txt")));
        assertEquals("Skipped: notes.txt is not an image or a video.", vm.status().message());
    }

    @Test
    void resetLayoutShowsEveryPanel() {
        vm.sidebarShownProperty().set(false);
        vm.timelineShownProperty().set(false);
        vm.resetLayout();
        assertTrue(vm.sidebarShownProperty().get() && vm.inspectorShownProperty().get() && vm.timelineShownProperty().get());
    }

    @Test
    void deviceLineNamesTheCores() {
        assertTrue(MainViewModel.defaultDeviceInfo().matches("CPU · \\d+ cores? · no model pack loaded"),
                MainViewModel.defaultDeviceInfo());
        assertEquals("CPU · test", vm.status().deviceInfoProperty().get());
    }
}
