package cinegen.project.io;

import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.project.Brush;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.StrokePoint;
import cinegen.project.edit.DuplicateClipEdit;
import cinegen.project.edit.MaskStrokeEdit;
import cinegen.project.edit.UndoHistory;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ProjectStoreTest {
    @TempDir Path tmp;
    private ProjectStore store;
    private Path folder;

    @BeforeEach
    void setUp() {
        store = new ProjectStore(tmp.resolve("settings"));
        folder = tmp.resolve("kites");
    }

    private Project full() throws Exception {
        return StoreFixtures.fullProject(store, folder, tmp.resolve("outside"));
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void saveCloseReopenFindsEverythingAsItWas() throws Exception {
        Project saved = full();
        assertFalse(saved.isDirty());
        FrameSequence frames = store.loadFrames(saved, "gen");
        store.close(saved);

        Project reopened = store.open(folder);
        StoreFixtures.assertSameDocument(saved, reopened);
        assertFalse(reopened.isDirty());
        assertEquals(folder.toRealPath(), reopened.folder().orElseThrow());
        assertEquals(42, reopened.mediaItem("gen").orElseThrow().recipe().seed());
        assertEquals("sha256:0123abcd", reopened.mediaItem("gen").orElseThrow().recipe().modelPackHash());
        assertEquals(Boolean.FALSE, reopened.mediaItem("gen").orElseThrow().recipe().cropToRegion(), "the whole frame, as it was made");

        FrameSequence again = store.loadFrames(reopened, "gen");
        assertEquals(frames.frameCount(), again.frameCount());
        for (int i = 0; i < frames.frameCount(); i++) assertArrayEquals(frames.frame(i), again.frame(i), "frame " + i);
        assertEquals(12, again.fps());

        MaskTrack perFrame = reopened.maskTracks().get(1);
        assertTrue(perFrame.isPerFrame());
        assertSame(perFrame.mask(3), perFrame.mask(5), "frames sharing a mask share one file and one object");
        assertEquals(List.of(reopened.mediaItem("video").orElseThrow()), store.missingMedia(reopened), "the video was never imported");
    }

    @Test
    void projectFolderLayoutAndMaskFiles() throws Exception {
        full();
        assertEquals(List.of("frames", "masks", "media", ProjectStore.PROJECT_FILE), names(folder));
        assertEquals(List.of("beach_photo.png"), names(folder.resolve("media")));
        assertEquals(List.of("000000.png", "000001.png", "000002.png", "000003.png", "000004.png", "000005.png"),
                names(folder.resolve("frames/gen")));
        // still mask, blank shared mask of the generated clip (frames 0-1) and its painted one (2-5): three files
        List<String> masks = names(folder.resolve("masks"));
        assertEquals(3, masks.size(), masks.toString());
        for (String m : masks) {
            BufferedImage img = ImageIO.read(folder.resolve("masks").resolve(m).toFile());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType(), "8-bit grayscale");
            assertTrue(img.getWidth() == 64 && img.getHeight() == 48 || img.getWidth() == 48 && img.getHeight() == 32,
                    "full resolution: " + img.getWidth() + "x" + img.getHeight());
        }
        JsonNode doc = ProjectCodec.MAPPER.readTree(folder.resolve(ProjectStore.PROJECT_FILE).toFile());
        assertEquals(ProjectCodec.CURRENT_FORMAT, doc.get("formatVersion").asInt());
        assertEquals("media/beach_photo.png", doc.get("media").get(0).get("path").asText());
        assertFalse(doc.toString().contains(tmp.toString()), "no absolute paths in the project file");
    }

    @Test
    void savingAgainWritesOnlyChangedMasksAndDropsUnusedOnes() throws Exception {
        Project p = full();
        Map<String, String> before = FolderSnapshot.of(folder.resolve("masks"));
        p.setName("Kites again");
        store.save(p);
        assertEquals(before, FolderSnapshot.of(folder.resolve("masks")), "unchanged masks are not rewritten");

        UndoHistory h = new UndoHistory(p);
        MaskTrack stillMask = p.maskTracks().get(0);
        h.perform(MaskStrokeEdit.of(stillMask, 0, List.of(new StrokePoint(60, 40)), Brush.paint(6, 1)));
        store.save(p);
        Map<String, String> after = FolderSnapshot.of(folder.resolve("masks"));
        assertEquals(before.size(), after.size(), "the old still mask is gone, the new one is there");
        assertNotEquals(before.keySet(), after.keySet());
    }

    @Test
    void saveIsAtomicAndAFailedSaveKeepsTheLastVersion() throws Exception {
        Project p = full();
        Path file = folder.resolve(ProjectStore.PROJECT_FILE);
        byte[] lastSaved = Files.readAllBytes(file);
        new UndoHistory(p).perform(DuplicateClipEdit.of(p, p.timeline().clips().get(0).id()));
        // a new mask must be written, but masks/ has been replaced by a file
        Mask painted = Mask.filled(64, 48, 0.5f);
        p.maskTracks().get(0).setMask(0, painted);
        Path masks = folder.resolve("masks");
        try (Stream<Path> s = Files.list(masks)) {
            for (Path m : s.toList()) Files.delete(m);
        }
        Files.delete(masks);
        Files.writeString(masks, "not a folder");

        ProjectException e = assertThrows(ProjectException.class, () -> store.save(p));
        assertTrue(e.getMessage().contains("masks"), e.getMessage());
        assertArrayEquals(lastSaved, Files.readAllBytes(file), "the saved file is untouched");
        assertTrue(p.isDirty(), "still unsaved");
        assertTrue(names(folder).stream().noneMatch(n -> n.endsWith(".tmp")), "no temporary files left: " + names(folder));
    }

    @Test
    void saveAsCopiesMediaAndContinuesInTheNewFolder() throws Exception {
        Project p = full();
        Map<String, String> oldFolder = FolderSnapshot.of(folder);
        Path copy = tmp.resolve("copy");
        p.setName("Kites copy");
        store.saveAs(p, copy);
        assertEquals(copy.toRealPath(), p.folder().orElseThrow());
        assertFalse(p.isDirty());
        Map<String, String> oldAfter = FolderSnapshot.of(folder);
        assertEquals(oldFolder, oldAfter, "the old folder stays as it was saved");
        store.close(p);

        // the copy stands on its own
        Path moved = tmp.resolve("elsewhere");
        Files.move(copy, moved);
        deleteTree(folder);
        Project reopened = store.open(moved);
        assertEquals("Kites copy", reopened.name());
        assertEquals(6, store.loadFrames(reopened, "gen").frameCount());
        assertTrue(Files.isRegularFile(store.resolve(reopened, "media/beach_photo.png")));
        assertEquals(2, reopened.maskTracks().size());
    }

    @Test
    void saveAsAndCreateRefuseNonEmptyFolders() throws Exception {
        Project p = full();
        Path busy = tmp.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("notes.txt"), "mine");
        Map<String, String> before = FolderSnapshot.of(busy);
        ProjectException e = assertThrows(ProjectException.class, () -> store.saveAs(p, busy));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertThrows(ProjectException.class, () -> store.create(busy, "Other"));
        assertEquals(before, FolderSnapshot.of(busy));
        assertThrows(ProjectException.class, () -> store.create(tmp.resolve("fresh"), "  "));
        assertFalse(Files.exists(tmp.resolve("fresh")));
    }

    @Test
    void aProjectCannotBeOpenedTwice() throws Exception {
        Project p = full();
        ProjectException e = assertThrows(ProjectException.class, () -> store.open(folder));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
        ProjectStore other = new ProjectStore(tmp.resolve("settings"));
        e = assertThrows(ProjectException.class, () -> other.open(folder));
        assertTrue(e.getMessage().contains("another Cinegen Studio"), e.getMessage());
        store.close(p);
        store.close(other.open(folder));
    }

    @Test
    void autosaveWritesASeparateFileOnlyWhenThereAreChanges() throws Exception {
        Project p = full();
        Path main = folder.resolve(ProjectStore.PROJECT_FILE);
        Path auto = folder.resolve(ProjectStore.AUTOSAVE_FILE);
        assertFalse(store.autosave(p), "nothing unsaved");
        assertFalse(Files.exists(auto));
        byte[] saved = Files.readAllBytes(main);
        p.setName("Kites, unsaved");
        assertTrue(store.autosave(p));
        assertArrayEquals(saved, Files.readAllBytes(main), "autosave never touches the saved file");
        assertEquals("Kites, unsaved", ProjectCodec.MAPPER.readTree(auto.toFile()).get("name").asText());
        assertTrue(p.isDirty(), "an autosave is not a save");
        store.save(p);
        assertFalse(Files.exists(auto), "a save removes the autosave");
        p.setName("Kites, again");
        store.autosave(p);
        store.close(p);
        assertFalse(Files.exists(auto), "closing drops the autosave (the user was asked)");
    }

    @Test
    void importCopiesUnderACleanFreeName() throws Exception {
        Project p = store.create(folder, "Imports");
        Path src = StoreFixtures.photo(tmp.resolve("outside"), "my photo!.png");
        assertEquals("media/my_photo_.png", store.importFile(p, src));
        assertEquals("media/my_photo_-1.png", store.importFile(p, src));
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(folder.resolve("media/my_photo_-1.png")));
        assertThrows(ProjectException.class, () -> store.importFile(p, tmp.resolve("nope.png")));
        assertThrows(ProjectException.class, () -> store.importFile(p, tmp));
    }

    @Test
    void framesAreSavedAllOrNothingAndCheckedOnLoad() throws Exception {
        Project p = store.create(folder, "Frames");
        FrameSequence seq = StoreFixtures.frames(8, 6, 3);
        store.saveFrames(p, "g1", seq);
        ProjectException dup = assertThrows(ProjectException.class, () -> store.saveFrames(p, "g1", seq));
        assertTrue(dup.getMessage().contains("already exist"), dup.getMessage());
        assertThrows(ProjectException.class, () -> store.saveFrames(p, "../g2", seq));
        assertEquals(List.of("g1"), names(folder.resolve("frames")), "no temporary folders left");

        p.addMedia(0, MediaItem.generated("g1", "one", 8, 6, 3, 12, cinegen.project.SampleProjects.recipe(1)));
        assertEquals(3, store.loadFrames(p, "g1").frameCount());
        Files.delete(folder.resolve("frames/g1/000001.png"));
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.loadFrames(p, "g1"));
        assertTrue(e.getMessage().contains("2 frames"), e.getMessage());
        assertThrows(ProjectException.class, () -> store.loadFrames(p, "nope"));
    }

    @Test
    void aNeverSavedProjectNeedsSaveAs() throws Exception {
        Project p = new Project("Loose");
        ProjectException e = assertThrows(ProjectException.class, () -> store.save(p));
        assertTrue(e.getMessage().contains("Save As"), e.getMessage());
        assertFalse(store.autosave(p));
        store.saveAs(p, folder);
        assertTrue(Files.isRegularFile(folder.resolve(ProjectStore.PROJECT_FILE)));
        p.setName("Loose 2");
        store.save(p);
        store.close(p);
        assertEquals("Loose 2", store.open(folder).name());
    }

    @Test
    void recentProjectsAreRememberedMostRecentFirst() throws Exception {
        RecentProjects recent = store.recentProjects();
        for (int i = 0; i < 12; i++) store.close(store.create(tmp.resolve("p" + i), "P" + i));
        List<Path> list = recent.list();
        assertEquals(RecentProjects.MAX, list.size());
        assertEquals(tmp.resolve("p11").toRealPath(), list.get(0));
        assertEquals(tmp.resolve("p2").toRealPath(), list.get(9));

        store.close(store.open(tmp.resolve("p5")));
        assertEquals(tmp.resolve("p5").toRealPath(), new ProjectStore(tmp.resolve("settings")).recentProjects().list().get(0),
                "kept across restarts");
        Path p11 = tmp.resolve("p11").toRealPath();
        assertTrue(recent.list().contains(p11));
        deleteTree(p11);
        assertFalse(recent.list().contains(p11), "gone folders are skipped");
        recent.remove(tmp.resolve("p5").toRealPath());
        assertFalse(recent.list().contains(tmp.resolve("p5").toRealPath()));

        Files.writeString(tmp.resolve("settings").resolve(RecentProjects.FILE), "{ not json");
        assertEquals(List.of(), recent.list(), "a broken list is an empty one");
        recent.add(tmp.resolve("p3"));
        assertEquals(List.of(tmp.resolve("p3").toRealPath()), recent.list());
        recent.clear();
        assertEquals(List.of(), recent.list());
    }

    @Test
    void openNamesWhatIsMissing() throws Exception {
        ProjectException e = assertThrows(ProjectException.class, () -> store.open(tmp.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(ProjectException.class, () -> store.open(tmp.resolve("empty")));
        assertTrue(e.getMessage().contains(ProjectStore.PROJECT_FILE + " is missing"), e.getMessage());
        Project p = full();
        store.close(p);
        assertEquals("Kites", store.open(folder.resolve(ProjectStore.PROJECT_FILE)).name(), "the file works as well as the folder");
    }

    static void deleteTree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
