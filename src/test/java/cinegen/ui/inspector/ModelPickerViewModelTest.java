package cinegen.ui.inspector;

import cinegen.app.ModelCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelPickerViewModelTest {
    private final ModelCatalog.Entry bundled = new ModelCatalog.Entry(Path.of("/app/bundled"), null, "cinegen-bundled",
            "Cinegen model pack", "64×64 native · understands 36 words", null, true);
    private final ModelCatalog.Entry toon = new ModelCatalog.Entry(Path.of("/models/diffusers/toon"), null, "toon",
            "Stable Diffusion 1.5 + AnimateDiff", "512×512 native", null, false);
    private final ModelCatalog.Entry broken = new ModelCatalog.Entry(Path.of("/models/checkpoints/sdxl.safetensors"), null,
            null, "SDXL", "", "sdxl.safetensors: SDXL is not supported yet.", false);

    @Test
    void describesAModelFromTheScanBeforeItIsLoadedAndFromItsInfoAfter() {
        ModelPickerViewModel vm = new ModelPickerViewModel();
        vm.entries().setAll(bundled, toon, broken);
        vm.currentProperty().set(toon);
        String before = vm.detailsProperty().get();
        assertTrue(before.contains("Stable Diffusion 1.5 + AnimateDiff") && before.contains("512×512 native"), before);
        assertTrue(before.contains("known once it is loaded"), before);

        vm.remember(toon.path(), null, InspectorViewModelTest.sdInfo());
        String after = vm.detailsProperty().get();
        assertTrue(after.contains("512×512 native"), after);
        assertTrue(after.contains("multiples of 8 from 64 to 2048"), after);
        assertTrue(after.contains("Text to video: text to video"), after);
        assertTrue(after.contains("up to 77 tokens"), after);
        assertTrue(after.contains("Prompt travel: keyframed prompts"), after);
        assertFalse(after.contains("Guidance embedded"), after);
        vm.remember(bundled.path(), null, InspectorViewModelTest.bundledInfo());
        assertTrue(vm.describe(bundled).contains("One prompt for the whole clip (no prompt travel)"), vm.describe(bundled));
        vm.remember(toon.path(), null, InspectorViewModelTest.lcmInfo());
        assertTrue(vm.describe(toon).contains("Guidance embedded in the model (LCM)"), vm.describe(toon));
        assertEquals("sdxl.safetensors: SDXL is not supported yet.", vm.describe(broken));
        assertEquals("toon — Stable Diffusion 1.5 + AnimateDiff · 512×512", vm.label(toon));
    }

    @Test
    void choosingAsksTheWindowOnlyForAnotherModel() {
        ModelPickerViewModel vm = new ModelPickerViewModel();
        List<ModelCatalog.Entry> chosen = new ArrayList<>();
        vm.setOnChoose(chosen::add);
        vm.entries().setAll(bundled, toon);
        vm.currentProperty().set(bundled);
        vm.choose(bundled);
        vm.choose(toon);
        assertEquals(List.of(toon), chosen);
        assertEquals(toon, vm.find(Path.of("/models/diffusers/toon"), null).orElseThrow());
    }
}
