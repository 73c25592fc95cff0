package cinegen.project.io;

import cinegen.project.Project;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A shared project can never make the studio read or write outside its folder: paths with '..', absolute paths,
 * and links leading out are refused with a message naming the path, and nothing changes on disk.
 */
class PathSafetyTest {
    @TempDir Path tmp;
    private Path folder;
    private Path outside;
    private Path settings;

    @BeforeEach
    void setUp() throws Exception {
        settings = tmp.resolve("settings");
        folder = tmp.resolve("shared");
        outside = tmp.resolve("private");
        ProjectStore store = new ProjectStore(settings);
        store.close(StoreFixtures.fullProject(store, folder, tmp.resolve("import-source")));
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.txt"), "do not read");
        StoreFixtures.photo(outside, "beach_photo.png");
    }

    private void setMediaPath(int index, String path) throws Exception {
        Path file = folder.resolve(ProjectStore.PROJECT_FILE);
        ObjectNode root = (ObjectNode) ProjectCodec.MAPPER.readTree(file.toFile());
        ((ObjectNode) root.get("media").get(index)).put("path", path);
        Files.write(file, ProjectCodec.MAPPER.writeValueAsBytes(root));
    }

    private String refusedOnOpen() throws Exception {
        Map<String, String> before = FolderSnapshot.of(tmp);
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> new ProjectStore(settings).open(folder));
        assertEquals(before, FolderSnapshot.of(tmp), "nothing changed anywhere");
        return e.getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../private/secret.txt | '..'",
            "media/../../private/secret.txt | '..'",
            "/etc/hostname | absolute",
            "media\\\\beach_photo.png | backslash",
            "C:/Windows/win.ini | drive letter",
            "media//beach_photo.png | empty segment",
            "./media/beach_photo.png | '.'"})
    void pathsThatLeaveTheFolderAreRefused(String path, String reason) throws Exception {
        setMediaPath(0, path);
        String m = refusedOnOpen();
        assertTrue(m.contains("'" + path + "'"), "names the path: " + m);
        assertTrue(m.contains(reason), "says why: " + m);
    }

    @Test
    void aMediaFileLinkingOutsideIsRefused() throws Exception {
        Path media = folder.resolve("media/beach_photo.png");
        Files.delete(media);
        Files.createSymbolicLink(media, outside.resolve("secret.txt"));
        String m = refusedOnOpen();
        assertTrue(m.contains("'media/beach_photo.png'") && m.contains("outside the project folder"), m);
    }

    @Test
    void aMediaFolderLinkingOutsideIsRefused() throws Exception {
        ProjectStoreTest.deleteTree(folder.resolve("media"));
        Files.createSymbolicLink(folder.resolve("media"), outside);
        String m = refusedOnOpen();
        assertTrue(m.contains("'media/beach_photo.png'") && m.contains("outside"), m);
    }

    @Test
    void aMaskLinkingOutsideIsRefused() throws Exception {
        String name = Files.readString(folder.resolve(ProjectStore.PROJECT_FILE))
                .replaceAll("(?s).*\"(masks/[0-9a-f]{32}\\.png)\".*", "$1");
        Files.delete(folder.resolve(name));
        Files.createSymbolicLink(folder.resolve(name), outside.resolve("beach_photo.png"));
        String m = refusedOnOpen();
        assertTrue(m.contains(name) && m.contains("outside"), m);
    }

    @Test
    void generatedFramesLinkingOutsideAreRefused() throws Exception {
        ProjectStoreTest.deleteTree(folder.resolve("frames/gen"));
        Files.createSymbolicLink(folder.resolve("frames/gen"), outside);
        String m = refusedOnOpen();
        assertTrue(m.contains("'frames/gen'"), m);
    }

    @Test
    void theProjectFileItselfLinkingOutsideIsRefused() throws Exception {
        Path file = folder.resolve(ProjectStore.PROJECT_FILE);
        Files.move(file, outside.resolve("real.json"));
        Files.createSymbolicLink(file, outside.resolve("real.json"));
        String m = refusedOnOpen();
        assertTrue(m.contains(ProjectStore.PROJECT_FILE), m);
    }

    @Test
    void aBrokenLinkIsRefused() throws Exception {
        Path media = folder.resolve("media/beach_photo.png");
        Files.delete(media);
        Files.createSymbolicLink(media, folder.resolve("media/nothing-here.png"));
        String m = refusedOnOpen();
        assertTrue(m.contains("broken link"), m);
    }

    @Test
    void aLinkThatStaysInsideIsFine() throws Exception {
        Files.createSymbolicLink(folder.resolve("media/alias.png"), folder.resolve("media/beach_photo.png"));
        setMediaPath(0, "media/alias.png");
        ProjectStore store = new ProjectStore(settings);
        Project p = store.open(folder);
        assertEquals(folder.resolve("media/beach_photo.png").toRealPath(), store.resolve(p, "media/alias.png"));
        assertThrows(ProjectFormatException.class, () -> store.resolve(p, "../private/secret.txt"));
    }

    @Test
    void noWritesThroughALinkOutside() throws Exception {
        ProjectStore store = new ProjectStore(settings);
        Project p = store.open(folder);
        ProjectStoreTest.deleteTree(folder.resolve("frames"));
        Files.createSymbolicLink(folder.resolve("frames"), outside);
        ProjectStoreTest.deleteTree(folder.resolve("media"));
        Files.createSymbolicLink(folder.resolve("media"), outside);
        Map<String, String> before = FolderSnapshot.of(outside);

        assertThrows(ProjectFormatException.class, () -> store.saveFrames(p, "gen2", StoreFixtures.frames(4, 4, 2)));
        assertThrows(ProjectFormatException.class, () -> store.importFile(p, outside.resolve("secret.txt")));
        ProjectStoreTest.deleteTree(folder.resolve("masks"));
        Files.createSymbolicLink(folder.resolve("masks"), outside);
        p.setName("changed");
        assertThrows(ProjectFormatException.class, () -> store.save(p));
        assertThrows(ProjectFormatException.class, () -> store.autosave(p));
        assertEquals(before, FolderSnapshot.of(outside), "nothing written outside");
    }

    @Test
    void aFrameFileLinkingOutsideIsNotRead() throws Exception {
        ProjectStore store = new ProjectStore(settings);
        Project p = store.open(folder);
        Path frame = folder.resolve("frames/gen/000003.png");
        Files.delete(frame);
        Files.createSymbolicLink(frame, outside.resolve("beach_photo.png"));
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.loadFrames(p, "gen"));
        assertTrue(e.getMessage().contains("frames/gen/000003.png"), e.getMessage());
    }
}
