package cinegen.project.io;

import cinegen.project.Brush;
import cinegen.project.Project;
import cinegen.project.StrokePoint;
import cinegen.project.edit.DuplicateClipEdit;
import cinegen.project.edit.MaskStrokeEdit;
import cinegen.project.edit.UndoHistory;

import java.nio.file.Path;
import java.util.List;

/**
 * Run in a separate JVM by {@link CrashRecoveryTest}: opens a project, changes it (duplicates its first clip, paints a
 * stroke), autosaves (or not), then dies without closing anything, as a crashed studio would.
 * Arguments: settings folder, project folder, "autosave" or "no-changes".
 */
public final class CrashingStudio {
    public static void main(String[] args) throws Exception {
        ProjectStore store = new ProjectStore(Path.of(args[0]));
        Project p = store.open(Path.of(args[1]));
        if (args[2].equals("autosave")) {
            UndoHistory h = new UndoHistory(p);
            h.perform(DuplicateClipEdit.of(p, p.timeline().clips().get(0).id()));
            h.perform(MaskStrokeEdit.of(p.maskTracks().get(0), 0, List.of(new StrokePoint(60, 5)), Brush.paint(6, 1)));
            store.autosave(p);
        }
        System.out.println("ready to crash");
        System.out.flush();
        Runtime.getRuntime().halt(3);
    }
}
