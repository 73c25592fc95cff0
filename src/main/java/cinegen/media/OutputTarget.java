package cinegen.media;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where an export is written while it runs and how it is put in place: a hidden temporary file (or folder)
 * next to the target, renamed over it at the end, and deleted on cancel or failure, so the target is either
 * the complete new export or untouched.
 */
abstract sealed class OutputTarget permits OutputTarget.SingleFile, OutputTarget.PngSequence {
    /** Where the encoder writes: a file, or for PNG sequences a pattern inside the temporary folder. */
    abstract Path workPath();

    /** Puts the finished output in place; returns the final files in order. */
    abstract List<Path> commit(int frameCount) throws MediaException;

    /** Removes everything written so far; never throws. */
    abstract void discard();

    /** The temporary file or folder, for the shutdown hook to delete if the process is stopped meanwhile. */
    abstract Path temporary();

    /**
     * Reads back what the encoder wrote before it is put in place: FFmpeg does not report every failed write (a
     * full disk can leave a cut-off file that it calls finished), so the file must hold every frame.
     */
    abstract void verify(ExportFormat format, int frameCount, int width, int height) throws IOException;

    /** The folder the output goes to, for messages and the free-space check. */
    abstract Path folder();

    /** Temporary folders of PNG sequences start with this; their names carry the owning process. */
    static final String PNG_WORK_PREFIX = ".cinegen-export";
    /**
     * A temporary entry left by an export whose process is gone is only removed once it has not changed for this
     * long, in case the folder is shared with another machine whose process ids mean nothing here.
     */
    static final java.time.Duration STALE_AFTER = java.time.Duration.ofSeconds(30);

    static OutputTarget create(Path out, ExportFormat format) throws MediaException {
        Path target = out.toAbsolutePath().normalize();
        return format == ExportFormat.PNG_SEQUENCE ? PngSequence.create(target) : SingleFile.create(target);
    }

    /**
     * Removes what exports killed outright (kill -9, power loss) left in {@code folder}: hidden {@code .part} files
     * and {@code .cinegen-export} folders whose owning process is gone. Never throws.
     */
    static void sweep(Path folder) {
        TempFiles.sweep(folder, n -> n.startsWith(".") && (n.endsWith(".part") || n.startsWith(PNG_WORK_PREFIX)), STALE_AFTER);
    }

    static String display(Path p) {
        return p.getFileName() == null ? p.toString() : p.getFileName().toString();
    }

    private static Path existingFolder(Path folder, Path target) throws MediaException {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new MediaException("Cannot export to '" + display(target) + "': the folder "
                    + (folder == null ? "" : "'" + folder + "' ") + "does not exist.");
        }
        if (!Files.isWritable(folder)) {
            throw new MediaException("Cannot export to '" + display(target) + "': the folder '" + folder + "' is not writable.");
        }
        return folder;
    }

    private static String randomTag() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** One video file. */
    static final class SingleFile extends OutputTarget {
        private final Path target, temp;

        private SingleFile(Path target, Path temp) {
            this.target = target;
            this.temp = temp;
        }

        static SingleFile create(Path target) throws MediaException {
            if (Files.isDirectory(target)) {
                throw new MediaException("Cannot export to '" + display(target) + "': it is a folder.");
            }
            Path folder = existingFolder(target.getParent(), target);
            sweep(folder);
            // created by name (not createTempFile) so the final file gets the usual permissions; the name carries
            // this process, so a later export can tell a leftover of a killed one from a running one
            for (int attempt = 0; ; attempt++) {
                Path temp = folder.resolve("." + target.getFileName() + TempFiles.ownerTag() + randomTag() + ".part");
                try {
                    Files.createFile(temp);
                    return new SingleFile(target, temp);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 5) throw new MediaException("Cannot create a temporary file in '" + folder + "'.", e);
                } catch (IOException e) {
                    throw new MediaException("Cannot write in the folder '" + folder + "': " + e.getMessage(), e);
                }
            }
        }

        @Override Path workPath() { return temp; }

        @Override Path temporary() { return temp; }

        @Override Path folder() { return target.getParent(); }

        @Override
        void verify(ExportFormat format, int frameCount, int width, int height) throws IOException {
            if (Files.size(temp) == 0) throw new IOException("nothing reached the file");
            if (format == ExportFormat.GIF) return; // written by our own encoder, which reports every failed write
            MediaInfo info;
            try {
                info = MediaImporter.probe(temp);
            } catch (MediaException e) {
                throw new IOException("the written file cannot be read back", e);
            }
            if (info.width() != width || info.height() != height) throw new IOException("the written file has the wrong size");
            if (format == ExportFormat.MP4 && info.frameCount() != frameCount) {
                throw new IOException("only " + info.frameCount() + " of " + frameCount + " frames reached the file");
            }
        }

        @Override
        List<Path> commit(int frameCount) throws MediaException {
            try {
                move(temp, target);
                return List.of(target);
            } catch (IOException e) {
                discard();
                throw new MediaException("Could not save '" + display(target) + "': " + e.getMessage(), e);
            }
        }

        @Override
        void discard() {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a hidden .part file is all that could remain
            }
        }
    }

    /** Numbered PNG files, written in a hidden sibling folder first. */
    static final class PngSequence extends OutputTarget {
        private static final String WORK_PATTERN = "f%06d.png";
        private static final Pattern NUMBER = Pattern.compile("%(0?\\d*)d");

        private final Path folder;
        private final boolean createFolder;
        private final String prefix, suffix;
        private final int digits;
        private final Path temp;

        private PngSequence(Path folder, boolean createFolder, String prefix, int digits, String suffix, Path temp) {
            this.folder = folder;
            this.createFolder = createFolder;
            this.prefix = prefix;
            this.digits = digits;
            this.suffix = suffix;
            this.temp = temp;
        }

        static PngSequence create(Path target) throws MediaException {
            String name = display(target);
            boolean isFolder = Files.isDirectory(target) || !name.toLowerCase(Locale.ROOT).endsWith(".png");
            Path folder = isFolder ? target : target.getParent();
            String prefix = "frame_", suffix = ".png";
            int digits = 4;
            if (!isFolder) {
                Matcher m = NUMBER.matcher(name);
                if (m.find()) {
                    if (m.find()) throw new MediaException("Cannot export to '" + name + "': the name has more than one frame-number pattern.");
                    m.reset().find();
                    prefix = name.substring(0, m.start());
                    suffix = name.substring(m.end());
                    digits = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
                } else {
                    prefix = name.substring(0, name.length() - 4) + "_";
                }
                if (prefix.contains("%") || suffix.contains("%")) {
                    throw new MediaException("Cannot export to '" + name + "': use %d or %04d for the frame number and no other '%'.");
                }
            }
            boolean create = isFolder && !Files.exists(folder);
            Path parent = create ? folder.getParent() : folder;
            existingFolder(parent, target);
            sweep(parent);
            try {
                Path temp = Files.createTempDirectory(parent, PNG_WORK_PREFIX + TempFiles.ownerTag());
                return new PngSequence(folder, create, prefix, Math.max(1, Math.min(digits, 9)), suffix, temp);
            } catch (IOException e) {
                throw new MediaException("Cannot write in the folder '" + parent + "': " + e.getMessage(), e);
            }
        }

        @Override Path workPath() { return temp.resolve(WORK_PATTERN); }

        @Override Path temporary() { return temp; }

        @Override Path folder() { return createFolder ? folder.getParent() : folder; }

        @Override
        void verify(ExportFormat format, int frameCount, int width, int height) throws IOException {
            for (int i = 1; i <= frameCount; i++) {
                Path f = temp.resolve(String.format(WORK_PATTERN, i));
                if (!Files.isRegularFile(f)) throw new IOException("frame " + i + " was not written");
                StillImages.Header h = StillImages.read(f).orElseThrow(() -> new IOException("frame file " + f.getFileName() + " is not a PNG"));
                if (h.truncation() != null) throw new IOException("frame " + i + " is cut off (" + h.truncation() + ")");
                if (h.width() != width || h.height() != height) throw new IOException("frame " + i + " has the wrong size");
            }
        }

        private String finalName(int number) {
            return prefix + String.format("%0" + digits + "d", number) + suffix;
        }

        @Override
        List<Path> commit(int frameCount) throws MediaException {
            List<Path> done = new ArrayList<>(frameCount);
            try {
                for (int i = 1; i <= frameCount; i++) {
                    Path from = temp.resolve(String.format(WORK_PATTERN, i));
                    Path to = temp.resolve(finalName(i));
                    if (!Files.exists(from)) throw new IOException("frame " + i + " was not written");
                    Files.move(from, to);
                }
                if (createFolder) {
                    // the whole folder appears at once
                    Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
                    for (int i = 1; i <= frameCount; i++) done.add(folder.resolve(finalName(i)));
                } else {
                    for (int i = 1; i <= frameCount; i++) {
                        Path to = folder.resolve(finalName(i));
                        move(temp.resolve(finalName(i)), to);
                        done.add(to);
                    }
                    removeStaleFrames(frameCount);
                    Files.deleteIfExists(temp);
                }
                return done;
            } catch (IOException e) {
                for (Path p : done) {
                    try { Files.deleteIfExists(p); } catch (IOException ignored) { /* best effort */ }
                }
                discard();
                throw new MediaException("Could not save the PNG sequence in '" + folder + "': " + e.getMessage(), e);
            }
        }

        /** Deletes higher-numbered frames of an earlier, longer export with the same names. */
        private void removeStaleFrames(int frameCount) throws IOException {
            Pattern mine = Pattern.compile(Pattern.quote(prefix) + "(\\d+)" + Pattern.quote(suffix));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                for (Path p : files) {
                    Matcher m = mine.matcher(p.getFileName().toString());
                    if (m.matches() && m.group(1).length() <= 9 && Integer.parseInt(m.group(1)) > frameCount
                            && finalName(Integer.parseInt(m.group(1))).equals(p.getFileName().toString())) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }

        @Override
        void discard() {
            if (!Files.exists(temp)) return;
            try (Stream<Path> walk = Files.walk(temp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try { Files.deleteIfExists(p); } catch (IOException ignored) { /* best effort */ }
                });
            } catch (IOException ignored) {
                // best effort: a hidden temporary folder is all that could remain
            }
        }
    }
}
