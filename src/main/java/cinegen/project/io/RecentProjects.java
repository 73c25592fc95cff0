package cinegen.project.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The recently used project folders, most recent first, kept in {@code recent-projects.json} of the settings
 * folder. A missing or unreadable list is an empty one: it is a convenience, never a reason to fail.
 */
public final class RecentProjects {
    public static final String FILE = "recent-projects.json";
    public static final int MAX = 10;

    private final Path file;

    RecentProjects(Path settingsFolder) {
        this.file = settingsFolder.resolve(FILE);
    }

    /** The remembered folders that still hold a project, most recent first. */
    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (Path p : stored()) {
            if (Files.isRegularFile(p.resolve(ProjectStore.PROJECT_FILE))) out.add(p);
        }
        return out;
    }

    /** Puts {@code folder} first. */
    public void add(Path folder) throws ProjectException {
        List<Path> paths = stored();
        Path abs = folder.toAbsolutePath().normalize();
        paths.remove(abs);
        paths.add(0, abs);
        while (paths.size() > MAX) paths.remove(paths.size() - 1);
        store(paths);
    }

    public void remove(Path folder) throws ProjectException {
        List<Path> paths = stored();
        if (paths.remove(folder.toAbsolutePath().normalize())) store(paths);
    }

    public void clear() throws ProjectException {
        store(List.of());
    }

    private List<Path> stored() {
        List<Path> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) return out;
        try {
            JsonNode list = ProjectCodec.MAPPER.readTree(Files.readAllBytes(file)).get("projects");
            if (list != null && list.isArray()) {
                for (JsonNode n : list) {
                    if (!n.isTextual()) continue;
                    try {
                        Path p = Path.of(n.asText());
                        if (p.isAbsolute() && !out.contains(p)) out.add(p);
                    } catch (InvalidPathException ignored) {
                        // an entry from another platform
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // unreadable list: start afresh
        }
        return out;
    }

    private void store(List<Path> paths) throws ProjectException {
        ObjectNode root = ProjectCodec.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("projects");
        for (Path p : paths) list.add(p.toString());
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, ProjectCodec.MAPPER.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new ProjectException("The list of recent projects cannot be saved (" + IoMessages.reason(e) + ")", e);
        }
    }
}
