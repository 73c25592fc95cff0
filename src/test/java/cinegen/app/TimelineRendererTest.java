package cinegen.app;

import cinegen.app.studio.StudioSession;
import cinegen.frames.FrameSequence;
import cinegen.media.ImportOptions;
import cinegen.media.MediaImporter;
import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One renderer for the viewer, the studio's export and the command line (issue 30). */
class TimelineRendererTest {
    @TempDir static Path dir;
    static Path project;

    @BeforeAll
    static void longVideoProject() throws Exception {
        project = LongVideoFixture.project(dir.resolve("long"), dir.resolve("settings-fixture"));
    }

    /** What the studio renders: the session's project, media decoded by the session (every frame), as the viewer gets them. */
    private static FrameSequence studioProgram(StudioSession s) throws Exception {
        TimelineRenderer r = new TimelineRenderer(s.project(), TimelineRenderer.cached(item -> s.loadFrames(item, 0)));
        return r.program().flatten();
    }

    @Test
    void aThreeHundredFrameVideoRendersTheSameFramesInTheStudioAndOnTheCommandLine() throws Exception {
        ProjectStore store = new ProjectStore(dir.resolve("settings-cli"));
        Project p = store.open(project);
        FrameSequence cli = new TimelineRenderer(store, p).program().flatten();
        store.close(p);
        try (StudioSession s = StudioSession.start(dir.resolve("settings-studio"))) {
            s.open(project);
            FrameSequence studio = studioProgram(s);
            assertEquals(LongVideoFixture.FRAMES, cli.frameCount());
            assertEquals(cli.frameCount(), studio.frameCount());
            for (int i = 0; i < cli.frameCount(); i++) assertArrayEquals(cli.frame(i), studio.frame(i), "frame " + i);
            double at239 = LongVideoFixture.brightness(studio.frame(239)), at299 = LongVideoFixture.brightness(studio.frame(299));
            assertTrue(at299 > at239 + 25, "the tail plays on (frame 239 " + at239 + ", frame 299 " + at299 + ")");
        }
    }

    @Test
    void theCommandLineAndTheStudiosExportServiceWriteTheSameFrames() throws Exception {
        Path cliOut = dir.resolve("cli-frames"), studioOut = dir.resolve("studio-frames");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("export", project.toString(), "--out", cliOut.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertEquals(0, code, err.toString());
        try (StudioSession s = StudioSession.start(dir.resolve("settings-export"))) {
            s.open(project);
            TimelineRenderer r = new TimelineRenderer(s.project(), TimelineRenderer.cached(item -> s.loadFrames(item, 0)));
            TimelineExport.export(r.program(), studioOut, cinegen.media.ExportOptions.defaults(), (f, stage) -> { }, () -> false);
        }
        List<Path> a = pngs(cliOut), b = pngs(studioOut);
        assertEquals(LongVideoFixture.FRAMES, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), "frame file " + a.get(i).getFileName());
        }
        FrameSequence last = MediaImporter.importFile(b.get(299), ImportOptions.original()).frames();
        FrameSequence earlier = MediaImporter.importFile(b.get(239), ImportOptions.original()).frames();
        assertTrue(LongVideoFixture.brightness(last.frame(0)) > LongVideoFixture.brightness(earlier.frame(0)) + 25, "no frozen tail");
    }

    private static List<Path> pngs(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList();
        }
    }

    // ---- the program's shape, on frames in memory ----

    static FrameSequence solid(int argb, int n, int w, int h) {
        List<int[]> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] px = new int[w * h];
            java.util.Arrays.fill(px, argb);
            frames.add(px);
        }
        return new FrameSequence(w, h, 8, frames);
    }

    private static Project twoClipsWithAGap() {
        Project p = new Project("shape");
        p.addMedia(0, MediaItem.video("a", "a", "media/a.mp4", 8, 8, 5, 8));
        p.addMedia(1, MediaItem.image("b", "b", "media/b.png", 16, 16));
        p.timeline().setClips(List.of(new Clip("c1", "a", "", 0, 1, 4), new Clip("c2", "b", "", 5, 0, 2)));
        return p;
    }

    @Test
    void clipsGapsStillsAndSizesInOneProgramAndItsRanges() throws Exception {
        Project p = twoClipsWithAGap();
        FrameSequence a = solid(0xffff0000, 5, 8, 8), b = solid(0xff0000ff, 1, 16, 16);
        TimelineRenderer r = new TimelineRenderer(p, item -> item.id().equals("a") ? a : b);
        TimelineProgram program = r.program();
        assertEquals(List.of("c1", "gap", "c2"), program.segments().stream().map(s -> s.isGap() ? "gap" : s.clipId()).toList());
        assertEquals(3 + 2 + 2, program.frameCount());
        assertEquals(8, program.width(), "the first clip's size");
        assertSame(a.frame(1), program.segments().get(0).frames().frame(0), "frames are shared with the media");
        assertEquals(0xff000000, program.flatten().frame(3)[0], "the gap is black");
        assertEquals(0xff0000ff, program.flatten().frame(6)[0], "the still is fitted and held");

        TimelineProgram range = program.range(2, 6);
        assertEquals(4, range.frameCount());
        assertEquals(List.of(2L, 3L, 5L), range.segments().stream().map(TimelineProgram.Segment::start).toList(),
                "cut at the marks, the cuts between segments kept");
        assertEquals(0, program.range(7, 9).frameCount());
        assertNull(program.range(7, 9).flatten());
    }

    @Test
    void aSourceShorterThanItsClipHoldsItsLastFrameSoLaterClipsStayInTime() throws Exception {
        Project p = twoClipsWithAGap();
        FrameSequence shortA = solid(0xffff0000, 2, 8, 8);
        TimelineRenderer r = new TimelineRenderer(p, item -> item.id().equals("a") ? shortA : null);
        TimelineProgram program = r.program();
        assertEquals(3, program.segments().get(0).frames().frameCount(), "the clip keeps its length");
        assertEquals(5, program.segments().get(2).start());
        assertEquals(0xff000000, program.flatten().frame(5)[0], "media that cannot be had shows black");
    }
}
