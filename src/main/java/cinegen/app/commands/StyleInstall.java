package cinegen.app.commands;

import cinegen.engine.family.bundled.Manifest;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.train.style.StyleTrainer;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Puts a trained style in place as one change: its weights and manifest entry in the model pack, its preset file
 * and thumbnail in the presets folder. Each file is first written beside its target under a hidden temporary name
 * and then renamed over it; a file it replaces is first renamed aside, and a copy of everything replaced (with the
 * manifest as it was) is kept in the pack's {@code replaced/NAME-TIME/} folder. If any step fails, the steps done
 * are undone in reverse order, so the pack and the presets folder are as they were.
 */
final class StyleInstall {
    static final String BACKUP_FOLDER = "replaced";

    /** What a style of some name already has on disk: manifest entries and files in the pack and the presets folder. */
    record Existing(List<Manifest.StyleJson> entries, List<Path> files) {
        boolean isEmpty() { return entries.isEmpty() && files.isEmpty(); }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (!entries.isEmpty()) parts.add("a weight set in the model pack");
            for (Path f : files) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.endsWith(".json")) parts.add("a preset file");
                else if (n.endsWith(".png")) parts.add("a thumbnail");
                else if (entries.isEmpty()) parts.add("a weights file");
            }
            return String.join(", ", parts.stream().distinct().toList());
        }
    }

    record Result(Path weights, Path preset, Path backup) {}

    private StyleInstall() {}

    /** Everything named {@code name} (in any case) that installing a style of that name would replace. */
    static Existing existing(ModelPack pack, Path presets, String name) throws IOException {
        List<Manifest.StyleJson> entries = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Manifest.StyleJson s : pack.styles()) {
            if (!s.name().equalsIgnoreCase(name)) continue;
            entries.add(s);
            Path f = pack.dir().resolve(s.file()).normalize();
            if (f.startsWith(pack.dir().normalize()) && Files.isRegularFile(f)) files.add(f);
        }
        addMatching(pack.dir().resolve("styles"), List.of(name + ".safetensors"), files);
        addMatching(presets, List.of(name + ".json", name + ".png"), files);
        return new Existing(entries, files.stream().distinct().toList());
    }

    private static void addMatching(Path folder, List<String> names, List<Path> into) throws IOException {
        if (!Files.isDirectory(folder)) return;
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.sorted().toList()) {
                if (names.contains(p.getFileName().toString().toLowerCase(Locale.ROOT)) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    into.add(p);
                }
            }
        }
    }

    /**
     * Installs the style. {@code weights}, {@code thumbnail} and {@code preset} are finished files in a staging
     * folder. Throws an IOException saying that nothing was changed when a step fails (after undoing the others).
     */
    static Result commit(ModelPack pack, Path presets, StyleTrainer.Trained style, Existing existing, Path weights,
                         Path thumbnail, Path preset) throws IOException {
        Path packDir = pack.dir();
        Path manifestFile = packDir.resolve("manifest.json");
        byte[] manifestBefore = Files.readAllBytes(manifestFile);
        List<Undo> undo = new ArrayList<>();
        List<Path> asides = new ArrayList<>();
        Path backup = null;
        Path weightsTarget = packDir.resolve(style.fileName());
        Path presetTarget = presets.resolve(style.name() + ".json"), thumbnailTarget = presets.resolve(style.name() + ".png");
        try {
            if (!existing.isEmpty()) {
                backup = backupFolder(packDir, style.name());
                Path b = backup;
                undo.add(() -> {
                    deleteTree(b);
                    try {
                        Files.deleteIfExists(b.getParent()); // only when empty
                    } catch (java.nio.file.DirectoryNotEmptyException keep) {
                        // earlier backups stay
                    }
                });
                for (Path f : existing.files()) {
                    Path to = b.resolve(f.getFileName().toString());
                    for (int n = 2; Files.exists(to, LinkOption.NOFOLLOW_LINKS); n++) to = b.resolve(n + "-" + f.getFileName());
                    Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
                Files.write(b.resolve("manifest.json"), manifestBefore);
            }
            Files.createDirectories(weightsTarget.getParent());
            place(weights, weightsTarget, undo, asides);
            ModelPack.writeManifest(packDir, StyleTrainer.withStyle(pack.manifest(), style.name(), style.fileName(), style.description()));
            undo.add(() -> writeAtomically(manifestFile, manifestBefore));
            Path created = createFolders(presets);
            if (created != null) undo.add(() -> deleteTree(created));
            place(thumbnail, thumbnailTarget, undo, asides);
            place(preset, presetTarget, undo, asides);
        } catch (IOException | RuntimeException e) {
            List<String> failedUndo = new ArrayList<>();
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).run();
                } catch (IOException | RuntimeException u) {
                    failedUndo.add(u.getMessage());
                }
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!failedUndo.isEmpty()) {
                throw new IOException("style " + style.name() + " could not be saved (" + reason + ") and undoing the partial change failed ("
                        + String.join("; ", failedUndo) + ")" + (backup != null ? "; what it replaced is kept in " + backup : ""), e);
            }
            throw new IOException("style " + style.name() + " could not be saved (" + reason + "); nothing was changed", e);
        }
        // Done: the files renamed aside and older files of the same style under other names are in the backup.
        for (Path p : asides) deleteQuietly(p);
        for (Path f : existing.files()) {
            if (!f.equals(weightsTarget) && !f.equals(presetTarget) && !f.equals(thumbnailTarget)) deleteQuietly(f);
        }
        return new Result(weightsTarget, presetTarget, backup);
    }

    private interface Undo {
        void run() throws IOException;
    }

    /** Copies {@code staged} beside {@code target}, renames any file there aside, and renames the copy over it. */
    private static void place(Path staged, Path target, List<Undo> undo, List<Path> asides) throws IOException {
        Path tmp = hiddenSibling(target, ".tmp");
        try {
            Files.copy(staged, tmp);
            Path aside = null;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                aside = hiddenSibling(target, ".old");
                move(target, aside);
                asides.add(aside);
            }
            Path a = aside;
            try {
                move(tmp, target);
            } catch (IOException e) {
                if (a != null) move(a, target);
                asides.remove(a);
                throw e;
            }
            undo.add(() -> {
                if (a != null) {
                    move(a, target);
                    asides.remove(a);
                } else {
                    Files.deleteIfExists(target);
                }
            });
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path hiddenSibling(Path target, String suffix) {
        return target.resolveSibling("." + target.getFileName() + "." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + suffix);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = hiddenSibling(target, ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates the folder and any missing parents; returns the topmost one it created, or null when it existed. */
    private static Path createFolders(Path folder) throws IOException {
        Path top = null;
        for (Path p = folder.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) top = p;
        Files.createDirectories(folder);
        return top;
    }

    private static Path backupFolder(Path packDir, String name) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path parent = packDir.resolve(BACKUP_FOLDER);
        Path created = createFolders(parent);
        Path b = parent.resolve(name + "-" + stamp);
        for (int n = 2; Files.exists(b, LinkOption.NOFOLLOW_LINKS); n++) b = parent.resolve(name + "-" + stamp + "-" + n);
        try {
            Files.createDirectory(b);
        } catch (IOException e) {
            if (created != null) deleteTree(created);
            throw e;
        }
        return b;
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) deleteQuietly(p);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
