package cinegen.app.generate;

import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.PromptSchedule;
import cinegen.frames.FrameSequence;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.edit.AddGeneratedClipEdit;
import cinegen.project.edit.UndoHistory;
import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prompt travel lives in the recipe as typed: it survives save and open, and Regenerate reads it into the schedule. */
class PromptTravelRecipeTest {
    private static final String TYPED = "portrait of a woman, film grain\n\"0\": \"closed eyes\",\n12: open eyes, smiling\n";

    private static GenerationRecipe recipe(String prompt, int frames) {
        return GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO).prompt(prompt)
                .negativePrompt("blurry").seed(7).steps(4).guidance(7.5).size(48, 32).frames(frames).fps(8).build();
    }

    private static FrameSequence frames(int n) {
        List<int[]> f = new ArrayList<>();
        for (int i = 0; i < n; i++) f.add(new int[48 * 32]);
        return new FrameSequence(48, 32, 8, f);
    }

    @Test
    void theTypedScheduleSurvivesSaveAndOpenAndBecomesTheRequestsKeyframes(@TempDir Path tmp) throws Exception {
        ProjectStore store = new ProjectStore(tmp.resolve("settings"));
        Path folder = tmp.resolve("eyes");
        Project p = store.create(folder, "Eyes");
        UndoHistory history = new UndoHistory(p);
        store.saveFrames(p, "gen", frames(16));
        history.perform(AddGeneratedClipEdit.of(p, MediaItem.generated("gen", "eyes", 48, 32, 16, 8, recipe(TYPED, 16))));
        store.save(p);
        history.dispose();
        store.close(p);

        GenerationRecipe reopened = store.open(folder).mediaItem("gen").orElseThrow().generation().orElseThrow();
        assertEquals(TYPED, reopened.prompt(), "stored as typed");
        PromptSchedule expected = new PromptSchedule(List.of(
                new PromptSchedule.Keyframe(0, "portrait of a woman, film grain, closed eyes"),
                new PromptSchedule.Keyframe(12, "portrait of a woman, film grain, open eyes, smiling")));
        GenerationRequest again = Recipes.toRequest(reopened, null, List.of());
        assertEquals(expected, again.prompts(), "Regenerate");
        assertEquals("blurry", again.negativePrompt(), "the negative prompt stays one prompt");
        assertEquals(expected, Recipes.toRequest(reopened.withSeed(8), null, List.of()).prompts(), "Vary Seed");
        assertTrue(again.prompts().travels());
    }

    @Test
    void aPlainPromptIsOnePromptExactlyAsTyped() {
        GenerationRequest r = Recipes.toRequest(recipe("a cat, sunset, 16:9, 4k ", 16), null, List.of());
        assertEquals(PromptSchedule.of("a cat, sunset, 16:9, 4k "), r.prompts());
        assertFalse(r.prompts().travels());
    }

    @Test
    void aKeyframePastTheClipOrAMistakeIsRefusedWithASentence() {
        assertEquals("the prompt keyframe at frame 16 is past the end of the 16-frame clip (frames count from 0 to 15)",
                assertThrows(IllegalArgumentException.class, () -> Recipes.toRequest(recipe("0: closed eyes, 16: open eyes", 16), null, List.of()))
                        .getMessage());
        assertEquals("frame 4 has two prompts; give each keyframe its own frame",
                assertThrows(IllegalArgumentException.class, () -> Recipes.toRequest(recipe("4: a\n4: b", 16), null, List.of())).getMessage());
    }
}
