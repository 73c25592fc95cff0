package cinegen.ui.studio;

import cinegen.app.studio.StudioSession;
import cinegen.project.edit.RenameProjectEdit;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link RecoveryOfferTest}: starts a session (an untitled project), renames it, autosaves
 * and dies without closing anything, as a crashed studio would. Argument: the settings folder.
 */
public final class CrashingSession {
    public static void main(String[] args) throws Exception {
        StudioSession s = StudioSession.start(Path.of(args[0]));
        s.history().perform(RenameProjectEdit.of(s.project(), "Storyboard"));
        s.autosave();
        System.out.println("ready to crash");
        System.out.flush();
        Runtime.getRuntime().halt(3);
    }
}
