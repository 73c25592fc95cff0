package cinegen.app.studio;

import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.FrameSequence;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectException;
import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session's project lifecycle on real folders: untitled scratch, generated clips, Save As, open, refusals. */
class StudioSessionTest {
    @TempDir Path settings;
    @TempDir Path work;

    static GeneratedVideo video(int frames) {
        List<int[]> list = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            int[] px = new int[16 * 16];
            java.util.Arrays.fill(px, 0xff000000 | (f * 40) << 16 | 0x30);
            list.add(px);
        }
        GenerationRequest r = GenerationRequest.builder().prompt("p").frames(frames).build();
        return new GeneratedVideo(new FrameSequence(16, 16, 8, list), r, "tiny", "sha256:abc", "cpu", 1);
    }

    static GenerationRecipe recipe() {
        return GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO).prompt("p")
                .size(16, 16).frames(3).fps(8).modelPack("tiny", "sha256:abc").engineVersion("test").build();
    }

    @Test
    void anUntitledProjectTakesGeneratedClipsAndSaveAsMovesItOutOfTheScratchFolder() throws Exception {
        try (StudioSession s = StudioSession.start(settings)) {
            assertTrue(s.isUntitled());
            Path scratch = s.project().folder().orElseThrow();
            assertTrue(scratch.startsWith(settings.resolve(StudioSession.UNTITLED_FOLDER).toRealPath()));
            MediaItem item = s.saveGenerated(video(3), recipe(), "clip one");
            String clipId = s.addGenerated(item);
            assertEquals(1, s.project().timeline().clips().size());
            assertEquals(clipId, s.project().timeline().clips().get(0).id());
            assertTrue(s.project().isDirty());
            s.history().undo();
            assertTrue(s.project().timeline().clips().isEmpty());
            s.history().redo();

            Path target = work.resolve("Kites");
            s.saveAs(target);
            assertFalse(s.isUntitled());
            assertEquals("Kites", s.project().name());
            assertFalse(Files.exists(scratch), "scratch folder removed");
            assertTrue(Files.isRegularFile(target.resolve(ProjectStore.PROJECT_FILE)));
            assertFalse(s.project().isDirty());
            FrameSequence back = s.loadFrames(s.project().media().get(0), 0);
            assertArrayEquals(video(3).frames().frame(2), back.frame(2));
            assertEquals(List.of(target.toRealPath()), s.recentProjects());
        }
    }

    @Test
    void aCorruptProjectIsRefusedWithAMessageAndTheCurrentProjectStays() throws Exception {
        Path bad = work.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve(ProjectStore.PROJECT_FILE), "{\"formatVersion\": 2, \"name\": ");
        byte[] before = Files.readAllBytes(bad.resolve(ProjectStore.PROJECT_FILE));
        try (StudioSession s = StudioSession.start(settings)) {
            Project current = s.project();
            ProjectException e = assertThrows(ProjectException.class, () -> s.open(bad));
            assertFalse(e.getMessage().isBlank());
            assertSame(current, s.project());
            assertArrayEquals(before, Files.readAllBytes(bad.resolve(ProjectStore.PROJECT_FILE)));
            try (var files = Files.list(bad)) {
                assertEquals(1, files.count(), "nothing written beside the file");
            }
        }
    }

    @Test
    void importedImagesAreCopiedIntoTheProjectAndDecodedAtTheirSize() throws Exception {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 4, 0xff0000);
        Path png = work.resolve("still.png");
        ImageIO.write(img, "png", png.toFile());
        try (StudioSession s = StudioSession.start(settings)) {
            MediaItem item = s.prepareImport(png);
            s.addImported(item);
            assertEquals("media/still.png", item.path());
            assertEquals(40, item.width());
            assertTrue(Files.isRegularFile(s.project().folder().orElseThrow().resolve("media/still.png")));
            FrameSequence f = s.loadFrames(item, 0);
            assertEquals(1, f.frameCount());
            assertEquals(0xffff0000, f.frame(0)[4 * 40 + 3]);
            s.history().undo();
            assertTrue(s.project().media().isEmpty());
        }
    }

    @Test
    void saveAsCreatesTheProjectFolderFromATypedName() throws Exception {
        try (StudioSession s = StudioSession.start(settings)) {
            StudioSession.SaveAsProposal first = s.proposeSaveAs(work);
            assertEquals(work, first.folder(), "an untitled project starts in the documents folder");
            assertEquals("Untitled", first.name());
            Files.createDirectories(work.resolve("Untitled"));
            assertEquals("Untitled 2", s.proposeSaveAs(work).name(), "a name that is taken there gets a number");

            // Names that cannot become a new project folder are refused with a sentence, and nothing is written.
            Files.writeString(work.resolve("notes.txt"), "x");
            Path full = Files.createDirectories(work.resolve("Full"));
            Files.writeString(full.resolve("a.txt"), "x");
            Map<String, String> refused = Map.of("notes.txt", "is a file", "Full", "folder with files in it", " ", "Type a name");
            for (var e : refused.entrySet()) {
                ProjectException x = assertThrows(ProjectException.class, () -> s.saveAs(work.resolve(e.getKey())));
                assertTrue(x.getMessage().contains(e.getValue().replace("is a file", "file called")), x.getMessage());
            }
            assertTrue(s.isUntitled());
            assertEquals("Untitled", s.project().name());
            assertEquals(List.of("a.txt"), Files.list(full).map(p -> p.getFileName().toString()).toList());

            // A typed name: its folder is created (a project extension typed after it is dropped).
            s.saveAs(work.resolve("Kites.cgproj.json"));
            assertFalse(s.isUntitled());
            assertEquals("Kites", s.project().name());
            assertTrue(Files.isRegularFile(work.resolve("Kites").resolve(ProjectStore.PROJECT_FILE)));
            assertFalse(Files.exists(work.resolve("Kites.cgproj.json")));
            StudioSession.SaveAsProposal next = s.proposeSaveAs(settings);
            assertEquals(work.toRealPath(), next.folder().toRealPath(), "next to the project");
            assertEquals("Kites 2", next.name());
            ProjectStore elsewhere = new ProjectStore(work.resolve("other-settings"));
            elsewhere.close(elsewhere.create(work.resolve("Other"), "Other"));
            ProjectException other = assertThrows(ProjectException.class, () -> s.saveAs(work.resolve("Other")));
            assertTrue(other.getMessage().contains("is another project"), other.getMessage());
            s.saveAs(work.resolve("Kites")); // its own folder: saved in place

            // An empty folder that exists is fine too.
            Files.createDirectories(work.resolve("Empty"));
            s.saveAs(work.resolve("Empty"));
            assertTrue(Files.isRegularFile(work.resolve("Empty").resolve(ProjectStore.PROJECT_FILE)));
        }
    }

    /**
     * Issue 31, point 4: a variable-rate AVI imports with the frame count and rate of its grid; a file that cannot be
     * read to its end is refused before anything is copied into the project, so the bin gets nothing.
     */
    @Test
    void importReadsTheWholeFileFirstAndAFailedImportLeavesNothingBehind() throws Exception {
        Path avi = cinegen.media.TestVideos.variableRateAvi(work.resolve("tree.avi"), 64, 48, 15, new int[] {0, 3, 9, 30, 44}, 45);
        Path mp4 = cinegen.media.TestVideos.greySteps(work.resolve("steps.mp4"), 64, 48, 48, 24);
        byte[] bytes = Files.readAllBytes(mp4);
        Path cut = work.resolve("cut.mp4");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));
        try (StudioSession s = StudioSession.start(settings)) {
            MediaItem tree = s.prepareImport(avi);
            assertEquals(45, tree.frameCount(), "every slot of its 15 fps grid");
            assertEquals(15, tree.fps(), 1e-9);
            s.addImported(tree);
            assertEquals(45, s.loadFrames(tree, 0).frameCount(), "what the bin says is what loads");

            Path media = s.project().folder().orElseThrow().resolve("media");
            long before;
            try (var list = Files.list(media)) {
                before = list.count();
            }
            cinegen.media.MediaException e = assertThrows(cinegen.media.MediaException.class, () -> s.prepareImport(cut));
            assertTrue(e.getMessage().contains("cut.mp4"), e.getMessage());
            try (var list = Files.list(media)) {
                assertEquals(before, list.count(), "nothing copied into the project");
            }
            assertEquals(1, s.project().media().size(), "the bin has only the good file");
        }
    }
}
