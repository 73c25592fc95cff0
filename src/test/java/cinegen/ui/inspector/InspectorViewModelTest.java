package cinegen.ui.inspector;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectorViewModelTest {
    private final InspectorViewModel vm = new InspectorViewModel(new SplittableRandom(7));

    @Test
    void defaultsAreValid() {
        assertEquals(GenerationMode.T2V, vm.modeProperty().get());
        assertEquals(InspectorViewModel.DEFAULT_STEPS, vm.steps().get());
        assertEquals(InspectorViewModel.DEFAULT_GUIDANCE, vm.guidance().get());
        assertEquals(SamplerChoice.DPM_SOLVER_PP_2M, vm.samplerProperty().get());
        assertTrue(vm.fields().stream().allMatch(f -> f.isValid()));
        long seed = vm.seed().get();
        assertTrue(seed >= 0 && seed <= InspectorViewModel.MAX_SEED);
    }

    @Test
    void generateIsBlockedUntilTheEngineIsConnected() {
        vm.promptProperty().set("a red fox running through snow");
        assertFalse(vm.canGenerateProperty().get());
        assertEquals(InspectorViewModel.ENGINE_MISSING, vm.generateBlockedReasonProperty().get());
    }

    @Test
    void withAnEngineGenerateNeedsValidFieldsAndAPrompt() {
        vm.engineAvailableProperty().set(true);
        assertEquals("Write a prompt first.", vm.generateBlockedReasonProperty().get());
        vm.promptProperty().set("waves at dusk");
        assertTrue(vm.canGenerateProperty().get());
        assertNull(vm.generateBlockedReasonProperty().get());

        vm.steps().text().set("0");
        assertFalse(vm.canGenerateProperty().get());
        assertEquals("Fix Steps first: Steps must be at least 1.", vm.generateBlockedReasonProperty().get());
        vm.steps().text().set("30");
        assertTrue(vm.canGenerateProperty().get());
    }

    @Test
    void theLowPassCutoffMattersOnlyWhenTheFilterIsOn() {
        vm.engineAvailableProperty().set(true);
        vm.promptProperty().set("smoke rising");
        vm.lowPassCutoff().text().set("5");
        assertTrue(vm.canGenerateProperty().get());
        vm.lowPassProperty().set(true);
        assertFalse(vm.canGenerateProperty().get());
        assertEquals("Fix Low-pass cutoff first: Low-pass cutoff can be at most 1.", vm.generateBlockedReasonProperty().get());
    }

    @Test
    void diceRollsANewSeedInRange() {
        long before = vm.seed().get();
        vm.randomizeSeed();
        long after = vm.seed().get();
        assertNotEquals(before, after);
        assertTrue(after >= 0 && after <= InspectorViewModel.MAX_SEED);
        assertEquals(String.valueOf(after), vm.seed().text().get());
    }

    @Test
    void durationFollowsFramesAndFps() {
        assertEquals("2.0 s at 8 fps", vm.durationTextProperty().get());
        vm.frames().text().set("48");
        vm.fps().text().set("24");
        assertEquals("2.0 s at 24 fps", vm.durationTextProperty().get());
        vm.fps().text().set("0");
        assertEquals("2.0 s at 24 fps", vm.durationTextProperty().get());
    }
}
