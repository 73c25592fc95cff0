package cinegen.ui.inspector;

import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.StyleBlend;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClipInfoViewModelTest {
    @Test
    void showsTheSelectedClipsRecipeAndCopiesItsSeed() {
        ClipInfoViewModel vm = new ClipInfoViewModel();
        List<String> clipboard = new ArrayList<>(), told = new ArrayList<>();
        vm.setClipboard(clipboard::add);
        vm.setOnCopied(told::add);
        assertFalse(vm.shownProperty().get());
        vm.copySeed();
        assertTrue(clipboard.isEmpty(), "nothing to copy without a clip");

        GenerationRecipe r = GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                .prompt("a red circle moving left").seed(3_141_592_653L).steps(12).guidance(5).size(512, 288).frames(16).fps(8)
                .styles(StyleBlend.of("ink", 0.8)).modelPack("toon", "abcdef0123456789abcdef").build();
        vm.show("Circle", r);
        assertTrue(vm.shownProperty().get());
        assertEquals("3141592653", vm.seedProperty().get());
        assertTrue(vm.rows().contains(new ClipInfoViewModel.Row("Prompt", "a red circle moving left")));
        assertTrue(vm.rows().contains(new ClipInfoViewModel.Row("Size", "512×288")));
        assertTrue(vm.rows().contains(new ClipInfoViewModel.Row("Styles", "ink 0.80")));
        assertTrue(vm.rows().contains(new ClipInfoViewModel.Row("Model", "toon (abcdef012345)")));
        vm.copySeed();
        assertEquals(List.of("3141592653"), clipboard);
        assertEquals(List.of("3141592653"), told);

        vm.show(null, null);
        assertFalse(vm.shownProperty().get());
        assertTrue(vm.rows().isEmpty());
    }
}
