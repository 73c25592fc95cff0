package cinegen.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Makes a folder that really cannot be written to, for as long as it is open: its permissions are set to r-x and,
 * when that is not enough (tests running as root ignore permissions), it is marked immutable with {@code chattr +i}.
 * When neither works the test is skipped rather than passing for the wrong reason.
 */
public final class ReadOnlyFolder implements AutoCloseable {
    private final Path folder;
    private boolean immutable;

    private ReadOnlyFolder(Path folder) {
        this.folder = folder;
    }

    public static ReadOnlyFolder of(Path folder) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        ReadOnlyFolder ro = new ReadOnlyFolder(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (canWrite(folder)) {
            ro.immutable = chattr("+i", folder);
        }
        if (canWrite(folder)) {
            ro.close();
            Assumptions.abort("cannot make a read-only folder here (running as root without chattr)");
        }
        return ro;
    }

    public Path path() { return folder; }

    private static boolean canWrite(Path folder) {
        Path probe = folder.resolve(".probe-" + UUID.randomUUID());
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean chattr(String flag, Path folder) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, folder.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (immutable) {
            try {
                chattr("-i", folder);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            immutable = false;
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
