package cinegen.ui.takes;

import cinegen.app.generate.JobState;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.presets.StylePreset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StyleSweepViewModelTest {
    private static final StylePreset INK = new StylePreset("ink", "Ink", "Strokes");

    @Test
    void aSweepHasOneCellPerStrengthAndOneSeed() {
        StyleSweepViewModel vm = new StyleSweepViewModel();
        assertFalse(vm.activeProperty().get());
        List<StyleSweepViewModel.Cell> cells = vm.start(INK, 42, PresetShelfViewModel.SWEEP_ALPHAS);
        assertTrue(vm.activeProperty().get());
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), cells.stream().map(StyleSweepViewModel.Cell::alpha).toList());
        assertEquals(List.of("α 0.00", "α 0.25", "α 0.50", "α 0.75", "α 1.00"), cells.stream().map(StyleSweepViewModel.Cell::label).toList());
        assertEquals(42, vm.seed());
        assertEquals(INK, vm.presetProperty().get());
        assertEquals("Ink alone at 5 strengths · seed 42", vm.summaryProperty().get());
        assertTrue(vm.runningProperty().get());
        assertTrue(cells.stream().allMatch(c -> c.stateProperty().get() == JobState.QUEUED && "Queued".equals(c.detailProperty().get())));
        assertThrows(IllegalArgumentException.class, () -> vm.start(INK, 1, List.of()));
    }

    @Test
    void pickingACellHandsItsStrengthOverButNotACellOfAnOldSweep() {
        StyleSweepViewModel vm = new StyleSweepViewModel();
        List<Double> picked = new ArrayList<>();
        vm.setOnPick(c -> picked.add(c.alpha()));
        List<StyleSweepViewModel.Cell> first = vm.start(INK, 7, PresetShelfViewModel.SWEEP_ALPHAS);
        vm.pick(first.get(3));
        assertEquals(List.of(0.75), picked);
        assertEquals(first.get(3), vm.pickedProperty().get());
        assertEquals("α 0.75 picked", vm.pickedTextProperty().get());
        assertFalse(vm.canKeepProperty().get(), "nothing rendered yet, nothing to add");

        List<StyleSweepViewModel.Cell> second = vm.start(INK, 8, List.of(0.0, 1.0));
        assertNull(vm.pickedProperty().get(), "a new sweep starts unpicked");
        vm.pick(first.get(1));
        assertEquals(List.of(0.75), picked, "an old sweep's cell is ignored");
        vm.pick(second.get(1));
        assertEquals(List.of(0.75, 1.0), picked);
    }

    @Test
    void aCellThatCouldNotBeQueuedFailsAndTheSweepStopsRunningWhenNoneIsLeft() {
        StyleSweepViewModel vm = new StyleSweepViewModel();
        List<StyleSweepViewModel.Cell> cells = vm.start(INK, 1, List.of(0.0, 0.5));
        vm.refused(cells.get(0), "the model pack is missing");
        assertEquals(JobState.FAILED, cells.get(0).stateProperty().get());
        assertEquals("Failed: the model pack is missing", cells.get(0).detailProperty().get());
        assertTrue(vm.runningProperty().get());
        vm.refused(cells.get(1), "no");
        assertFalse(vm.runningProperty().get());
    }

    @Test
    void closingLetsTheResultsGo() {
        StyleSweepViewModel vm = new StyleSweepViewModel();
        List<StyleSweepViewModel.Cell> cells = vm.start(INK, 1, PresetShelfViewModel.SWEEP_ALPHAS);
        vm.pick(cells.get(0));
        vm.close();
        assertFalse(vm.activeProperty().get());
        assertTrue(vm.takes().isEmpty());
        assertNull(vm.pickedProperty().get());
        assertFalse(vm.isCurrent(cells.get(0)));
        assertFalse(vm.runningProperty().get());
    }

    @Test
    void thePickedResultCanBeAddedOnce() {
        StyleSweepViewModel vm = new StyleSweepViewModel();
        List<StyleSweepViewModel.Cell> added = new ArrayList<>();
        vm.setOnKeep(added::add);
        List<StyleSweepViewModel.Cell> cells = vm.start(INK, 3, List.of(0.0, 0.5));
        vm.pick(cells.get(1));
        assertFalse(vm.canKeepProperty().get());
        vm.keepPicked();
        assertTrue(added.isEmpty(), "nothing to keep before the result is in");
        cells.get(1).finish(cinegen.frames.FrameSequence.single(1, 1, new int[] {0xff000000}));
        assertTrue(vm.canKeepProperty().get());
        vm.keepPicked();
        assertEquals(List.of(cells.get(1)), added);
        vm.markKept(cells.get(1));
        assertFalse(vm.canKeepProperty().get(), "once on the timeline, not again");
        assertEquals("α 0.50 picked · kept", vm.pickedTextProperty().get());
        vm.pick(cells.get(0));
        assertFalse(vm.canKeepProperty().get(), "the other cell has no result");
        assertEquals("α 0.00 picked", vm.pickedTextProperty().get());
    }
}
