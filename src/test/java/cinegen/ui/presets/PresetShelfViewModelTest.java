package cinegen.ui.presets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetShelfViewModelTest {
    private static final StylePreset WATERCOLOR = new StylePreset("watercolor", "Watercolor", "Soft washes");
    private static final StylePreset LINE_ART = new StylePreset("line-art", "Line art", "Ink strokes");

    @Test
    void withoutPacksOnlyTheBaseModelIsOffered() {
        PresetShelfViewModel vm = new PresetShelfViewModel();
        assertEquals(List.of(StylePreset.NONE), vm.presets());
        assertTrue(vm.onlyBaseModelProperty().get());
        assertFalse(vm.strengthAppliesProperty().get());
    }

    @Test
    void installedStylesFollowTheBaseModelAndKeepTheChoice() {
        PresetShelfViewModel vm = new PresetShelfViewModel();
        vm.setInstalled(List.of(WATERCOLOR, LINE_ART, WATERCOLOR));
        assertEquals(List.of(StylePreset.NONE, WATERCOLOR, LINE_ART), vm.presets());
        vm.selectedProperty().set(LINE_ART);
        assertTrue(vm.strengthAppliesProperty().get());
        vm.setInstalled(List.of(LINE_ART));
        assertEquals(LINE_ART, vm.selectedProperty().get());
        vm.setInstalled(List.of());
        assertEquals(StylePreset.NONE, vm.selectedProperty().get());
    }

    @Test
    void aStyleThatIsNotOnTheShelfCannotBeChosen() {
        PresetShelfViewModel vm = new PresetShelfViewModel();
        vm.selectedProperty().set(WATERCOLOR);
        assertEquals(StylePreset.NONE, vm.selectedProperty().get());
        vm.selectedProperty().set(null);
        assertEquals(StylePreset.NONE, vm.selectedProperty().get());
    }

    @Test
    void strengthStaysInThePapersRange() {
        PresetShelfViewModel vm = new PresetShelfViewModel();
        vm.strengthProperty().set(0.1);
        assertEquals(0.5, vm.strengthProperty().get());
        vm.strengthProperty().set(3);
        assertEquals(1.0, vm.strengthProperty().get());
        vm.strengthProperty().set(0.75);
        assertEquals(0.75, vm.strengthProperty().get());
    }
}
