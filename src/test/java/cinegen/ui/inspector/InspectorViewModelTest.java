package cinegen.ui.inspector;

import org.junit.jupiter.api.Test;

import cinegen.engine.family.ModelInfo;
import cinegen.frames.GenerationMode;
import cinegen.engine.schedule.SamplerKind;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectorViewModelTest {
    private final InspectorViewModel vm = new InspectorViewModel(new SplittableRandom(7));

    /** What the bundled model's info says (guidance 5, 64x64 only, 16 frames, closed vocabulary). */
    static ModelInfo bundledInfo() {
        return new ModelInfo("cinegen-bundled", "bundled", "Cinegen model pack", 64, 64, 0, 64, 64, 16, 8, 4,
                Map.of(GenerationMode.TEXT_TO_VIDEO, "masked conditioning", GenerationMode.IMAGE_TO_VIDEO, "masked conditioning"),
                new ModelInfo.Defaults(25, 5.0, SamplerKind.DPMPP_2M, 8, 16), new ModelInfo.Limits(256, 1000, 30), false, 20, true, true, false);
    }

    /** A Stable Diffusion-like model: 512x512 native, multiples of 8 from 64 to 2048, guidance 7.5, DDIM. */
    static ModelInfo sdInfo() {
        return new ModelInfo("toon", "sd15", "Stable Diffusion 1.5 + AnimateDiff", 512, 512, 8, 64, 2048, 16, 4, 8,
                Map.of(GenerationMode.TEXT_TO_VIDEO, "text to video"), new ModelInfo.Defaults(20, 7.5, SamplerKind.DDIM, 8, 16),
                new ModelInfo.Limits(256, 100, 20), true, 77, false, false, true);
    }

    /** An LCM-distilled Stable Diffusion model: guidance is an input of its UNet. */
    static ModelInfo lcmInfo() {
        ModelInfo sd = sdInfo();
        return new ModelInfo("toon-lcm", sd.familyId(), sd.familyName(), 512, 512, 8, 64, 2048, 16, 4, 8, sd.modeMethods(),
                new ModelInfo.Defaults(4, 8.5, SamplerKind.LCM, 8, 16), sd.limits(), true, 77, false, false, true, true);
    }

    @Test
    void anLcmModelSaysItsGuidanceIsEmbeddedAndStartsAtItsDefaults() {
        vm.applyModel(sdInfo());
        assertEquals("", vm.guidanceNoteProperty().get());
        vm.applyModel(lcmInfo());
        assertTrue(vm.guidanceNoteProperty().get().startsWith("Guidance is embedded in this model"), vm.guidanceNoteProperty().get());
        assertEquals(4, vm.steps().get());
        assertEquals(8.5, vm.guidance().get(), 1e-9);
        vm.applyModel(bundledInfo());
        assertEquals("", vm.guidanceNoteProperty().get());
    }

    @Test
    void defaultsAreValid() {
        assertEquals(GenerationMode.TEXT_TO_VIDEO, vm.modeProperty().get());
        assertEquals(cinegen.project.Sampler.DPM_SOLVER_PP_2M, vm.samplerProperty().get());
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

    /** One source of truth: the model's defaults replace the inspector's (guidance 5 for the bundled model, not 7.5). */
    @Test
    void theModelsInfoGivesTheDefaultsLimitsAndSize() {
        vm.applyModel(bundledInfo());
        assertEquals(25, vm.steps().get());
        assertEquals(5.0, vm.guidance().get());
        assertEquals(16, vm.frames().get());
        assertEquals(8, vm.fps().get());
        assertEquals(64, vm.width().get());
        assertEquals(64, vm.height().get());
        assertNull(vm.sizeProblemProperty().get());

        vm.applyModel(sdInfo());
        assertEquals(7.5, vm.guidance().get(), "untouched fields follow the new model");
        assertEquals(20, vm.steps().get());
        assertEquals(cinegen.project.Sampler.DDIM, vm.samplerProperty().get());
        assertEquals(512, vm.width().get());
        vm.steps().text().set("101");
        assertEquals("Steps can be at most 100.", vm.steps().error().get(), "the model's step limit");
        vm.steps().text().set("40");
        vm.guidance().text().set("9");

        vm.applyModel(bundledInfo());
        assertEquals(40, vm.steps().get(), "what the person typed stays");
        assertEquals(9.0, vm.guidance().get());
        assertEquals(64, vm.width().get());
    }

    @Test
    void sizesAreLimitedToWhatTheModelAccepts() {
        vm.engineAvailableProperty().set(true);
        vm.promptProperty().set("a red circle");
        vm.applyModel(sdInfo());
        assertTrue(vm.applyAspect(InspectorViewModel.Aspect.WIDE));
        assertEquals(512, vm.width().get());
        assertEquals(288, vm.height().get());
        assertTrue(vm.applyAspect(InspectorViewModel.Aspect.TALL));
        assertEquals(288, vm.width().get());
        assertEquals(512, vm.height().get());
        assertTrue(vm.applyAspect(InspectorViewModel.Aspect.CLASSIC));
        assertEquals(384, vm.height().get());
        assertTrue(vm.canGenerateProperty().get());
        vm.width().text().set("500");
        assertFalse(vm.canGenerateProperty().get());
        assertTrue(vm.generateBlockedReasonProperty().get().startsWith("500×384 cannot be generated: toon generates widths and heights"
                + " that are multiples of 8"), vm.generateBlockedReasonProperty().get());

        vm.applyModel(bundledInfo());
        assertNull(vm.sizeFor(InspectorViewModel.Aspect.WIDE), "the bundled model makes 64x64 only");
        assertFalse(vm.applyAspect(InspectorViewModel.Aspect.WIDE));
        assertTrue(vm.applyAspect(InspectorViewModel.Aspect.SQUARE));
        assertEquals(64, vm.width().get());
        assertTrue(vm.canGenerateProperty().get());
    }

    @Test
    void theSeedStaysAsTypedUnlessRandomIsChosen() {
        assertTrue(vm.seedRandomProperty().get(), "random at first");
        vm.seed().text().set("1234");
        assertFalse(vm.seedRandomProperty().get(), "typing a seed keeps it");
        vm.randomizeSeed();
        assertFalse(vm.seedRandomProperty().get(), "the dice rolls once");
        vm.seedRandomProperty().set(true);
        vm.randomizeSeed();
        assertTrue(vm.seedRandomProperty().get());
    }

    @Test
    void variantsTakeTheBoxsSeedAndTheNextOnesOrRandomOnes() {
        vm.seed().text().set("1234");
        assertEquals(java.util.List.of(1234L, 1235L, 1236L, 1237L), vm.variantSeeds(4));
        vm.seed().setValue(InspectorViewModel.MAX_SEED - 1);
        assertEquals(java.util.List.of(InspectorViewModel.MAX_SEED - 1, InspectorViewModel.MAX_SEED, 0L, 1L), vm.variantSeeds(4),
                "past the largest seed they wrap to 0");

        vm.seed().text().set("99");
        vm.seedRandomProperty().set(true);
        java.util.List<Long> random = vm.variantSeeds(4);
        assertEquals(4, random.size());
        assertEquals(99L, random.get(0), "the box's seed first");
        assertEquals(4, new java.util.HashSet<>(random).size(), "four different seeds");
        assertNotEquals(java.util.List.of(99L, 100L, 101L, 102L), random);
        assertTrue(random.stream().allMatch(x -> x >= 0 && x <= InspectorViewModel.MAX_SEED));
        assertEquals(99L, vm.seed().get(), "the box is left as it is");
        assertTrue(vm.seedRandomProperty().get());
    }

    /** Issue 31: the bundled model's unknown words are pointed out; SD's prompt is counted against 77 tokens. */
    @Test
    void thePromptCheckSaysWhatTheModelIgnores() {
        vm.advisorProperty().set(cinegen.app.generate.PromptAdvisor.closed(java.util.List.of("<pad>", "<unk>", "a", "red", "circle",
                "moving", "left", "on", "sky", "background"), 20));
        assertFalse(vm.examplePrompts().isEmpty());
        assertEquals("a red circle moving left on a sky background", vm.examplePrompts().get(0));
        vm.promptProperty().set("a red fox moving left");
        assertEquals(java.util.List.of("fox"), vm.ignoredWords());
        assertEquals("5 / 20 words", vm.promptCountProperty().get());
        assertTrue(vm.promptHintProperty().get().contains("“fox”"), vm.promptHintProperty().get());
        assertTrue(vm.promptSpans().stream().anyMatch(s -> s.ignored() && s.text().equals("fox")));
        vm.promptProperty().set(vm.examplePrompts().get(0));
        assertTrue(vm.ignoredWords().isEmpty());
        assertEquals("", vm.promptHintProperty().get());
    }

    /** Prompt travel: the line under the prompt says what the keyframes are, or what is wrong, and Generate waits for a fix. */
    @Test
    void thePromptTravelLineFollowsThePromptTheFramesAndTheModel() {
        vm.engineAvailableProperty().set(true);
        vm.applyModel(sdInfo());
        vm.frames().setValue(24);
        vm.promptProperty().set("a cat, sunset, 16:9, 4k");
        assertEquals("", vm.promptTravelTextProperty().get(), "a plain prompt has no line");
        assertFalse(vm.promptTravelProblemProperty().get());

        vm.promptProperty().set("0: closed eyes, 16: open eyes");
        assertEquals("Prompt travel: 2 keyframes (0, 16)", vm.promptTravelTextProperty().get());
        assertFalse(vm.promptTravelProblemProperty().get());
        assertTrue(vm.canGenerateProperty().get());

        vm.frames().setValue(16);
        assertEquals("Prompt travel: the prompt keyframe at frame 16 is past the end of the 16-frame clip (frames count from 0 to 15).",
                vm.promptTravelTextProperty().get());
        assertTrue(vm.promptTravelProblemProperty().get());
        assertEquals("Fix the prompt first: the prompt keyframe at frame 16 is past the end of the 16-frame clip (frames count from 0 to 15).",
                vm.generateBlockedReasonProperty().get());
        vm.frames().setValue(17);
        assertTrue(vm.canGenerateProperty().get());

        vm.promptProperty().set("0: closed eyes\n0: open eyes");
        assertEquals("Prompt travel: frame 0 has two prompts; give each keyframe its own frame.", vm.promptTravelTextProperty().get());
        assertFalse(vm.canGenerateProperty().get());
        vm.promptProperty().set("0: closed eyes, 8:");
        assertEquals("Prompt travel: the keyframe at frame 8 has no prompt.", vm.promptTravelTextProperty().get());
        vm.promptProperty().set("8: a cat");
        assertEquals("Prompt travel: 1 keyframe (8), one prompt for the whole clip", vm.promptTravelTextProperty().get());
        assertTrue(vm.canGenerateProperty().get());

        // A model that reads one prompt per clip: travel is refused at the prompt, a schedule that does not travel is fine.
        vm.applyModel(bundledInfo());
        vm.promptProperty().set("0: a red circle, 8: a blue square");
        assertEquals("Prompt travel: cinegen-bundled takes one prompt for the whole clip: prompt travel (prompts at keyframes) needs a"
                + " model that reads a prompt per frame, such as Stable Diffusion + AnimateDiff.", vm.promptTravelTextProperty().get());
        assertTrue(vm.promptTravelProblemProperty().get());
        assertFalse(vm.canGenerateProperty().get());
        vm.promptProperty().set("0: a red circle, 8: a red circle");
        assertFalse(vm.promptTravelProblemProperty().get());
    }

    /** With keyframes each keyframe's prompt is read on its own: the longest is counted against the model's limit. */
    @Test
    void theCountIsTheLongestKeyframesPrompt() {
        vm.advisorProperty().set(cinegen.app.generate.PromptAdvisor.closed(java.util.List.of("<pad>", "<unk>", "a", "red", "circle",
                "moving", "left", "on", "sky", "background"), 8));
        vm.promptProperty().set("a red circle, 0: moving left, 8: on a sky background");
        assertEquals("7 / 8 words", vm.promptCountProperty().get(), "a red circle on a sky background");
        assertFalse(vm.promptTooLongProperty().get());
        vm.promptProperty().set("a red circle, 0: moving left on a sky background");
        assertEquals("9 / 8 words", vm.promptCountProperty().get(), "a red circle, moving left on a sky background");
        assertTrue(vm.promptHintProperty().get().contains("of each keyframe's prompt"), vm.promptHintProperty().get());
    }

    @Test
    void keptSettingsOutliveAModelLoadedLaterAndANewProjectTakesTheModelsDefaults() {
        vm.steps().setValue(vm.steps().get()); // as kept with a project: the same text, so no edit is seen
        vm.keepAsSet();
        vm.applyModel(sdInfo());
        assertEquals(25, vm.steps().get(), "kept, not the model's 20");
        assertEquals(64, vm.width().get(), "kept, not the model's 512");

        vm.promptProperty().set("a kite");
        vm.negativePromptProperty().set("blur");
        vm.lowPassProperty().set(true);
        vm.seed().text().set("5");
        assertFalse(vm.seedRandomProperty().get());
        long seed = vm.seed().get();
        vm.resetToModelDefaults();
        assertEquals("", vm.promptProperty().get());
        assertEquals("", vm.negativePromptProperty().get());
        assertFalse(vm.lowPassProperty().get());
        assertTrue(vm.seedRandomProperty().get(), "a new project rolls its seeds");
        assertNotEquals(seed, vm.seed().get());
        assertEquals(20, vm.steps().get());
        assertEquals(7.5, vm.guidance().get(), 1e-9);
        assertEquals(512, vm.width().get());
        assertEquals(512, vm.height().get());
        assertEquals(cinegen.project.Sampler.DDIM, vm.samplerProperty().get());
        assertEquals(GenerationMode.TEXT_TO_VIDEO, vm.modeProperty().get());
    }
}
