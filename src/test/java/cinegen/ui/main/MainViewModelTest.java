package cinegen.ui.main;

import cinegen.frames.FrameSequence;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.Sampler;
import cinegen.project.StyleBlend;
import cinegen.project.StyleWeight;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.presets.StylePreset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static cinegen.ui.main.StudioServices.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The studio's view model over real services on a temporary folder (no model pack), without a window; FX thread. */
class MainViewModelTest {
    @TempDir Path tmp;
    private StudioServices services;
    private MainViewModel vm;

    @BeforeAll
    static void toolkit() throws Exception { FxToolkit.registerPrimaryStage(); }

    @BeforeEach
    void open() throws Exception {
        services = new StudioServices(tmp.resolve("settings"), null);
        vm = onFx(() -> new MainViewModel(new SplittableRandom(1), "CPU · test", services.context()));
    }

    @AfterEach
    void close() throws Exception { onFx(services::close); }

    private static FrameSequence frames(int n, double fps) {
        List<int[]> list = new ArrayList<>();
        for (int i = 0; i < n; i++) list.add(new int[] {0xff000000});
        return new FrameSequence(1, 1, fps, list);
    }

    @Test
    void playheadFollowsTheViewer() throws Exception {
        onFx(() -> {
            vm.viewer().load(frames(16, 8));
            vm.viewer().seek(6);
            assertEquals(0.75, vm.timeline().playheadSeconds(), 1e-9);
        });
    }

    @Test
    void movingThePlayheadSeeksTheViewer() throws Exception {
        onFx(() -> {
            vm.viewer().load(frames(16, 8));
            vm.timeline().playheadSecondsProperty().set(1.0);
            assertEquals(8, vm.viewer().currentFrame());
            vm.timeline().seekToX(0);
            assertEquals(0, vm.viewer().currentFrame());
        });
    }

    @Test
    void importsReportToTheStatusBar() throws Exception {
        onFx(() -> {
            vm.mediaBin().addFiles(List.of(java.nio.file.Path.of("notes.txt")));
            assertEquals("Skipped: notes.txt is not an image or a video.", vm.status().message());
        });
    }

    @Test
    void resetLayoutShowsEveryPanel() throws Exception {
        onFx(() -> {
            vm.sidebarShownProperty().set(false);
            vm.timelineShownProperty().set(false);
            vm.resetLayout();
            assertTrue(vm.sidebarShownProperty().get() && vm.inspectorShownProperty().get() && vm.timelineShownProperty().get());
        });
    }

    @Test
    void deviceLineNamesTheCores() throws Exception {
        onFx(() -> {
            assertTrue(MainViewModel.defaultDeviceInfo().matches("CPU · \\d+ cores? · no model pack loaded"),
                    MainViewModel.defaultDeviceInfo());
            assertEquals(services.generation.modelStatus().describe(), vm.status().deviceInfoProperty().get(),
                    "the engine service's state replaces the line given at start");
        });
    }

    @Test
    void aClipsRecipeBringsBackItsSettingsAndItsStylesOnTheShelf() throws Exception {
        onFx(() -> {
            StylePreset ink = new StylePreset("ink", "Ink", "Strokes");
            StylePreset neon = new StylePreset("neon", "Neon", "Glow", 0.9, null);
            vm.presets().setInstalled(List.of(ink, neon));
            GenerationRecipe r = GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                    .prompt("a red circle moving left").negativePrompt("blur").seed(1234).steps(12).guidance(5)
                    .sampler(Sampler.EULER_ANCESTRAL).frames(4).fps(12).lowPass(0.5)
                    .styles(new StyleBlend(List.of(new StyleWeight("ink", 0.6), new StyleWeight("neon", 0.3)))).build();
            assertEquals(List.of(), vm.showRecipe(r));
            assertEquals("a red circle moving left", vm.inspector().promptProperty().get());
            assertEquals("blur", vm.inspector().negativePromptProperty().get());
            assertEquals(1234L, vm.inspector().seed().get());
            assertEquals(12, vm.inspector().steps().get());
            assertEquals(5.0, vm.inspector().guidance().get());
            assertEquals(cinegen.project.Sampler.EULER_ANCESTRAL, vm.inspector().samplerProperty().get());
            assertEquals(4, vm.inspector().frames().get());
            assertEquals(12, vm.inspector().fps().get());
            assertTrue(vm.inspector().lowPassProperty().get());
            assertEquals(0.5, vm.inspector().lowPassCutoff().get(), 1e-9);
            assertEquals(ink, vm.presets().selectedProperty().get());
            assertEquals(0.6, vm.presets().strengthProperty().get(), 1e-12);
            assertEquals(neon, vm.presets().blendProperty().get());
            assertEquals(0.3, vm.presets().blendStrengthProperty().get(), 1e-12);
            assertEquals(r.styles(), vm.presets().toBlend(), "Generate would use the clip's styles again");

            GenerationRecipe oil = r.toBuilder().styles(StyleBlend.of("oil", 0.5)).build();
            assertEquals(List.of("oil"), vm.showRecipe(oil));
            assertEquals(StylePreset.NONE, vm.presets().selectedProperty().get());
        });
    }

    @Test
    void styleSweepNeedsAStyleThenWhatGenerateNeeds() throws Exception {
        onFx(() -> {
            assertEquals(PresetShelfViewModel.NO_STYLE_TO_SWEEP, vm.presets().sweepBlockedReasonProperty().get());
            vm.presets().setInstalled(List.of(new StylePreset("ink", "Ink", "Strokes")));
            vm.presets().choose(vm.presets().find("ink").orElseThrow());
            assertEquals(vm.inspector().generateBlockedReasonProperty().get(), vm.presets().sweepBlockedReasonProperty().get(),
                    "without an engine the sweep says what Generate says");
            vm.inspector().engineAvailableProperty().set(true);
            vm.inspector().promptProperty().set("a blue square");
            assertEquals(null, vm.presets().sweepBlockedReasonProperty().get());
            assertTrue(vm.presets().canSweepProperty().get());
            vm.presets().choose(StylePreset.NONE);
            assertFalse(vm.presets().canSweepProperty().get());
        });
    }

    @Test
    void usingARecipeWithoutASelectedClipSaysWhatToDo() throws Exception {
        onFx(() -> {
            vm.useSelectedRecipe();
            assertEquals("Select a generated clip on the timeline first.", vm.status().message());
        });
    }

    /** The inspector shows the styles the next job uses, as the shelf has them. */
    @Test
    void theInspectorShowsTheShelfsStyles() throws Exception {
        onFx(() -> {
            assertEquals("None (base model)", vm.inspector().stylesProperty().get());
            StylePreset ink = new StylePreset("ink", "Ink", "Ink strokes", 0.7, null);
            vm.presets().setInstalled(List.of(ink));
            vm.presets().choose(ink);
            assertEquals("Ink 0.70", vm.inspector().stylesProperty().get());
            vm.presets().strengthProperty().set(0.4);
            assertEquals("Ink 0.40", vm.inspector().stylesProperty().get());
        });
    }
}
