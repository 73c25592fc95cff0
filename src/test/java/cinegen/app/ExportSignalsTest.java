package cinegen.app;

import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 32: an export stopped by Ctrl-C or SIGTERM leaves no temporary file or folder behind, and what a kill -9
 * leaves is removed by the next export. The export runs in a child JVM, which the test signals mid-way.
 */
class ExportSignalsTest {
    @TempDir static Path dir;
    static Path project, shortProject;

    @BeforeAll
    static void longProject() throws Exception {
        ProjectStore store = new ProjectStore(dir.resolve("settings"));
        project = dir.resolve("still-film");
        Project p = store.create(project, "still film");
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 128);
        Path photo = dir.resolve("photo.png");
        ImageIO.write(img, "png", photo.toFile());
        String rel = store.importFile(p, photo);
        p.addMedia(0, MediaItem.image("photo", "photo.png", rel, 64, 64));
        // a still held for 20000 frames: long enough to be stopped while it is written
        p.timeline().setClips(List.of(new Clip("c1", "photo", "long", 0, 0, 20_000)));
        store.save(p);
        store.close(p);
        shortProject = dir.resolve("short-film");
        Project q = store.create(shortProject, "short film");
        q.addMedia(0, MediaItem.image("photo", "photo.png", store.importFile(q, photo), 64, 64));
        q.timeline().setClips(List.of(new Clip("c1", "photo", "short", 0, 0, 4)));
        store.save(q);
        store.close(q);
    }

    record Child(Process process, Path tmp, Path outFolder) {}

    static Process export(Path tmp, String log, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Djava.awt.headless=true", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "export"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    }

    /** Starts an export in another JVM and waits until its temporary output exists. */
    static Child startExport(String name, String out) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve(name + "-tmp"));
        Path outFolder = Files.createDirectories(dir.resolve(name + "-out"));
        Process child = export(tmp, name + ".log", project.toString(), "--out", outFolder.resolve(out).toString(), "--scale", "8");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        // Both the hidden output and the temporary folder's file exist once the export is under way (in either order).
        while (hidden(outFolder).isEmpty() || list(tmp).isEmpty()) {
            assertTrue(child.isAlive(), "the export is still running: " + Files.readString(dir.resolve(name + ".log")));
            assertTrue(System.nanoTime() < deadline, "the export started writing");
            Thread.sleep(50);
        }
        assertFalse(list(tmp).isEmpty(), "the export keeps its settings in a temporary folder");
        return new Child(child, tmp, outFolder);
    }

    static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    static List<Path> hidden(Path folder) throws Exception {
        return list(folder).stream().filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }

    static void signal(Child c, String sig) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(c.process().pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(c.process().waitFor(60, TimeUnit.SECONDS), "the export stopped");
    }

    @Test
    void sigtermLeavesNothingBehind() throws Exception {
        Child c = startExport("term", "film.mp4");
        signal(c, "TERM");
        assertEquals(List.of(), list(c.outFolder()), "no .part file, no output");
        assertEquals(List.of(), list(c.tmp()), "no cinegen-export folder in the temporary folder");
    }

    @Test
    void ctrlCLeavesNothingBehindOfAPngSequence() throws Exception {
        Child c = startExport("int", "frames");
        signal(c, "INT");
        assertEquals(List.of(), list(c.outFolder()), "no temporary folder of frames, no output");
        assertEquals(List.of(), list(c.tmp()));
    }

    @Test
    void whatKillNineLeavesIsRemovedByTheNextExport() throws Exception {
        Child c = startExport("kill", "film.mp4");
        signal(c, "KILL");
        List<Path> left = new ArrayList<>(hidden(c.outFolder()));
        left.addAll(list(c.tmp()));
        assertEquals(2, left.size(), "a hook cannot run on kill -9: " + left);
        // as if it happened a while ago (a file another machine is still writing keeps changing)
        for (Path p : left) Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));

        // the next export into the same folder, with the same temporary folder, sweeps them up
        Process next = export(c.tmp(), "next.log", shortProject.toString(), "--out", c.outFolder().resolve("small.gif").toString());
        assertTrue(next.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, next.exitValue(), Files.readString(dir.resolve("next.log")));
        assertEquals(List.of(c.outFolder().resolve("small.gif")), list(c.outFolder()));
        assertEquals(List.of(), list(c.tmp()));
    }
}
