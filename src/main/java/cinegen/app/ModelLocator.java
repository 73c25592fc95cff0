package cinegen.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the model pack to use: an explicit folder (command-line option, {@code -Dcinegen.model} or
 * {@code CINEGEN_MODEL}), else the bundled pack next to the application: {@code assets/models/bundled} beside
 * the jar's folder (a build: target/../assets), inside it (an installed app), or under the working folder.
 */
public final class ModelLocator {
    public static final String BUNDLED = "assets/models/bundled";

    private ModelLocator() {}

    public static Optional<Path> find(String explicit) {
        for (Path p : candidates(explicit)) if (Files.isRegularFile(p.resolve("manifest.json"))) return Optional.of(p);
        return Optional.empty();
    }

    /** Every place looked at, in order (for the message when none holds a pack). */
    public static List<Path> candidates(String explicit) {
        List<Path> out = new ArrayList<>();
        if (explicit != null && !explicit.isBlank()) {
            out.add(Path.of(explicit));
            return out;
        }
        String prop = System.getProperty("cinegen.model");
        if (prop != null && !prop.isBlank()) out.add(Path.of(prop));
        String env = System.getenv("CINEGEN_MODEL");
        if (env != null && !env.isBlank()) out.add(Path.of(env));
        Path jarDir = jarDirectory();
        if (jarDir != null) {
            out.add(jarDir.resolve(BUNDLED));
            if (jarDir.getParent() != null) out.add(jarDir.getParent().resolve(BUNDLED));
        }
        out.add(Path.of(BUNDLED).toAbsolutePath());
        return out;
    }

    static Path jarDirectory() {
        try {
            var src = ModelLocator.class.getProtectionDomain().getCodeSource();
            if (src == null) return null;
            Path p = Path.of(src.getLocation().toURI());
            return Files.isDirectory(p) ? p.getParent() : p.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
