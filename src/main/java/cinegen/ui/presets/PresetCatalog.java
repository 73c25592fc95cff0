package cinegen.ui.presets;

import cinegen.app.StylePresets;
import cinegen.app.generate.ModelStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shelf's presets for a model pack: one per style weight set of the pack, in the pack's order. A preset file
 * of the presets folder whose {@code weightSet} names the set (ignoring case; the first file by name wins) gives
 * its label, description, starting strength and thumbnail; a set no file names gets a text card with its own
 * name. Preset files naming sets the pack does not have are left out. Reads files: call off the JavaFX thread.
 */
public final class PresetCatalog {
    private PresetCatalog() {}

    /** What was found: the presets, and one sentence per preset file that could not be used. */
    public record Result(List<StylePreset> presets, List<String> problems) {
        public Result {
            presets = List.copyOf(presets);
            problems = List.copyOf(problems);
        }
    }

    /** Reads the preset files of {@code folder} (null or missing: none) and matches them to {@code packStyles}. */
    public static Result load(Path folder, String packName, List<ModelStatus.Style> packStyles) {
        List<String> problems = new ArrayList<>();
        List<StylePresets.Preset> files = StylePresets.load(folder, problems);
        return new Result(match(folder, packName, packStyles, files, problems), problems);
    }

    static List<StylePreset> match(Path folder, String packName, List<ModelStatus.Style> packStyles,
                                   List<StylePresets.Preset> files, List<String> problems) {
        List<StylePreset> out = new ArrayList<>();
        for (ModelStatus.Style style : packStyles) {
            String id = style.name().toLowerCase(Locale.ROOT);
            StylePresets.Preset file = files.stream().filter(f -> style.name().equalsIgnoreCase(f.weightSet())).findFirst().orElse(null);
            String packDescription = style.description() == null || style.description().isBlank()
                    ? "Style of " + (packName == null ? "the model pack" : packName) : style.description();
            if (file == null) {
                // No preset file: the style's own picture (a LoRA's preview beside it) when it has one, else a text card.
                out.add(style.preview() == null ? new StylePreset(id, style.name(), packDescription)
                        : new StylePreset(id, style.name(), packDescription, StylePreset.DEFAULT_ALPHA, style.preview()));
                continue;
            }
            String label = file.label() == null || file.label().isBlank() ? file.name() : file.label();
            String description = file.description() == null || file.description().isBlank() ? packDescription : file.description();
            double alpha = file.defaultAlpha();
            if (!(alpha > 0 && alpha <= 1)) {
                if (alpha > 1) problems.add(file.name() + ": default strength " + alpha + " is above 1; the shelf starts it at 1");
                alpha = alpha > 1 ? 1 : StylePreset.DEFAULT_ALPHA;
            }
            out.add(new StylePreset(id, label, description, alpha, thumbnail(folder, file, problems)));
        }
        return out;
    }

    /** The thumbnail file when it is a regular file inside the presets folder; otherwise null (a text card). */
    private static Path thumbnail(Path folder, StylePresets.Preset file, List<String> problems) {
        if (folder == null || file.thumbnail() == null || file.thumbnail().isBlank()) return null;
        try {
            Path base = folder.toAbsolutePath().normalize();
            Path p = base.resolve(file.thumbnail()).normalize();
            if (!p.startsWith(base)) {
                problems.add(file.name() + ": thumbnail " + file.thumbnail() + " is outside the presets folder");
                return null;
            }
            if (!Files.isRegularFile(p)) {
                problems.add(file.name() + ": thumbnail " + file.thumbnail() + " is missing");
                return null;
            }
            return p;
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(file.name() + ": thumbnail name " + file.thumbnail() + " is not a file name");
            return null;
        }
    }
}
