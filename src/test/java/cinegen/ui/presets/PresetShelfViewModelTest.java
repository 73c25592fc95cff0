package cinegen.ui.presets;

import cinegen.project.StyleBlend;
import cinegen.project.StyleWeight;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetShelfViewModelTest {
    private static final StylePreset WATERCOLOR = new StylePreset("watercolor", "Watercolor", "Soft washes", 0.65, Path.of("watercolor.png"));
    private static final StylePreset LINE_ART = new StylePreset("line-art", "Line art", "Ink strokes");
    private static final StylePreset NEON = new StylePreset("neon", "Neon", "Glowing edges", 0.9, null);

    private static PresetShelfViewModel shelf() {
        PresetShelfViewModel vm = new PresetShelfViewModel();
        vm.setInstalled(List.of(WATERCOLOR, LINE_ART, NEON));
        return vm;
    }

    @Test
    void withoutPacksOnlyTheBaseModelIsOffered() {
        PresetShelfViewModel vm = new PresetShelfViewModel();
        assertEquals(List.of(StylePreset.NONE), vm.presets());
        assertTrue(vm.onlyBaseModelProperty().get());
        assertFalse(vm.strengthAppliesProperty().get());
        assertFalse(vm.blendAppliesProperty().get());
        assertEquals(StyleBlend.none(), vm.toBlend());
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
    void strengthCoversTheWholeRangeFromTheBaseModelToTheFullStyle() {
        PresetShelfViewModel vm = new PresetShelfViewModel();
        vm.strengthProperty().set(0);
        assertEquals(0.0, vm.strengthProperty().get());
        vm.strengthProperty().set(-0.5);
        assertEquals(0.0, vm.strengthProperty().get());
        vm.strengthProperty().set(3);
        assertEquals(1.0, vm.strengthProperty().get());
        vm.strengthProperty().set(Double.NaN);
        assertEquals(PresetShelfViewModel.DEFAULT_STRENGTH, vm.strengthProperty().get());
    }

    @Test
    void choosingAPresetStartsItAtItsDefaultStrength() {
        PresetShelfViewModel vm = shelf();
        vm.choose(WATERCOLOR);
        assertEquals(0.65, vm.strengthProperty().get());
        vm.strengthProperty().set(0.3);
        vm.choose(LINE_ART);
        assertEquals(StylePreset.DEFAULT_ALPHA, vm.strengthProperty().get(), "no preset file: the shelf's default");
        vm.choose(NEON);
        assertEquals(0.9, vm.strengthProperty().get());
        vm.strengthProperty().set(0.4);
        // The same styles read again (e.g. once their preset files are in) keep the artist's strength.
        vm.setInstalled(List.of(WATERCOLOR, LINE_ART, new StylePreset("NEON", "Neon glow", "Re-read", 0.7, null)));
        assertEquals("neon", vm.selectedProperty().get().id().toLowerCase());
        assertEquals("Neon glow", vm.selectedProperty().get().name());
        assertEquals(0.4, vm.strengthProperty().get());
    }

    @Test
    void aSecondPresetIsOfferedOnlyWithAFirstAndNeverTheSameOneTwice() {
        PresetShelfViewModel vm = shelf();
        assertFalse(vm.blendAppliesProperty().get());
        assertEquals(List.of(StylePreset.NONE), vm.blendChoices());
        vm.blendProperty().set(LINE_ART);
        assertEquals(StylePreset.NONE, vm.blendProperty().get(), "no blend without a first style");

        vm.choose(WATERCOLOR);
        assertTrue(vm.blendAppliesProperty().get());
        assertEquals(List.of(StylePreset.NONE, LINE_ART, NEON), vm.blendChoices());
        vm.blendProperty().set(WATERCOLOR);
        assertEquals(StylePreset.NONE, vm.blendProperty().get(), "the first style cannot be blended with itself");
        vm.blendProperty().set(LINE_ART);
        assertEquals(LINE_ART, vm.blendProperty().get());
        assertTrue(vm.blendStrengthAppliesProperty().get());

        // Making the blended preset the first one drops it from the blend.
        vm.choose(LINE_ART);
        assertEquals(StylePreset.NONE, vm.blendProperty().get());
        assertEquals(List.of(StylePreset.NONE, WATERCOLOR, NEON), vm.blendChoices());
        vm.blendProperty().set(NEON);
        vm.choose(StylePreset.NONE);
        assertEquals(StylePreset.NONE, vm.blendProperty().get(), "back to the base model: no blend");
        assertFalse(vm.blendAppliesProperty().get());
        assertEquals(StyleBlend.none(), vm.toBlend());
    }

    @Test
    void theTwoStrengthsAddUpToAtMostOne() {
        PresetShelfViewModel vm = shelf();
        vm.choose(WATERCOLOR);
        vm.blendProperty().set(NEON);
        assertEquals(0.35, vm.blendStrengthProperty().get(), 1e-12, "starts at its default, capped at 1 − α");
        assertEquals(0.35, vm.blendMaxProperty().get(), 1e-12);
        vm.strengthProperty().set(0.3);
        assertEquals(0.7, vm.blendMaxProperty().get(), 1e-12);
        vm.blendStrengthProperty().set(0.6);
        assertEquals(0.6, vm.blendStrengthProperty().get(), 1e-12);
        vm.blendStrengthProperty().set(0.9);
        assertEquals(0.7, vm.blendStrengthProperty().get(), 1e-12, "capped at 1 − α");
        vm.strengthProperty().set(0.8);
        assertEquals(0.2, vm.blendStrengthProperty().get(), 1e-12, "a stronger first style lowers the second");
        StyleBlend b = vm.toBlend();
        assertEquals(List.of("watercolor", "neon"), b.styles().stream().map(StyleWeight::preset).toList());
        assertEquals(0.8, b.styles().get(0).weight(), 1e-12);
        assertEquals(0.2, b.styles().get(1).weight(), 1e-12);
        vm.strengthProperty().set(1);
        assertEquals(List.of(new StyleWeight("watercolor", 1.0)), vm.toBlend().styles(), "no room left: the blend is dropped");
    }

    @Test
    void aRecipesStylesComeBackOnTheShelf() {
        PresetShelfViewModel vm = shelf();
        List<String> missing = vm.apply(new StyleBlend(List.of(new StyleWeight("Neon", 0.25), new StyleWeight("watercolor", 0.5))));
        assertEquals(List.of(), missing);
        assertEquals(NEON, vm.selectedProperty().get());
        assertEquals(0.25, vm.strengthProperty().get(), 1e-12, "the recipe's strength, not the preset's default");
        assertEquals(WATERCOLOR, vm.blendProperty().get());
        assertEquals(0.5, vm.blendStrengthProperty().get(), 1e-12);
        assertEquals(new StyleBlend(List.of(new StyleWeight("neon", 0.25), new StyleWeight("watercolor", 0.5))), vm.toBlend());

        assertEquals(List.of(), vm.apply(StyleBlend.of("line-art", 0.0)));
        assertEquals(LINE_ART, vm.selectedProperty().get());
        assertEquals(0.0, vm.strengthProperty().get(), "α 0 (the base model through the style) is kept");
        assertEquals(StylePreset.NONE, vm.blendProperty().get());

        assertEquals(List.of("oil"), vm.apply(StyleBlend.of("oil", 0.7)));
        assertEquals(StylePreset.NONE, vm.selectedProperty().get());
        vm.apply(StyleBlend.of("watercolor", 0.4));
        vm.apply(StyleBlend.none());
        assertEquals(StylePreset.NONE, vm.selectedProperty().get());
    }

    @Test
    void sweepRunsWhenAStyleIsChosenAndTheWindowAllowsIt() {
        PresetShelfViewModel vm = shelf();
        int[] runs = {0};
        vm.setOnSweep(() -> runs[0]++);
        vm.sweep();
        assertEquals(0, runs[0], "blocked until the window says otherwise");
        vm.sweepBlockedReasonProperty().set(null);
        vm.sweep();
        assertEquals(1, runs[0]);
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), PresetShelfViewModel.SWEEP_ALPHAS);
    }

    /** At None there is no strength to read (it read 0.80 there); the summary says what the next job uses. */
    @Test
    void atNoneTheStrengthReadsNothingAndTheSummaryNamesTheStyles() {
        PresetShelfViewModel vm = shelf();
        assertEquals("—", vm.strengthTextProperty().get());
        assertEquals("—", vm.blendStrengthTextProperty().get());
        assertEquals("None (base model)", vm.summaryProperty().get());
        vm.choose(WATERCOLOR);
        assertEquals("0.65", vm.strengthTextProperty().get());
        assertEquals("Watercolor 0.65", vm.summaryProperty().get());
        vm.blendProperty().set(NEON);
        vm.blendStrengthProperty().set(0.2);
        assertEquals("Watercolor 0.65 + Neon 0.20", vm.summaryProperty().get());
        vm.choose(StylePreset.NONE);
        assertEquals("—", vm.strengthTextProperty().get());
        assertEquals("None (base model)", vm.summaryProperty().get());
    }

    @Test
    void stylesKeptWithAProjectAreChosenOnceTheirModelIsReadyUnlessTheArtistChoseFirst() {
        StyleBlend kept = new StyleBlend(List.of(new StyleWeight("watercolor", 0.4), new StyleWeight("neon", 0.3)));
        PresetShelfViewModel loading = new PresetShelfViewModel();
        assertEquals(List.of("watercolor", "neon"), loading.restore(kept), "the model is still loading");
        assertEquals(StyleBlend.none(), loading.toBlend());
        loading.setInstalled(List.of(WATERCOLOR, LINE_ART, NEON));
        assertEquals(kept, loading.toBlend(), "chosen when the model's styles arrive, at the kept strengths");
        loading.strengthProperty().set(0.5);
        loading.setInstalled(List.of(WATERCOLOR, LINE_ART, NEON));
        assertEquals(0.5, loading.strengthProperty().get(), 1e-9, "once chosen, the artist's changes stay");

        PresetShelfViewModel chosen = new PresetShelfViewModel();
        chosen.setInstalled(List.of(LINE_ART));
        chosen.restore(kept);
        chosen.choose(LINE_ART);
        chosen.setInstalled(List.of(WATERCOLOR, LINE_ART, NEON));
        assertEquals(LINE_ART, chosen.selectedProperty().get(), "the artist's own choice wins");
    }
}
