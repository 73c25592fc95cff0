package cinegen.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the user's own models live: Cinegen's models folder ({@code $XDG_DATA_HOME/cinegen/models}, else
 * {@code ~/.local/share/cinegen/models}; {@code %APPDATA%\Cinegen\models} on Windows) and any others named by
 * {@code -Dcinegen.models} or {@code CINEGEN_MODELS} (paths separated as in PATH), such as a ComfyUI {@code models/}
 * folder. Each uses ComfyUI's layout: {@code checkpoints/}, {@code animatediff_models/}, {@code loras/}, {@code vae/},
 * {@code vae_approx/}, and diffusers folders anywhere.
 */
public final class ModelFolders {
    private ModelFolders() {}

    /** Cinegen's own models folder (it may not exist yet). */
    public static Path own() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String appData = System.getenv("APPDATA");
        if (os.contains("win") && appData != null) return Path.of(appData, "Cinegen", "models");
        if (os.contains("mac")) return Path.of(System.getProperty("user.home"), "Library", "Application Support", "Cinegen", "models");
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return data.resolve("cinegen").resolve("models");
    }

    /**
     * The TAESD preview decoder for Stable Diffusion 1.x latents in the {@code vae_approx/} folder of the first models
     * folder that has one (ComfyUI's {@code taesd_decoder.safetensors} or {@code .pth}, or an AutoencoderTiny folder),
     * {@code taesd_decoder.*} before other names. Reads headers only.
     */
    public static java.util.Optional<Path> previewDecoder(List<Path> roots) {
        for (Path root : roots) {
            Path dir = root.resolve("vae_approx");
            if (!Files.isDirectory(dir)) continue;
            List<Path> candidates;
            try (var s = Files.list(dir)) {
                candidates = s.sorted(java.util.Comparator.comparing((Path p) -> !p.getFileName().toString().startsWith("taesd_decoder"))
                        .thenComparing(p -> p.getFileName().toString())).toList();
            } catch (java.io.IOException e) {
                continue;
            }
            for (Path p : candidates) {
                var m = cinegen.engine.diffusers.io.ModelScanner.scan(p);
                if (m.kind() == cinegen.engine.diffusers.io.ModelKind.TAESD && m.usable() && "SD1.x".equals(m.family())) {
                    return java.util.Optional.of(p);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Every configured models folder that exists, in order, without repeats. */
    public static List<Path> roots() {
        Set<Path> out = new LinkedHashSet<>();
        for (String spec : new String[] {System.getProperty("cinegen.models"), System.getenv("CINEGEN_MODELS")}) {
            if (spec == null || spec.isBlank()) continue;
            for (String p : spec.split(File.pathSeparator)) if (!p.isBlank()) out.add(Path.of(p).toAbsolutePath().normalize());
        }
        out.add(own().toAbsolutePath().normalize());
        List<Path> existing = new ArrayList<>();
        for (Path p : out) if (Files.isDirectory(p)) existing.add(p);
        return existing;
    }
}
