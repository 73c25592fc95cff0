package cinegen.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The style preset files of the {@code presets/} folder: each names a style weight set of the model pack, with a
 * label, a description, a thumbnail and the weight alpha it starts at.
 */
public final class StylePresets {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StylePresets() {}

    /**
     * @param thumbnailPrompt the prompt the thumbnail was rendered from (a scene that shows the look), or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Preset(String name, String label, String description, String weightSet, double defaultAlpha, String thumbnail,
                         String thumbnailPrompt) {
        public Preset(String name, String label, String description, String weightSet, double defaultAlpha, String thumbnail) {
            this(name, label, description, weightSet, defaultAlpha, thumbnail, null);
        }

        public Preset withThumbnail(String file, String prompt) {
            return new Preset(name, label, description, weightSet, defaultAlpha, file, prompt);
        }
    }

    /** The preset file named {@code name} in the folder, or empty when there is none or it cannot be read. */
    public static java.util.Optional<Preset> find(Path folder, String name) {
        return load(folder, new ArrayList<>()).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every readable preset in the folder, by name; unreadable files are skipped (and named in {@code problems}). */
    public static List<Preset> load(Path folder, List<String> problems) {
        List<Preset> out = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) return out;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    Preset p = JSON.readValue(f.toFile(), Preset.class);
                    if (p.name() == null || p.weightSet() == null) throw new IOException("name or weightSet missing");
                    out.add(p);
                } catch (IOException e) {
                    problems.add(f.getFileName() + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
                }
            }
        } catch (IOException e) {
            problems.add(folder + ": " + e.getMessage());
        }
        return out;
    }

    public static void write(Path folder, Preset p) throws IOException {
        Files.createDirectories(folder);
        Path tmp = folder.resolve(p.name() + ".json.tmp");
        JSON.writeValue(tmp.toFile(), p);
        Files.move(tmp, folder.resolve(p.name() + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The presets folder beside the application (a build: the project's {@code presets/}; installed: inside the app). */
    public static Path defaultFolder() {
        for (Path c : ModelLocator.candidates(null)) {
            // candidates end in assets/models/bundled; presets/ sits beside assets/
            Path root = c.getParent() == null ? null : c.getParent().getParent();
            if (root != null && root.getParent() != null && Files.isDirectory(root.getParent().resolve("presets"))) return root.getParent().resolve("presets");
        }
        return Path.of("presets").toAbsolutePath();
    }
}
