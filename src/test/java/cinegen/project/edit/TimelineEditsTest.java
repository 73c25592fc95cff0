package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.SampleProjects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TimelineEditsTest {
    private Project project;
    private UndoHistory history;

    /** Track: a = video[0,10) at 0, b = gen[0,12) at 10, gap of 5, c = video[20,30) at 27. */
    @BeforeEach
    void setUp() {
        project = SampleProjects.withMedia();
        project.timeline().setClips(List.of(
                new Clip("a", "video", "A", 0, 0, 10),
                new Clip("b", "gen", "B", 10, 0, 12),
                new Clip("c", "video", "C", 27, 20, 30)));
        project.markClean();
        history = new UndoHistory(project);
    }

    private String layout() {
        StringBuilder sb = new StringBuilder();
        for (Clip c : project.timeline().clips()) {
            sb.append(c.id()).append('@').append(c.start()).append('[').append(c.inPoint()).append(',').append(c.outPoint()).append(") ");
        }
        return sb.toString().trim();
    }

    /** Performs, checks the result, undoes back to the start, redoes to the result. */
    private void roundTrip(Edit edit, String expected) {
        String start = layout();
        assertTrue(history.perform(edit));
        assertEquals(expected, layout());
        history.undo();
        assertEquals(start, layout());
        assertFalse(project.isDirty(), "undone back to the saved state");
        history.redo();
        assertEquals(expected, layout());
        assertTrue(project.isDirty());
    }

    @Test
    void moveReordersAndUndoRestores() {
        roundTrip(MoveClipEdit.of(project, "a", 2), "b@0[0,12) c@17[20,30) a@27[0,10)");
    }

    @Test
    void moveToFrontKeepsGapsWithTheirClips() {
        roundTrip(MoveClipEdit.of(project, "c", 0), "c@0[20,30) a@10[0,10) b@20[0,12)");
        history.undo();
        roundTrip(MoveClipEdit.of(project, "b", 0), "b@0[0,12) a@12[0,10) c@27[20,30)");
    }

    @Test
    void removeLeavesAGapRippleDeleteClosesIt() {
        roundTrip(RemoveClipEdit.of(project, "b"), "a@0[0,10) c@27[20,30)");
        history.undo();
        roundTrip(RippleDeleteClipEdit.of(project, "b"), "a@0[0,10) c@15[20,30)");
    }

    @Test
    void trimKeepsNeighboursRippleTrimMovesThem() {
        roundTrip(TrimClipEdit.of(project, "b", 2, 10, false), "a@0[0,10) b@12[2,10) c@27[20,30)");
        history.undo();
        roundTrip(TrimClipEdit.of(project, "b", 2, 10, true), "a@0[0,10) b@10[2,10) c@23[20,30)");
        history.undo();
        roundTrip(TrimClipEdit.of(project, "a", 0, 4, true), "a@0[0,4) b@4[0,12) c@21[20,30)");
    }

    @Test
    void trimThatWouldOverlapOrLeaveTheMediaIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrimClipEdit.of(project, "a", 0, 15, false));
        assertTrue(e.getMessage().startsWith("Trim Clip is not possible"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrimClipEdit.of(project, "c", 20, 31, true), "video has 30 frames");
        assertThrows(IllegalArgumentException.class, () -> TrimClipEdit.of(project, "c", 5, 5, true), "in must be before out");
        assertThrows(IllegalArgumentException.class, () -> TrimClipEdit.of(project, "nope", 0, 1, true));
        // extending into the gap is fine
        roundTrip(TrimClipEdit.of(project, "c", 15, 30, false), "a@0[0,10) b@10[0,12) c@22[15,30)");
    }

    @Test
    void splitAtPlayhead() {
        SplitClipEdit split = SplitClipEdit.at(project, 14);
        String second = split.secondClipId();
        history.perform(split);
        assertEquals("a@0[0,10) b@10[0,4) " + second + "@14[4,12) c@27[20,30)", layout());
        assertEquals("B", project.timeline().clip(second).orElseThrow().name());
        history.undo();
        assertEquals("a@0[0,10) b@10[0,12) c@27[20,30)", layout());
        assertThrows(IllegalArgumentException.class, () -> SplitClipEdit.at(project, 10), "on a clip's first frame");
        assertThrows(IllegalArgumentException.class, () -> SplitClipEdit.at(project, 24), "in the gap");
    }

    @Test
    void duplicateInsertsACopyAfterTheOriginal() {
        DuplicateClipEdit dup = DuplicateClipEdit.of(project, "a");
        history.perform(dup);
        assertEquals("a@0[0,10) " + dup.copyId() + "@10[0,10) b@20[0,12) c@37[20,30)", layout());
        history.undo();
        assertEquals("a@0[0,10) b@10[0,12) c@27[20,30)", layout());
    }

    @Test
    void addAppendsOrInserts() {
        AddClipEdit append = AddClipEdit.append(project, "still");
        history.perform(append);
        Clip still = project.timeline().clip(append.clipId()).orElseThrow();
        assertEquals(37, still.start());
        assertEquals(36, still.length(), "3 seconds at 12 fps");
        history.undo();
        AddClipEdit insert = AddClipEdit.insert(project, 1, "gen", 0, 6);
        history.perform(insert);
        assertEquals("a@0[0,10) " + insert.clipId() + "@10[0,6) b@16[0,12) c@33[20,30)", layout());
        assertThrows(IllegalArgumentException.class, () -> AddClipEdit.append(project, "missing"));
        assertThrows(IndexOutOfBoundsException.class, () -> AddClipEdit.insert(project, 9, "gen", 0, 6));
    }

    @Test
    void importIsUndoable() {
        MediaItem photo = MediaItem.image("photo", "p.png", "media/p.png", 10, 10);
        history.perform(ImportMediaEdit.of(project, photo));
        assertEquals(4, project.media().size());
        assertEquals("photo", project.media().get(3).id(), "at the end of the bin");
        history.undo();
        assertTrue(project.mediaItem("photo").isEmpty());
        assertFalse(project.isDirty());
        history.redo();
        assertEquals(photo, project.mediaItem("photo").orElseThrow());
        assertEquals("a@0[0,10) b@10[0,12) c@27[20,30)", layout(), "importing puts nothing on the timeline");
    }

    @Test
    void anEditThatChangesNothingIsNotRecorded() {
        assertFalse(history.perform(MoveClipEdit.of(project, "a", 0)), "moved to where it is");
        assertFalse(history.canUndo());
        assertFalse(project.isDirty());
    }

    @Test
    void generatedClipLandsInBinAndOnTimeline() {
        MediaItem gen2 = MediaItem.generated("gen2", "kite again", 48, 32, 12, 12, SampleProjects.recipe(7));
        AddGeneratedClipEdit add = AddGeneratedClipEdit.of(project, gen2);
        history.perform(add);
        assertEquals("gen2", project.media().get(3).id());
        Clip c = project.timeline().clip(add.clipId()).orElseThrow();
        assertEquals(37, c.start());
        assertEquals(12, c.length());
        history.undo();
        assertTrue(project.mediaItem("gen2").isEmpty());
        assertTrue(project.timeline().clip(add.clipId()).isEmpty());
        history.redo();
        assertEquals(37, project.timeline().clip(add.clipId()).orElseThrow().start());
        assertThrows(IllegalArgumentException.class, () -> AddGeneratedClipEdit.of(project, project.mediaItem("still").orElseThrow()));
    }
}
