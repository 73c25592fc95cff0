package cinegen.app;

import cinegen.frames.MediaKind;
import cinegen.app.studio.StudioSession;
import cinegen.frames.FrameSequence;
import cinegen.media.ImportOptions;
import cinegen.media.MediaImporter;
import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.Project;
import cinegen.project.io.ProjectException;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    // ---- issue 32: what the command line decodes, and how much ----

    @Test
    void aTimelineBeyondTheMemoryBudgetIsRefusedBeforeLoading(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        ProjectStore store = new ProjectStore(tmp.resolve("settings"));
        Project p = store.create(tmp.resolve("film"), "film");
        GenerationRecipe recipe = GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                .prompt("a red square").size(32, 32).frames(8).fps(8).build();
        p.addMedia(0, MediaItem.generated("gen1", "clip one", 32, 32, 8, 8, recipe));
        store.saveFrames(p, "gen1", ExportCommandTest.moving(8));
        // a gap of 5000 frames costs one black frame, not 5000
        p.timeline().setClips(List.of(new Clip("c1", "gen1", "one", 0, 0, 8), new Clip("c2", "gen1", "two", 5008, 2, 6)));
        store.save(p);

        // 8 frames of 32x32 plus a black frame: about 37 KB
        assertEquals(3, new TimelineRenderer(store, p, 64 * 1024).timeline().size());
        ProjectException e = assertThrows(ProjectException.class, () -> new TimelineRenderer(store, p, 16 * 1024).timeline());
        assertTrue(e.getMessage().contains("the timeline of film") && e.getMessage().contains("--clip"), e.getMessage());
        ProjectException one = assertThrows(ProjectException.class, () -> new TimelineRenderer(store, p, 16 * 1024).clip("c2"));
        assertTrue(one.getMessage().contains("clip 'c2'"), one.getMessage());
        store.close(p);
    }

    @Test
    void theCommandLineDecodesOnlyTheFramesItsClipsShow() throws Exception {
        // the fixture's video, shown twice in part: frames 200..239 and 290..299
        ProjectStore store = new ProjectStore(dir.resolve("settings-part"));
        Project p = store.open(project);
        FrameSequence whole = new TimelineRenderer(store, p).program().flatten();
        MediaItem video = p.media().stream().filter(m -> m.kind() == MediaKind.VIDEO).findFirst().orElseThrow();
        p.timeline().setClips(List.of(new Clip("x", video.id(), "", 0, 200, 240), new Clip("y", video.id(), "", 40, 290, 300)));
        java.util.List<String> asked = new ArrayList<>();
        TimelineRenderer.MediaFrames folder = TimelineRenderer.fromFolder(store, p);
        TimelineRenderer r = new TimelineRenderer(p, new TimelineRenderer.MediaFrames() {
            @Override public FrameSequence frames(MediaItem item) {
                throw new AssertionError("the whole video was asked for");
            }

            @Override public TimelineRenderer.Window window(MediaItem item, int first, int count) throws ProjectException, cinegen.media.MediaException {
                asked.add(first + "+" + count);
                return folder.window(item, first, count);
            }
        });
        FrameSequence part = r.program().flatten();
        assertEquals(List.of("200+100"), asked, "one part of the video, from the first frame shown to the last");
        assertEquals(50, part.frameCount());
        for (int i = 0; i < 40; i++) assertArrayEquals(whole.frame(200 + i), part.frame(i), "frame " + (200 + i));
        for (int i = 0; i < 10; i++) assertArrayEquals(whole.frame(290 + i), part.frame(40 + i), "frame " + (290 + i));
        store.close(p);
    }
}
