package cinegen.app;

import cinegen.project.Clip;
import cinegen.project.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectException;
import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 32: an export whose frames cannot fit in memory is refused from the project's numbers, before loading. */
class TimelineRendererTest {
    @Test
    void aTimelineBeyondTheMemoryBudgetIsRefusedBeforeLoading(@TempDir Path dir) throws Exception {
        ProjectStore store = new ProjectStore(dir.resolve("settings"));
        Project p = store.create(dir.resolve("film"), "film");
        GenerationRecipe recipe = GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                .prompt("a red square").size(32, 32).frames(8).fps(8).build();
        p.addMedia(0, MediaItem.generated("gen1", "clip one", 32, 32, 8, 8, recipe));
        store.saveFrames(p, "gen1", ExportCommandTest.moving(8));
        // a gap of 5000 frames costs one black frame, not 5000
        p.timeline().setClips(List.of(new Clip("c1", "gen1", "one", 0, 0, 8), new Clip("c2", "gen1", "two", 5008, 2, 6)));
        store.save(p);

        // 8 frames of 32x32 plus a black frame: about 37 KB
        assertEquals(3, new TimelineRenderer(store, p, 64 * 1024).timeline().size());
        ProjectException e = assertThrows(ProjectException.class, () -> new TimelineRenderer(store, p, 16 * 1024).timeline());
        assertTrue(e.getMessage().contains("the timeline of film") && e.getMessage().contains("--clip"), e.getMessage());
        ProjectException one = assertThrows(ProjectException.class, () -> new TimelineRenderer(store, p, 16 * 1024).clip("c2"));
        assertTrue(one.getMessage().contains("clip 'c2'"), one.getMessage());
        store.close(p);
    }
}
