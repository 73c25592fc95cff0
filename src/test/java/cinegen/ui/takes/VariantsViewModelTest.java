package cinegen.ui.takes;

import cinegen.app.generate.JobState;
import cinegen.frames.FrameSequence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariantsViewModelTest {
    private static final FrameSequence CLIP = FrameSequence.single(1, 1, new int[] {0xff204080});

    @Test
    void aBatchHasOneTakePerSeed() {
        VariantsViewModel vm = new VariantsViewModel();
        assertFalse(vm.activeProperty().get());
        List<VariantsViewModel.Variant> takes = vm.start("a red circle", List.of(10L, 11L, 12L, 13L));
        assertTrue(vm.activeProperty().get());
        assertEquals(List.of(10L, 11L, 12L, 13L), takes.stream().map(VariantsViewModel.Variant::seed).toList());
        assertEquals(List.of("seed 10", "seed 11", "seed 12", "seed 13"), takes.stream().map(Take::label).toList());
        assertEquals(List.of(0, 1, 2, 3), takes.stream().map(Take::index).toList());
        assertEquals("“a red circle” with 4 seeds", vm.summaryProperty().get());
        assertEquals("Click a take to play it; Keep puts it on the timeline.", vm.pickedTextProperty().get());
        assertTrue(vm.runningProperty().get());
        assertTrue(takes.stream().allMatch(t -> t.stateProperty().get() == JobState.QUEUED));
        assertFalse(vm.canKeepAllProperty().get(), "nothing rendered yet");
        assertThrows(IllegalArgumentException.class, () -> vm.start("x", List.of()));
    }

    @Test
    void keepFilesThePickedTakeOnceAndKeepAllEveryFinishedOneNotKeptYet() {
        VariantsViewModel vm = new VariantsViewModel();
        List<Take> kept = new ArrayList<>();
        List<Take> played = new ArrayList<>();
        vm.setOnKeep(kept::add);
        vm.setOnPick(played::add);
        List<VariantsViewModel.Variant> takes = vm.start("waves", List.of(1L, 2L, 3L, 4L));
        vm.pick(takes.get(2));
        assertEquals(List.of(takes.get(2)), played);
        assertEquals("seed 3 picked", vm.pickedTextProperty().get());
        vm.keepPicked();
        assertTrue(kept.isEmpty(), "nothing to keep before the take is rendered");

        takes.get(0).finish(CLIP);
        takes.get(2).finish(CLIP);
        assertTrue(vm.canKeepProperty().get());
        assertTrue(vm.canKeepAllProperty().get());
        vm.keepPicked();
        assertEquals(List.of(takes.get(2)), kept);
        vm.markKept(takes.get(2));
        assertEquals("Kept", takes.get(2).detailProperty().get());
        assertFalse(vm.canKeepProperty().get(), "once on the timeline, not again");
        assertEquals("seed 3 picked · kept", vm.pickedTextProperty().get());

        kept.clear();
        vm.keepAll();
        assertEquals(List.of(takes.get(0)), kept, "the finished take not kept yet; the kept one and the unrendered ones not");
        vm.markKept(takes.get(0));
        assertFalse(vm.canKeepAllProperty().get());
        takes.get(3).finish(CLIP);
        assertTrue(vm.canKeepAllProperty().get(), "a take that finishes later can be kept");
    }

    @Test
    void closingLetsTheTakesGoAndANewBatchReplacesTheOld() {
        VariantsViewModel vm = new VariantsViewModel();
        List<VariantsViewModel.Variant> first = vm.start("one", List.of(5L, 6L));
        first.get(0).finish(CLIP);
        vm.pick(first.get(0));
        List<VariantsViewModel.Variant> second = vm.start("two", List.of(7L, 8L));
        assertNull(vm.pickedProperty().get(), "a new batch starts unpicked");
        assertFalse(vm.isCurrent(first.get(1)));
        assertFalse(vm.canKeepAllProperty().get(), "the old batch's result is gone");
        assertTrue(first.get(1).cancelRequested, "the old batch's unfinished take is cancelled");

        second.get(1).finish(CLIP);
        vm.close();
        assertFalse(vm.activeProperty().get());
        assertTrue(vm.takes().isEmpty());
        assertFalse(vm.isCurrent(second.get(1)));
        assertFalse(vm.runningProperty().get());
        assertFalse(vm.canKeepAllProperty().get());
        assertEquals("", vm.summaryProperty().get());
    }
}
