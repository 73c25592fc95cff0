package cinegen.app;

import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 32: an export to a full disk says so in one sentence (not FFmpeg's text), on its own line after the progress
 * bar, and leaves nothing on the disk. The full disk is a 32 KB tmpfs, which needs mount rights (skipped elsewhere).
 */
class FullDiskExportTest {
    @TempDir static Path dir;
    static Path project, disk;
    static boolean mounted;

    @BeforeAll
    static void setUp() throws Exception {
        disk = Files.createDirectories(dir.resolve("small-disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", disk.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        mounted = p.waitFor() == 0;
        Assumptions.assumeTrue(mounted, "a small tmpfs can be mounted (needs root)");

        ProjectStore store = new ProjectStore(dir.resolve("settings"));
        project = dir.resolve("noise");
        Project pr = store.create(project, "noise");
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(5);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, r.nextInt(0xffffff));
        Path photo = dir.resolve("noise.png");
        ImageIO.write(img, "png", photo.toFile());
        pr.addMedia(0, MediaItem.image("noise", "noise.png", store.importFile(pr, photo), 64, 64));
        pr.timeline().setClips(List.of(new Clip("c1", "noise", "noise", 0, 0, 40)));
        store.save(pr);
        store.close(pr);
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) new ProcessBuilder("umount", disk.toString()).start().waitFor();
    }

    @Test
    void mp4AndPngToAFullDiskSayTheDiskIsFull() throws Exception {
        for (String out : List.of("film.mp4", "frames")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(List.of("export", project.toString(), "--out", disk.resolve(out).toString(), "--scale", "8"),
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, text);
            String last = text.strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("cinegen export: "), "the error starts its own line, after the progress bar: " + text);
            assertTrue(last.contains("full") && last.contains("'" + out + "'"), last);
            assertFalse(last.contains("error -") || last.contains("av_") || last.contains("avio"), "no FFmpeg text: " + last);
            try (Stream<Path> s = Files.list(disk)) {
                assertEquals(List.of(), s.toList(), "nothing left on the disk");
            }
        }
    }
}
