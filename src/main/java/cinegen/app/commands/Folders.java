package cinegen.app.commands;

import cinegen.app.cli.UsageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on the folders a command will write to, made before any work so a bad one costs nothing. */
final class Folders {
    private Folders() {}

    /**
     * Fails unless files can be created in {@code folder}, or, when it does not exist yet, in the nearest folder
     * above it (where it would be created). Tries for real with a probe file (deleted at once), so read-only
     * mounts, immutable folders and missing permissions are all found; leaves nothing behind.
     */
    static void requireWritable(Path folder, String what) throws UsageException {
        Path p = folder.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) throw new UsageException(what + ": " + folder + " cannot be created (no existing folder above it)");
        if (!Files.isDirectory(p)) throw new UsageException(what + ": " + p + " is a file, so " + folder + " cannot be a folder");
        Path probe = null;
        try {
            probe = Files.createTempFile(p, ".cinegen-probe-", ".tmp");
        } catch (IOException | SecurityException e) {
            throw new UsageException(what + ": the folder " + p + " cannot be written to; nothing was changed");
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a hidden, empty probe file is all that could remain
                }
            }
        }
    }

    /**
     * Refuses an output inside a project folder (issue 32): a PNG pattern like {@code PROJECT/frames/ID/%06d.png}
     * would overwrite the project's own frames. Links are followed, so another name for the folder is caught too.
     */
    static void refuseInsideProject(Path target, String option) throws UsageException {
        Path folder = cinegen.project.io.ProjectStore.projectContaining(target).orElse(null);
        if (folder != null) {
            throw new UsageException(option + ": " + target + " is inside the project folder " + folder
                    + "; write to a place outside any project, so its own files cannot be overwritten");
        }
    }
}
