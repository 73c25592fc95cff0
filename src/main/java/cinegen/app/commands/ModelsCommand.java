package cinegen.app.commands;

import cinegen.app.ModelFolders;
import cinegen.app.ModelLocator;
import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.UsageException;
import cinegen.engine.diffusers.io.ModelScanner;
import cinegen.engine.diffusers.io.ScannedModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code models}: what the models folders hold, each file's kind, family and size, or why it cannot be used. */
public final class ModelsCommand implements Command {
    @Override public String name() { return "models"; }

    @Override public String summary() { return "list the models found in the models folders (or in FOLDER) and what each is"; }

    @Override public Set<String> switches() { return Set.of("json"); }

    @Override
    public String usage() {
        return """
                Usage: cinegen models [FOLDER ...] [--json]
                  FOLDER   a models folder in ComfyUI's layout (checkpoints/, animatediff_models/, loras/, vae/,
                           vae_approx/) or any folder of model files; default: Cinegen's models folder and those named
                           by -Dcinegen.models or CINEGEN_MODELS
                  --json   print one JSON object last
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(Set.of("json"));
        List<Path> roots = new ArrayList<>();
        for (String p : args.positional()) {
            Path root = Path.of(p);
            if (!Files.isDirectory(root)) throw new UsageException(p + " is not a folder");
            roots.add(root);
        }
        if (roots.isEmpty()) roots.addAll(ModelFolders.roots());
        ArrayNode json = new ObjectMapper().createArrayNode();
        if (args.positional().isEmpty()) {
            ModelLocator.find(null).ifPresent(bundled -> {
                out.println("bundled model: " + bundled.getFileName() + " (" + cinegen.engine.family.bundled.BundledFamily.NAME + ")");
                json.addObject().put("path", bundled.toString()).put("kind", "model pack").put("family", "bundled").put("usable", true);
            });
        }
        if (roots.isEmpty()) {
            out.println("no models folder yet: put models in " + ModelFolders.own() + " (checkpoints/, animatediff_models/, loras/, vae/)"
                    + " or point -Dcinegen.models / CINEGEN_MODELS at a ComfyUI models folder");
        }
        for (Path root : roots) {
            List<ScannedModel> found;
            try {
                found = ModelScanner.scanFolder(root);
            } catch (IOException e) {
                throw new UsageException(root + " cannot be read (" + e.getMessage() + ")");
            }
            out.println(root + ": " + found.size() + (found.size() == 1 ? " model" : " models"));
            for (ScannedModel m : found) {
                out.printf(Locale.ROOT, "  %-18s %-22s %9s  %s%s%n", m.kind().label(), m.family() == null ? "" : m.family(),
                        size(m.sizeBytes()), root.relativize(m.path()), m.usable() ? "" : "  (cannot be used: " + m.unusableReason() + ")");
                ObjectNode o = json.addObject();
                o.put("path", m.path().toString()).put("kind", m.kind().label()).put("family", m.family())
                        .put("description", m.description()).put("bytes", m.sizeBytes()).put("usable", m.usable());
                if (!m.usable()) o.put("reason", m.unusableReason());
            }
        }
        if (args.flag("json")) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.set("models", json);
            out.println(root);
        }
        return 0;
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        return String.format(Locale.ROOT, "%.0f KB", Math.ceil(bytes / 1024.0));
    }
}
