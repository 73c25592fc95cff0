package cinegen.app;

import cinegen.frames.FrameSequence;
import cinegen.frames.Pixels;
import cinegen.media.ImportOptions;
import cinegen.media.MediaImporter;
import cinegen.project.Clip;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export command on a real saved project: timeline or one clip, scaled and interpolated; bad input exits 2. */
class ExportCommandTest {
    @TempDir static Path dir;
    static Path projectDir;

    static FrameSequence moving(int n) {
        List<int[]> frames = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            int[] px = new int[32 * 32];
            for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) px[y * 32 + x] = Math.abs(x - 4 - 2 * f) < 4 ? Pixels.argb(230, 40, 40) : Pixels.argb(40, 80, 200);
            frames.add(px);
        }
        return new FrameSequence(32, 32, 8, frames);
    }

    @BeforeAll
    static void makeProject() throws Exception {
        ProjectStore store = new ProjectStore(dir.resolve("settings"));
        projectDir = dir.resolve("film");
        Project p = store.create(projectDir, "film");
        GenerationRecipe recipe = GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                .prompt("a red square moving right").size(32, 32).frames(8).fps(8).build();
        p.addMedia(0, MediaItem.generated("gen1", "clip one", 32, 32, 8, 8, recipe));
        store.saveFrames(p, "gen1", moving(8));
        p.timeline().setClips(List.of(new Clip("c1", "gen1", "one", 0, 0, 8), new Clip("c2", "gen1", "two", 8, 2, 6)));
        store.save(p);
        store.close(p);
    }

    static int run(List<String> args, ByteArrayOutputStream err) {
        List<String> all = new ArrayList<>(List.of("export"));
        all.addAll(args);
        return Main.run(all, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void exportsTheWholeTimelineAndOneClip() throws Exception {
        Path mp4 = dir.resolve("film.mp4");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(List.of(projectDir.toString(), "--out", mp4.toString()), err), err.toString());
        assertEquals(12, MediaImporter.probe(mp4).frameCount(), "8 frames of c1 and frames 2..6 of c2");
        Path gif = dir.resolve("one.gif");
        assertEquals(0, run(List.of(projectDir.toString(), "--out", gif.toString(), "--clip", "c2", "--scale", "2"), err), err.toString());
        FrameSequence g = MediaImporter.importFile(gif, ImportOptions.original()).frames();
        assertEquals(4, g.frameCount());
        assertEquals(64, g.width());
    }

    @Test
    void interpolationDoublesTheFrameRate() throws Exception {
        Path out = dir.resolve("smooth.mp4");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(List.of(projectDir.toString(), "--out", out.toString(), "--clip", "c1", "--interpolate", "2"), err), err.toString());
        var info = MediaImporter.probe(out);
        assertEquals(15, info.frameCount());
        assertEquals(16.0, info.fps(), 0.01);
    }

    @Test
    void badInputExitsTwoWithOneClearLine() {
        Path out = dir.resolve("never.mp4");
        List<List<String>> cases = List.of(
                List.of(dir.resolve("no-project").toString(), "--out", out.toString()),
                List.of(projectDir.toString(), "--out", out.toString(), "--clip", "nope"),
                List.of(projectDir.toString(), "--out", out.toString(), "--interpolate", "3"),
                List.of(projectDir.toString(), "--out", out.toString(), "--interpolate", "1"),
                List.of(projectDir.toString(), "--out", dir.resolve("x.avi").toString()),
                List.of(projectDir.toString()));
        for (List<String> c : cases) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, run(c, err), c + " -> " + err);
            String msg = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(1, msg.lines().count(), msg);
            assertFalse(msg.contains("Exception"), msg);
            assertFalse(Files.exists(out));
        }
        assertTrue(Files.exists(projectDir.resolve(ProjectStore.PROJECT_FILE)));
    }

    static java.util.Map<String, byte[]> files(Path root) throws Exception {
        java.util.Map<String, byte[]> out = new java.util.TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) out.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return out;
    }

    @Test
    void anOutputInsideAProjectFolderIsRefused() throws Exception {
        java.util.Map<String, byte[]> before = files(projectDir);
        Path link = dir.resolve("link-to-film");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, projectDir);
        ProjectStore store = new ProjectStore(dir.resolve("settings-other"));
        Path otherProject = dir.resolve("other");
        if (!Files.exists(otherProject)) store.close(store.create(otherProject, "other"));
        for (String out : List.of(
                projectDir.resolve("frames/gen1/%06d.png").toString(),
                projectDir.resolve("frames/gen1").toString(),
                projectDir.resolve("frames").resolve("new-folder").toString(),
                projectDir.toString(),
                projectDir.resolve("film.mp4").toString(),
                link.resolve("frames/gen1/%06d.png").toString(),
                otherProject.resolve("media/x.mp4").toString())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, run(List.of(projectDir.toString(), "--out", out), err), out + " -> " + err);
            String msg = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(1, msg.lines().count(), msg);
            assertTrue(msg.contains("inside the project folder"), msg);
            assertArraysEqual(before, files(projectDir));
        }
        assertFalse(Files.exists(projectDir.resolve("film.mp4")));
        assertFalse(Files.exists(projectDir.resolve("frames/new-folder")));
    }

    static void assertArraysEqual(java.util.Map<String, byte[]> a, java.util.Map<String, byte[]> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(k), b.get(k), k);
    }

    @Test
    void aClipTwoBillionFramesAwayIsRefusedWhenTheProjectIsRead() throws Exception {
        for (String[] edit : new String[][] {{"start", "2000000000"}, {"out", "2000000000"}}) {
            Path copy = dir.resolve("huge-" + edit[0]);
            try (var walk = Files.walk(projectDir)) {
                for (Path p : walk.toList()) {
                    Path to = copy.resolve(projectDir.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(to); else Files.copy(p, to);
                }
            }
            Path file = copy.resolve(ProjectStore.PROJECT_FILE);
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            var clip = (com.fasterxml.jackson.databind.node.ObjectNode) json.get("timeline").get("clips").get(1);
            clip.put(edit[0], Long.parseLong(edit[1]));
            new com.fasterxml.jackson.databind.ObjectMapper().writeValue(file.toFile(), json);
            Path out = dir.resolve("huge-" + edit[0] + ".mp4");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, run(List.of(copy.toString(), "--out", out.toString()), err), err.toString());
            String msg = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(1, msg.lines().count(), msg);
            assertTrue(msg.contains("clip 'c2'") && msg.contains("2000000000"), msg);
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aShortClipOfALongVideoExportsWithoutImportingTheWholeVideo() throws Exception {
        // 25 s of 720p: far more frames than fit in the import budget, of which the timeline uses 48 near the end
        ProjectStore store = new ProjectStore(dir.resolve("settings-video"));
        Path folder = dir.resolve("long-video");
        Project p = store.create(folder, "long video");
        Path source = cinegen.media.TestVideos.greySteps(dir.resolve("long.mp4"), 1280, 720, 600, 24);
        String rel = store.importFile(p, source);
        p.addMedia(0, MediaItem.video("v", "long.mp4", rel, 1280, 720, 600, 24));
        p.timeline().setFps(24);
        p.timeline().setClips(List.of(new Clip("c1", "v", "end", 0, 500, 548)));
        store.save(p);
        store.close(p);
        Files.delete(source);

        Path out = dir.resolve("end.mp4");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(List.of(folder.toString(), "--out", out.toString()), err), err.toString(StandardCharsets.UTF_8));
        FrameSequence f = MediaImporter.importFile(out, ImportOptions.resizedTo(64, 36, ImportOptions.Resize.CROP)).frames();
        assertEquals(48, f.frameCount());
        int first = f.frame(0)[36 * 32] & 0xff, last = f.frame(47)[36 * 32] & 0xff;
        assertEquals(cinegen.media.TestVideos.grey(500), first, 3.0, "the clip starts at source frame 500");
        assertEquals(cinegen.media.TestVideos.grey(547), last, 3.0, "and ends at 547");
    }

    @Test
    void anUnwritableOutputIsRefusedBeforeTheMediaIsRead() throws Exception {
        // a project whose frames are gone: reading the timeline would fail with another message
        Path copy = dir.resolve("no-frames");
        try (var walk = Files.walk(projectDir)) {
            for (Path p : walk.toList()) {
                Path to = copy.resolve(projectDir.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to); else Files.copy(p, to);
            }
        }
        try (var walk = Files.walk(copy.resolve("frames"))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        Path folder = dir.resolve("read-only-exports");
        try (cinegen.testing.ReadOnlyFolder ro = cinegen.testing.ReadOnlyFolder.of(folder)) {
            for (String out : List.of("film.mp4", "film.gif", "frames", "shot%03d.png")) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                assertEquals(2, run(List.of(copy.toString(), "--out", folder.resolve(out).toString()), err), out + " -> " + err);
                String msg = err.toString(StandardCharsets.UTF_8).strip();
                assertEquals(1, msg.lines().count(), msg);
                assertTrue(msg.contains("not writable") || msg.contains("Cannot write"), msg);
            }
            try (var s = Files.list(folder)) {
                assertEquals(0, s.count());
            }
        }
    }
}
