package cinegen.project.edit;

import cinegen.project.Brush;
import cinegen.project.Clip;
import cinegen.project.MaskTrack;
import cinegen.project.Project;
import cinegen.project.SampleProjects;
import cinegen.project.StrokePoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class UndoHistoryTest {

    private static Project projectWithClips() {
        Project p = SampleProjects.withMedia();
        p.timeline().setClips(List.of(new Clip("a", "video", "A", 0, 0, 10), new Clip("b", "gen", "B", 10, 0, 12)));
        p.markClean();
        return p;
    }

    @Test
    void undoRedoAndNames() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p);
        assertFalse(h.canUndo());
        assertThrows(IllegalStateException.class, h::undo);
        h.perform(MoveClipEdit.of(p, "a", 1));
        h.perform(RenameClipEdit.of(p, "a", "x"));
        assertEquals("Rename Clip", h.undoName().orElseThrow());
        h.undo();
        assertEquals("Move Clip", h.undoName().orElseThrow());
        assertEquals("Rename Clip", h.redoName().orElseThrow());
        assertEquals(1, h.undoCount());
        assertEquals(1, h.redoCount());
        h.perform(DuplicateClipEdit.of(p, "b"));
        assertFalse(h.canRedo(), "a new edit forgets what could be redone");
        assertThrows(IllegalStateException.class, h::redo);
    }

    @Test
    void cleanStateFollowsTheSavePoint() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p);
        h.perform(MoveClipEdit.of(p, "a", 1));
        h.perform(RenameClipEdit.of(p, "a", "x"));
        assertTrue(p.isDirty());
        p.markClean(); // what the store does after saving
        h.undo();
        assertTrue(p.isDirty(), "before the save point");
        h.undo();
        assertTrue(p.isDirty(), "the original state was not the saved one any more");
        h.redo();
        assertTrue(p.isDirty());
        h.redo();
        assertFalse(p.isDirty(), "redone back to exactly what was saved");
        h.perform(RenameClipEdit.of(p, "a", "y"));
        assertTrue(p.isDirty());
        h.undo();
        assertFalse(p.isDirty(), "undone back to exactly what was saved");
    }

    @Test
    void saveAfterUndoMakesTheRedoSideTheDirtyOne() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p);
        h.perform(MoveClipEdit.of(p, "a", 1));
        h.undo();
        assertFalse(p.isDirty(), "back to the opened state");
        h.redo();
        h.undo();
        p.markDirty();
        p.markClean(); // saved while the move is undone
        h.redo();
        assertTrue(p.isDirty());
        h.undo();
        assertFalse(p.isDirty());
    }

    @Test
    void entryLimitForgetsTheOldest() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p, 3, Long.MAX_VALUE);
        for (int i = 0; i < 5; i++) h.perform(RenameClipEdit.of(p, "a", "name " + i));
        assertEquals(3, h.undoCount());
        h.undo();
        h.undo();
        h.undo();
        assertFalse(h.canUndo());
        assertEquals("name 1", p.timeline().clip("a").orElseThrow().name(), "the two oldest renames are forgotten");
    }

    @Test
    void heavyCapDropsOldestHeavyEditsAndWhatCameBefore() {
        Project p = projectWithClips();
        MaskTrack t = new MaskTrack("m", "video", 48, 32, 30);
        p.addMaskTrack(0, t);
        List<StrokePoint> dab = List.of(new StrokePoint(10, 10));
        long oneDab = MaskStrokeEdit.of(t, 0, dab, Brush.paint(8, 1)).heavyBytes();
        assertTrue(oneDab > 0);
        UndoHistory h = new UndoHistory(p, 100, 3 * oneDab);
        h.perform(RenameClipEdit.of(p, "a", "light 0"));
        List<Float> centres = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            h.perform(MaskStrokeEdit.of(t, 0, List.of(new StrokePoint(5 + i * 9, 10)), Brush.paint(8, 1)));
            centres.add(t.mask(0).get(5 + i * 9, 10));
            h.perform(RenameClipEdit.of(p, "a", "light " + (i + 1)));
        }
        assertTrue(h.heavyBytes() <= 3 * oneDab, "kept " + h.heavyBytes());
        int heavy = 0;
        while (h.canUndo()) {
            String name = h.undoName().orElseThrow();
            if (name.equals("Brush Stroke")) heavy++;
            h.undo();
        }
        assertEquals(3, heavy, "the three newest strokes are kept");
        // the two oldest strokes (and the renames before them) could not be undone
        assertEquals(1f, t.mask(0).get(5, 10), 0);
        assertEquals(1f, t.mask(0).get(14, 10), 0);
        assertEquals(0f, t.mask(0).get(23, 10), 0);
        assertEquals("light 1", p.timeline().clip("a").orElseThrow().name(), "the oldest kept entry is the rename to 'light 2'");
    }

    @Test
    void editBiggerThanTheCapIsAppliedButNotKept() {
        Project p = projectWithClips();
        MaskTrack t = new MaskTrack("m", "video", 48, 32, 30);
        p.addMaskTrack(0, t);
        UndoHistory h = new UndoHistory(p, 100, 16);
        h.perform(FillMaskEdit.fill(t, 0));
        assertEquals(1.0, t.mask(0).coverage(), 0);
        assertFalse(h.canUndo());
        assertTrue(p.isDirty());
    }

    @Test
    void listenersHearEveryHistoryChangeAndDisposeStopsFollowing() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p);
        int[] calls = {0};
        h.addListener(() -> calls[0]++);
        h.perform(RenameClipEdit.of(p, "a", "x"));
        h.undo();
        h.redo();
        h.clear();
        assertEquals(4, calls[0]);
        assertFalse(h.canUndo());
        h.dispose();
        h.perform(RenameClipEdit.of(p, "a", "y"));
        p.markClean();
        h.undo();
        assertTrue(p.isDirty(), "a disposed history no longer tracks saves");
    }

    @Test
    void rejectsBadLimits() {
        Project p = projectWithClips();
        assertThrows(IllegalArgumentException.class, () -> new UndoHistory(p, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new UndoHistory(p, 10, -1));
    }
}
