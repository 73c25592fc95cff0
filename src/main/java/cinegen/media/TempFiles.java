package cinegen.media;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Temporary files and folders that must not outlive the work they are for.
 * <ul>
 *   <li>While work runs, its temporary paths are registered. On Ctrl-C or SIGTERM a shutdown hook first tells the
 *       work to stop ({@link #shuttingDown()}, which exports check between frames), waits a few seconds for it to
 *       clean up after itself, then deletes whatever is still registered.</li>
 *   <li>A process killed outright (kill -9, power loss) runs no hook, so temporary names carry their owner: the
 *       process id and start time ({@link #ownerTag()}). {@link #sweep} deletes entries whose owner is no longer
 *       running, which the next export into the same folder (or the next command) does first.</li>
 * </ul>
 */
public final class TempFiles {
    /** How long the shutdown hook waits for running work to clean up before deleting its files itself. */
    static final Duration HOOK_WAIT = Duration.ofSeconds(5);
    private static final Pattern OWNER = Pattern.compile("-p(\\d+)s([0-9a-z]+)-");

    private static final Set<Handle> REGISTERED = new LinkedHashSet<>();
    private static volatile boolean shuttingDown;
    private static boolean hookInstalled;

    private TempFiles() {}

    /** A registered temporary path; {@link #release()} it when the work is done with it (deleted or committed). */
    public static final class Handle implements AutoCloseable {
        private final Path path;

        private Handle(Path path) {
            this.path = path;
        }

        public Path path() { return path; }

        /** The work no longer needs the hook to delete this path. */
        public void release() {
            synchronized (REGISTERED) {
                REGISTERED.remove(this);
                REGISTERED.notifyAll();
            }
        }

        @Override public void close() { release(); }
    }

    /** Registers a file or folder to be deleted if the process is stopped by a signal before it is released. */
    public static Handle register(Path path) {
        Handle h = new Handle(path.toAbsolutePath());
        synchronized (REGISTERED) {
            installHook();
            REGISTERED.add(h);
        }
        return h;
    }

    /** True once the process is shutting down (Ctrl-C, SIGTERM, System.exit): long work should stop. */
    public static boolean shuttingDown() { return shuttingDown; }

    /** This process as it appears in temporary names: {@code -p<pid>s<start seconds, base 36>-}. */
    public static String ownerTag() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::getEpochSecond).orElse(0L);
        return "-p" + self.pid() + "s" + Long.toString(start, 36) + "-";
    }

    /** True when {@code name} carries an owner tag of a process that is not running any more. */
    public static boolean ownerIsGone(String name) {
        Matcher m = OWNER.matcher(name);
        String pidText = null, startText = null;
        while (m.find()) { // the last tag: the part of a name before it may be the user's
            pidText = m.group(1);
            startText = m.group(2);
        }
        if (pidText == null) return false;
        long pid, start;
        try {
            pid = Long.parseLong(pidText);
            start = Long.parseLong(startText, 36);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) return true;
        Optional<Instant> actual = h.get().info().startInstant();
        if (start == 0 || actual.isEmpty()) return false; // cannot tell: assume it is still the owner
        return Math.abs(actual.get().getEpochSecond() - start) > 2; // the id was reused by another process
    }

    /**
     * Deletes the entries of {@code folder} whose name {@code matches} and whose owner is gone, and which have not
     * changed for {@code quiet} (a writer on another machine sharing the folder keeps changing its file).
     * Returns how many were deleted. Never throws.
     */
    public static int sweep(Path folder, Predicate<String> matches, Duration quiet) {
        if (folder == null || !Files.isDirectory(folder)) return 0;
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (!matches.test(name) || !ownerIsGone(name)) continue;
                try {
                    Instant changed = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                    if (Duration.between(changed, Instant.now()).compareTo(quiet) >= 0) stale.add(p);
                } catch (IOException ignored) {
                    // gone meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        for (Path p : stale) delete(p);
        return stale.size();
    }

    /** Deletes a file or a whole folder; never throws, never follows links out of it. */
    public static void delete(Path p) {
        if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static void installHook() {
        if (hookInstalled) return;
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::onShutdown, "cinegen-temp-cleanup"));
    }

    /** Stops the work, lets it clean up, then deletes what is left. */
    static void onShutdown() {
        shuttingDown = true;
        long deadline = System.nanoTime() + HOOK_WAIT.toNanos();
        List<Handle> left;
        synchronized (REGISTERED) {
            while (!REGISTERED.isEmpty()) {
                long wait = (deadline - System.nanoTime()) / 1_000_000;
                if (wait <= 0) break;
                try {
                    REGISTERED.wait(wait);
                } catch (InterruptedException e) {
                    break;
                }
            }
            left = new ArrayList<>(REGISTERED);
            REGISTERED.clear();
        }
        for (Handle h : left) delete(h.path);
    }
}
