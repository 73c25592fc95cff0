package cinegen.project.io;

import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.Project;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recipes saved with the retired VIDEO_TO_VIDEO mode (src/test/resources/cinegen/project/video-to-video) open as
 * text to video, the only way the studio ever ran them, and are saved under that name.
 */
class RetiredModeTest {
    @TempDir Path tmp;
    private Path folder;
    private ProjectStore store;

    @BeforeEach
    void copyFixture() throws Exception {
        Path fixture = Path.of(RetiredModeTest.class.getResource("/cinegen/project/video-to-video/project.cgproj.json").toURI()).getParent();
        folder = tmp.resolve("old");
        try (Stream<Path> walk = Files.walk(fixture)) {
            for (Path p : walk.toList()) {
                Path target = folder.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        store = new ProjectStore(tmp.resolve("settings"));
    }

    @Test
    void aVideoToVideoRecipeOpensAsTextToVideoWithEverythingElseKept() throws Exception {
        Map<String, String> before = FolderSnapshot.of(folder);
        Project p = store.open(folder);
        GenerationRecipe r = p.mediaItem("gen-1").orElseThrow().recipe();
        assertEquals(GenerationMode.TEXT_TO_VIDEO, r.mode());
        assertEquals("waves rolling in", r.prompt());
        assertEquals(99, r.seed());
        assertEquals("photo", r.sourceMediaId(), "the recipe keeps what it named");
        assertEquals(4, store.loadFrames(p, "gen-1").frameCount(), "the clip's frames are all there");
        assertFalse(p.isDirty());
        assertEquals(before, FolderSnapshot.of(folder), "opening writes nothing");
    }

    @Test
    void savingWritesTheModeItOpenedAs() throws Exception {
        Project p = store.open(folder);
        p.setName(p.name() + " (saved)");
        store.save(p);
        String json = Files.readString(folder.resolve(ProjectStore.PROJECT_FILE));
        assertFalse(json.contains(StoredModes.RETIRED_VIDEO_TO_VIDEO), json);
        assertTrue(json.contains("\"mode\" : \"TEXT_TO_VIDEO\""), json);
        store.close(p);
        assertEquals(GenerationMode.TEXT_TO_VIDEO, store.open(folder).mediaItem("gen-1").orElseThrow().recipe().mode());
    }

    @Test
    void aFormat1RecipeWithTheRetiredModeOpensThroughTheMigration() throws Exception {
        Path file = folder.resolve(ProjectStore.PROJECT_FILE);
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) ProjectCodec.MAPPER.readTree(file.toFile());
        root.put("formatVersion", 1);
        Files.writeString(file, ProjectCodec.MAPPER.writeValueAsString(root));
        assertEquals(GenerationMode.TEXT_TO_VIDEO, store.open(folder).mediaItem("gen-1").orElseThrow().recipe().mode());
    }
}
