package cinegen.project.io;

import cinegen.project.Project;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A real crash: a second JVM opens the project, autosaves and halts; the next start offers to recover. */
class CrashRecoveryTest {
    @TempDir Path tmp;
    private Path settings;
    private Path folder;
    private byte[] savedFile;
    /** Clips on the saved timeline; the crashed studio duplicated one before autosaving. */
    private int savedClips;

    @BeforeEach
    void setUp() throws Exception {
        settings = tmp.resolve("settings");
        folder = tmp.resolve("kites");
        ProjectStore store = new ProjectStore(settings);
        Project saved = StoreFixtures.fullProject(store, folder, tmp.resolve("outside"));
        savedClips = saved.timeline().clips().size();
        store.close(saved);
        savedFile = Files.readAllBytes(folder.resolve(ProjectStore.PROJECT_FILE));
    }

    private void crashAfter(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"),
                CrashingStudio.class.getName(), settings.toString(), folder.toString(), mode)
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
        assertEquals(3, child.exitValue(), "the child died as planned: " + output);
        assertTrue(output.contains("ready to crash"), output);
    }

    private long markers() throws Exception {
        Path dir = settings.resolve(Sessions.FOLDER);
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void theNextStartOffersTheAutosaveAndRecoversIt() throws Exception {
        crashAfter("autosave");
        assertArrayEquals(savedFile, Files.readAllBytes(folder.resolve(ProjectStore.PROJECT_FILE)), "the saved file is untouched");

        ProjectStore next = new ProjectStore(settings);
        List<RecoverableProject> found = next.findRecoverable();
        assertEquals(1, found.size());
        RecoverableProject r = found.get(0);
        assertEquals(folder.toRealPath(), r.folder());
        assertEquals("Kites", r.projectName());
        assertTrue(r.autosavedAt().isAfter(r.lastSavedAt().orElseThrow()));
        assertEquals(r.folder(), next.recoverableFor(folder).orElseThrow().folder());

        Project p = next.recover(r);
        assertEquals(savedClips + 1, p.timeline().clips().size(), "the clip duplicated before the crash is back");
        assertEquals(1f, p.maskTracks().get(0).mask(0).get(60, 5), 1e-6, "the stroke made before the crash is back");
        assertTrue(p.isDirty(), "recovered changes are not saved yet");
        assertTrue(next.findRecoverable().isEmpty(), "not offered while it is open");

        next.save(p);
        assertFalse(Files.exists(folder.resolve(ProjectStore.AUTOSAVE_FILE)));
        next.close(p);
        assertTrue(new ProjectStore(settings).findRecoverable().isEmpty());
        assertEquals(0, markers(), "no session markers left after a clean close");
        assertEquals(savedClips + 1, new ProjectStore(settings).open(folder).timeline().clips().size(), "the recovered work was saved");
    }

    @Test
    void discardingKeepsTheSavedVersion() throws Exception {
        crashAfter("autosave");
        ProjectStore next = new ProjectStore(settings);
        RecoverableProject r = next.findRecoverable().get(0);
        next.discardRecovery(r);
        assertFalse(Files.exists(folder.resolve(ProjectStore.AUTOSAVE_FILE)));
        assertEquals(0, markers());
        assertTrue(next.findRecoverable().isEmpty());
        assertEquals(savedClips, next.open(folder).timeline().clips().size());
        assertArrayEquals(savedFile, Files.readAllBytes(folder.resolve(ProjectStore.PROJECT_FILE)));
    }

    @Test
    void openingTheSavedVersionInsteadHidesTheOfferWhileOpen() throws Exception {
        crashAfter("autosave");
        ProjectStore next = new ProjectStore(settings);
        Project p = next.open(folder);
        assertEquals(savedClips, p.timeline().clips().size(), "open reads the saved file, not the autosave");
        assertTrue(next.findRecoverable().isEmpty());
        assertTrue(next.recoverableFor(folder).isEmpty());
        next.close(p);
        assertTrue(new ProjectStore(settings).findRecoverable().isEmpty(), "closing dropped the old autosave too");
    }

    @Test
    void aCrashWithNothingUnsavedLeavesNothingToRecover() throws Exception {
        crashAfter("no-changes");
        assertEquals(1, markers(), "the crash left its marker behind");
        ProjectStore next = new ProjectStore(settings);
        assertTrue(next.findRecoverable().isEmpty());
        assertEquals(0, markers(), "the stale marker is cleaned up");
        next.close(next.open(folder));
    }

    @Test
    void aRunningStudioIsNotMistakenForACrashedOne() throws Exception {
        ProjectStore running = new ProjectStore(settings);
        Project p = running.open(folder);
        p.setName("Kites, still being edited");
        assertTrue(running.autosave(p));
        ProjectStore other = new ProjectStore(settings);
        assertTrue(other.findRecoverable().isEmpty(), "the session is alive");
        assertTrue(other.recoverableFor(folder).isEmpty());
        running.close(p);
        assertFalse(Files.exists(folder.resolve(ProjectStore.AUTOSAVE_FILE)));
    }

    @Test
    void aTruncatedAutosaveIsNotOffered() throws Exception {
        // issue 32: it was offered, and recovering it then failed
        crashAfter("autosave");
        Path autosave = folder.resolve(ProjectStore.AUTOSAVE_FILE);
        byte[] bytes = Files.readAllBytes(autosave);
        Files.write(autosave, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ProjectStore next = new ProjectStore(settings);
        assertTrue(next.recoverableFor(folder).isEmpty());
        assertTrue(next.findRecoverable().isEmpty());
        assertEquals(savedClips, next.open(folder).timeline().clips().size(), "the saved version opens");
        assertArrayEquals(savedFile, Files.readAllBytes(folder.resolve(ProjectStore.PROJECT_FILE)));
    }
}
