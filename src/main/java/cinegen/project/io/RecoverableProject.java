package cinegen.project.io;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A project whose studio stopped without closing it (a crash) and whose autosave is newer than its last save.
 * Offer it to the user, then call {@link ProjectStore#recover} or {@link ProjectStore#discardRecovery}.
 */
public final class RecoverableProject {
    private final Path folder;
    private final String projectName;
    private final Instant autosavedAt;
    private final Instant lastSavedAt;
    private final Path marker;

    RecoverableProject(Path folder, String projectName, Instant autosavedAt, Instant lastSavedAt, Path marker) {
        this.folder = folder;
        this.projectName = projectName;
        this.autosavedAt = autosavedAt;
        this.lastSavedAt = lastSavedAt;
        this.marker = marker;
    }

    public Path folder() { return folder; }

    public String projectName() { return projectName; }

    /** When the autosave was written. */
    public Instant autosavedAt() { return autosavedAt; }

    /** When the project was last saved, if it ever was. */
    public Optional<Instant> lastSavedAt() { return Optional.ofNullable(lastSavedAt); }

    Path marker() { return marker; }

    @Override
    public String toString() {
        return "RecoverableProject[" + projectName + " in " + folder + ", autosaved " + autosavedAt + "]";
    }
}
