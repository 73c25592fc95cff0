package cinegen.project.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Session markers in {@code sessions/} of the settings folder: one small file per open project, naming the folder
 * and the process (id and start time) that has it open. A marker whose process is gone is what a crash leaves behind.
 */
final class Sessions {
    static final String FOLDER = "sessions";

    record Marker(Path file, long pid, Instant processStart, Path folder) {}

    private final Path dir;

    Sessions(Path settingsFolder) {
        this.dir = settingsFolder.resolve(FOLDER);
    }

    /** Writes a marker saying this process has {@code projectFolder} open. */
    Path create(Path projectFolder) throws IOException {
        Files.createDirectories(dir);
        ProcessHandle self = ProcessHandle.current();
        ObjectNode json = ProjectCodec.MAPPER.createObjectNode();
        json.put("pid", self.pid());
        self.info().startInstant().ifPresent(t -> json.put("processStart", t.toString()));
        json.put("folder", projectFolder.toString());
        json.put("openedAt", Instant.now().toString());
        Path file = dir.resolve(UUID.randomUUID() + ".json");
        AtomicFiles.write(file, ProjectCodec.MAPPER.writeValueAsBytes(json));
        return file;
    }

    void delete(Path marker) throws IOException {
        if (marker != null) Files.deleteIfExists(marker);
    }

    /** Every readable marker; unreadable ones are removed. */
    List<Marker> all() {
        List<Marker> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            return out;
        }
        for (Path f : files) {
            read(f).ifPresentOrElse(out::add, () -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // left for next time
                }
            });
        }
        return out;
    }

    private static Optional<Marker> read(Path f) {
        try {
            JsonNode json = ProjectCodec.MAPPER.readTree(Files.readAllBytes(f));
            JsonNode pid = json.get("pid"), folder = json.get("folder"), start = json.get("processStart");
            if (pid == null || !pid.canConvertToLong() || folder == null || !folder.isTextual()) return Optional.empty();
            Instant started = start != null && start.isTextual() ? ProjectCodec.parseInstant(start.asText()) : null;
            return Optional.of(new Marker(f, pid.asLong(), started, Path.of(folder.asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True while the process that wrote the marker is still running (same id and start time). */
    static boolean isLive(Marker m) {
        Optional<ProcessHandle> handle = ProcessHandle.of(m.pid());
        if (handle.isEmpty() || !handle.get().isAlive()) return false;
        Optional<Instant> actual = handle.get().info().startInstant();
        if (m.processStart() == null || actual.isEmpty()) return true; // cannot tell: assume it is the same process
        return Duration.between(m.processStart(), actual.get()).abs().compareTo(Duration.ofSeconds(2)) < 0;
    }

    static boolean sameFolder(Marker m, Path realFolder) {
        try {
            return m.folder().equals(realFolder)
                    || (Files.exists(m.folder()) && m.folder().toRealPath().equals(realFolder));
        } catch (IOException | InvalidPathException e) {
            return false;
        }
    }
}
