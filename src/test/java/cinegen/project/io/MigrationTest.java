package cinegen.project.io;

import cinegen.project.Clip;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.MaskTrack;
import cinegen.project.Project;
import cinegen.project.Sampler;
import cinegen.project.StyleBlend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A real format-1 project (src/test/resources/cinegen/project/format1) opens, migrated, and saves as the current format. */
class MigrationTest {
    @TempDir Path tmp;
    private Path folder;
    private ProjectStore store;

    @BeforeEach
    void copyFixture() throws Exception {
        Path fixture = Path.of(MigrationTest.class.getResource("/cinegen/project/format1/project.cgproj.json").toURI()).getParent();
        folder = tmp.resolve("harbour");
        try (Stream<Path> walk = Files.walk(fixture)) {
            for (Path p : walk.toList()) {
                Path target = folder.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        store = new ProjectStore(tmp.resolve("settings"));
    }

    private static void assertMigrated(Project p) {
        assertEquals("Harbour at dusk", p.name());
        assertEquals(StyleBlend.of("watercolor", 0.7), p.settings().styles(), "single style became a blend");
        assertEquals(Sampler.EULER_ANCESTRAL, p.settings().sampler());
        assertEquals("blurry", p.settings().negativePrompt());

        GenerationRecipe r = p.mediaItem("gen-1").orElseThrow().recipe();
        assertEquals(GenerationMode.CINEMAGRAPH, r.mode());
        assertEquals(1234, r.seed());
        assertEquals(StyleBlend.of("watercolor", 0.7), r.styles());
        assertEquals("", r.modelPackHash(), "unknown in format 1");
        assertEquals("", r.engineVersion());
        assertEquals("photo", r.sourceMediaId());
        assertEquals("sky-mask", r.maskTrackId());
        assertEquals(null, r.cropToRegion(), "not stored before: the mode's default");

        List<Clip> clips = p.timeline().clips();
        assertEquals(List.of(0L, 24L, 28L), clips.stream().map(Clip::start).toList(), "format 1 clips followed each other");
        assertEquals(30, p.timeline().duration());
        assertEquals(5, p.timeline().playhead());

        MaskTrack sky = p.maskTrack("sky-mask").orElseThrow();
        assertFalse(sky.isPerFrame());
        assertEquals(1f, sky.mask(0).get(10, 5), 0);
        assertEquals(128 / 255f, sky.mask(0).get(10, 21), 1e-6);
        assertEquals(0f, sky.mask(0).get(10, 40), 0);
    }

    @Test
    void format1OpensMigratedWithoutWritingAnything() throws Exception {
        Map<String, String> before = FolderSnapshot.of(folder);
        Project p = store.open(folder);
        assertMigrated(p);
        assertFalse(p.isDirty());
        assertEquals(4, store.loadFrames(p, "gen-1").frameCount());
        assertEquals(before, FolderSnapshot.of(folder), "opening an old project writes nothing");
    }

    @Test
    void firstSaveWritesTheCurrentFormatAndKeepsABackup() throws Exception {
        byte[] original = Files.readAllBytes(folder.resolve(ProjectStore.PROJECT_FILE));
        Project p = store.open(folder);
        store.save(p);
        var doc = ProjectCodec.MAPPER.readTree(folder.resolve(ProjectStore.PROJECT_FILE).toFile());
        assertEquals(ProjectCodec.CURRENT_FORMAT, doc.get("formatVersion").asInt());
        assertFalse(doc.toString().contains("styleStrength"));
        assertArrayEquals(original, Files.readAllBytes(folder.resolve(ProjectStore.PROJECT_FILE + ".format1.bak")));
        assertTrue(Files.exists(folder.resolve("masks/sky.png")), "masks not written by this studio are never deleted");
        store.close(p);

        Project reopened = store.open(folder);
        assertMigrated(reopened);
        store.save(reopened);
        assertArrayEquals(original, Files.readAllBytes(folder.resolve(ProjectStore.PROJECT_FILE + ".format1.bak")),
                "the backup is made once");
    }
}
