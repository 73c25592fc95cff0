package cinegen.project;

import cinegen.frames.MediaKind;
import cinegen.frames.Mask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ProjectModelTest {

    @Test
    void changesAreAnnouncedAndMakeTheProjectDirty() {
        Project p = SampleProjects.withMedia();
        SampleProjects.Recorder r = new SampleProjects.Recorder();
        p.addListener(r);
        assertFalse(p.isDirty());
        p.setName("Kites at noon");
        assertTrue(p.isDirty());
        assertTrue(r.saw(ProjectChange.Kind.NAME));
        assertEquals(1, r.count(ProjectChange.Kind.DIRTY));
        p.markClean();
        assertEquals(2, r.count(ProjectChange.Kind.DIRTY));
        p.removeListener(r);
        p.setName("Other");
        assertEquals(2, r.count(ProjectChange.Kind.DIRTY));
    }

    @Test
    void playheadMovesWithoutDirtyingAndStaysOnTheTimeline() {
        Project p = SampleProjects.withMedia();
        p.timeline().setClips(List.of(new Clip("c1", "video", "a", 0, 0, 30)));
        p.markClean();
        SampleProjects.Recorder r = new SampleProjects.Recorder();
        p.addListener(r);
        p.timeline().setPlayhead(12);
        assertEquals(12, p.timeline().playhead());
        assertFalse(p.isDirty());
        assertTrue(r.saw(ProjectChange.Kind.PLAYHEAD));
        p.timeline().setPlayhead(500);
        assertEquals(30, p.timeline().playhead());
        p.timeline().setPlayhead(-4);
        assertEquals(0, p.timeline().playhead());
        p.timeline().setPlayhead(25);
        p.timeline().setClips(List.of(new Clip("c1", "video", "a", 0, 0, 10)));
        assertEquals(10, p.timeline().playhead(), "a shorter timeline pulls the playhead back");
    }

    @Test
    void timelineRefusesBrokenTracks() {
        Project p = SampleProjects.withMedia();
        Timeline t = p.timeline();
        Clip a = new Clip("a", "video", "", 0, 0, 10);
        assertNotNull(t.problem(List.of(a, new Clip("b", "video", "", 5, 0, 10))), "overlap");
        assertNotNull(t.problem(List.of(a, a)), "duplicate id");
        assertNotNull(t.problem(List.of(new Clip("b", "nope", "", 0, 0, 10))), "unknown media");
        assertNotNull(t.problem(List.of(new Clip("b", "video", "", 0, 20, 31))), "beyond the video's 30 frames");
        assertNull(t.problem(List.of(new Clip("b", "still", "", 0, 0, 500))), "a still lasts as long as wanted");
        assertNull(t.problem(List.of(a, new Clip("b", "gen", "", 20, 0, 12))), "gaps are fine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.setClips(List.of(a, new Clip("b", "video", "", 5, 0, 10))));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        assertTrue(t.clips().isEmpty());
    }

    @Test
    void timelineQueries() {
        Project p = SampleProjects.withMedia();
        p.timeline().setClips(List.of(new Clip("a", "video", "", 0, 0, 10), new Clip("b", "gen", "", 15, 2, 12)));
        assertEquals(25, p.timeline().duration());
        assertEquals("a", p.timeline().clipAt(9).orElseThrow().id());
        assertTrue(p.timeline().clipAt(12).isEmpty(), "in the gap");
        assertEquals("b", p.timeline().clipAt(15).orElseThrow().id());
        assertTrue(p.timeline().clipAt(25).isEmpty());
        assertEquals(1, p.timeline().indexOf("b"));
        assertEquals(-1, p.timeline().indexOf("zzz"));
    }

    @Test
    void mediaInUseCannotBeRemovedOrShrunk() {
        Project p = SampleProjects.withMedia();
        p.timeline().setClips(List.of(new Clip("a", "video", "", 0, 0, 30)));
        assertThrows(IllegalStateException.class, () -> p.removeMedia("video"));
        assertThrows(IllegalArgumentException.class,
                () -> p.replaceMedia(MediaItem.video("video", "dunes.mp4", "media/dunes.mp4", 48, 32, 20, 12)));
        assertEquals(30, p.mediaItem("video").orElseThrow().frameCount(), "unchanged after the refusal");
        assertThrows(IllegalArgumentException.class, () -> p.addMedia(0, MediaItem.image("still", "x", "media/x.png", 4, 4)));
        assertEquals("still", p.removeMedia("still").id());
    }

    @Test
    void mediaItemsValidateThemselves() {
        assertThrows(IllegalArgumentException.class, () -> MediaItem.image("a", "x", "../x.png", 4, 4));
        assertThrows(IllegalArgumentException.class, () -> MediaItem.image("a", "x", "/etc/passwd", 4, 4));
        assertThrows(IllegalArgumentException.class, () -> MediaItem.image("a/b", "x", "media/x.png", 4, 4));
        assertThrows(IllegalArgumentException.class, () -> MediaItem.video("a", "x", "media/x.mp4", 4, 4, 10, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new MediaItem("a", MediaKind.GENERATED, "x", "frames/a", 4, 4, 3, 8, null));
        assertEquals("frames/g", MediaItem.generated("g", "", 4, 4, 3, 8, SampleProjects.recipe(1)).path());
    }

    @Test
    void relativePathRules() {
        assertNull(RelativePaths.problem("media/clip one.mp4"));
        assertNull(RelativePaths.problem("masks/0123.png"));
        for (String bad : List.of("", "/abs", "\\abs", "C:/x", "c:x", "media/../x", "..", "media//x", "./x", "media/x/",
                "media\\x", "a\u0000b", "file:stream")) {
            assertNotNull(RelativePaths.problem(bad), "should refuse '" + bad + "'");
        }
    }

    @Test
    void idsAreSafeFolderNames() {
        String id = Ids.newId("clip");
        assertTrue(Ids.isValid(id), id);
        assertNotEquals(id, Ids.newId("clip"));
        assertFalse(Ids.isValid("../x"));
        assertFalse(Ids.isValid(""));
        assertFalse(Ids.isValid("-x"));
        assertFalse(Ids.isValid("a".repeat(65)));
    }

    @Test
    void recipesKeepEveryFieldAndVarySeed() {
        GenerationRecipe r = SampleProjects.recipe(42);
        GenerationRecipe v = r.withSeed(43);
        assertEquals(43, v.seed());
        assertEquals(r, v.withSeed(42));
        assertEquals("tiny-v2", v.modelPackId());
        assertEquals("sha256:0123abcd", v.modelPackHash());
        assertEquals(2, v.styles().styles().size());
        assertEquals(Sampler.DPM_SOLVER_PP_2M, v.sampler());
        assertEquals("video", v.source().orElseThrow());
        assertEquals("mask-a", v.mask().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> r.toBuilder().steps(0).build());
        assertThrows(IllegalArgumentException.class, () -> r.toBuilder().lowPass(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> r.toBuilder().fps(Double.NaN).build());
    }

    @Test
    void styleBlendWeightsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> StyleBlend.of("ink", 1.2));
        assertThrows(IllegalArgumentException.class,
                () -> new StyleBlend(List.of(new StyleWeight("a", 0.7), new StyleWeight("b", 0.6))));
        assertThrows(IllegalArgumentException.class,
                () -> new StyleBlend(List.of(new StyleWeight("a", 0.3), new StyleWeight("a", 0.3))));
        assertTrue(StyleBlend.none().isEmpty());
    }

    @Test
    void maskTrackSharedAndPerFrame() {
        Project p = SampleProjects.withMedia();
        MaskTrack t = MaskTrack.over(p.mediaItem("video").orElseThrow());
        assertEquals(48, t.width());
        assertEquals(30, t.frameCount());
        p.addMaskTrack(0, t);
        SampleProjects.Recorder r = new SampleProjects.Recorder();
        p.addListener(r);
        Mask full = Mask.filled(48, 32, 1f);
        t.setMask(7, full);
        assertSame(full, t.mask(0), "shared mode: one mask for every frame");
        assertSame(full, t.mask(29));
        assertEquals(new ProjectChange(ProjectChange.Kind.MASK, t.id(), -1), r.changes.get(r.changes.size() - 1));
        Mask empty = Mask.filled(48, 32, 0f);
        List<Mask> perFrame = new java.util.ArrayList<>(java.util.Collections.nCopies(30, full));
        perFrame.set(3, empty);
        t.setMasks(true, perFrame);
        assertSame(empty, t.mask(3));
        assertSame(full, t.mask(4));
        assertEquals(2 * 4L * 48 * 32, t.bytes(), "shared mask objects are counted once");
        t.setMask(5, empty);
        assertEquals(new ProjectChange(ProjectChange.Kind.MASK, t.id(), 5), r.changes.get(r.changes.size() - 1));
        assertThrows(IllegalArgumentException.class, () -> t.setMask(0, Mask.filled(10, 10, 0f)));
        assertThrows(IllegalArgumentException.class, () -> t.setMask(0, Mask.filled(48, 32, 1.5f)));
        assertThrows(IndexOutOfBoundsException.class, () -> t.mask(30));
        assertThrows(IllegalArgumentException.class, () -> t.setMasks(true, List.of(full)));
    }
}
