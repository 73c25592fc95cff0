package cinegen.app;

import cinegen.frames.FrameSequence;
import cinegen.media.ExportOptions;
import cinegen.media.ExportResult;
import cinegen.media.ImportOptions;
import cinegen.media.MediaException;
import cinegen.media.MediaImporter;
import cinegen.media.ProgressListener;
import cinegen.media.VideoExporter;
import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exporting a timeline program: in-between frames are made within clips, never across a cut. */
public class TimelineExportTest {
    static final int RED = 0xffd02020, BLUE = 0xff2040e0;
    @TempDir Path dir;

    /** A red clip of 4 frames cut to a blue clip of 4 frames, 16 px, at 8 fps. */
    static TimelineProgram redThenBlue() throws Exception {
        Project p = new Project("cut");
        p.addMedia(0, MediaItem.video("red", "red", "media/red.mp4", 16, 16, 4, 8));
        p.addMedia(1, MediaItem.video("blue", "blue", "media/blue.mp4", 16, 16, 4, 8));
        p.timeline().setFps(8);
        p.timeline().setClips(List.of(new Clip("r", "red", "", 0, 0, 4), new Clip("b", "blue", "", 4, 0, 4)));
        FrameSequence red = TimelineRendererTest.solid(RED, 4, 16, 16), blue = TimelineRendererTest.solid(BLUE, 4, 16, 16);
        return new TimelineRenderer(p, item -> item.id().equals("red") ? red : blue).program();
    }

    public static List<int[]> readPngs(Path folder) throws Exception {
        List<int[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path f : s.filter(x -> x.toString().endsWith(".png")).sorted().toList()) {
                out.add(MediaImporter.importFile(f, ImportOptions.original()).frames().frame(0));
            }
        }
        return out;
    }

    /** Every pixel of the frame is the red clip's or every pixel is the blue clip's: no frame warped across the cut. */
    static boolean isOneClip(int[] frame) {
        boolean red = true, blue = true;
        for (int p : frame) {
            red &= p == RED;
            blue &= p == BLUE;
        }
        return red || blue;
    }

    @Test
    void inBetweenFramesAreMadeWithinEachClipNeverAcrossTheCut() throws Exception {
        TimelineProgram program = redThenBlue();
        Path out = dir.resolve("frames");
        ExportResult r = TimelineExport.export(program, out, ExportOptions.defaults().withInterpolation(2), (f, s) -> { }, () -> false);
        assertEquals(16, r.fps());
        List<int[]> frames = readPngs(out);
        assertEquals(7 + 7, frames.size(), "4 frames become 7 at twice the rate, per clip");
        for (int i = 0; i < frames.size(); i++) {
            assertTrue(isOneClip(frames.get(i)), "frame " + i + " belongs to one clip");
            assertEquals(i < 7 ? RED : BLUE, frames.get(i)[0], "frame " + i);
        }

        // What the studio did before: the program as one sequence, so a frame in the middle is made of both clips.
        Path joined = dir.resolve("joined");
        VideoExporter.export(program.flatten(), joined, ExportOptions.defaults().withInterpolation(2), ProgressListener.NONE, () -> false);
        assertFalse(readPngs(joined).stream().allMatch(TimelineExportTest::isOneClip), "the old way warps a frame at the cut");
    }

    @Test
    void theMarkedRangeIsWhatIsWrittenWithItsCutKept() throws Exception {
        TimelineProgram range = redThenBlue().range(2, 6);
        Path out = dir.resolve("range");
        TimelineExport.export(range, out, ExportOptions.defaults().withInterpolation(2), (f, s) -> { }, () -> false);
        List<int[]> frames = readPngs(out);
        assertEquals(3 + 3, frames.size(), "two frames of each clip, each interpolated on its own");
        assertTrue(frames.stream().allMatch(TimelineExportTest::isOneClip));
        MediaException empty = assertThrows(MediaException.class, () -> TimelineExport.export(redThenBlue().range(9, 12),
                dir.resolve("none.mp4"), ExportOptions.defaults(), (f, s) -> { }, () -> false));
        assertTrue(empty.getMessage().contains("nothing to export"), empty.getMessage());
        assertFalse(Files.exists(dir.resolve("none.mp4")));
    }

    @Test
    void theStudiosExportRefusesAPlaceInsideAProjectFolder() throws Exception {
        // issue 32: File > Export to PROJECT/frames/ID/%06d.png would overwrite the project's own frames
        cinegen.project.io.ProjectStore store = new cinegen.project.io.ProjectStore(dir.resolve("settings"));
        Path project = dir.resolve("film");
        store.close(store.create(project, "film"));
        for (Path out : List.of(project.resolve("cut.mp4"), project.resolve("media/%06d.png"))) {
            MediaException e = assertThrows(MediaException.class,
                    () -> TimelineExport.export(redThenBlue(), out, ExportOptions.defaults(), (f, stage) -> { }, () -> false));
            assertTrue(e.getMessage().contains("inside the project folder"), e.getMessage());
        }
        try (Stream<Path> s = Files.list(project)) {
            assertEquals(List.of(project.resolve(cinegen.project.io.ProjectStore.PROJECT_FILE)), s.toList());
        }
    }
}
