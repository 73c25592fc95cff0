package cinegen.app.commands;

import cinegen.app.StylePresets;
import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.UsageException;
import cinegen.engine.family.bundled.ModelPack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** {@code preset-thumbnail}: renders a style preset's thumbnail again, from a prompt that shows its look. */
public final class PresetThumbnailCommand implements Command {
    @Override public String name() { return "preset-thumbnail"; }

    @Override public String summary() { return "render a style preset's thumbnail again from a prompt that shows its look"; }

    @Override
    public String usage() {
        return """
                Usage: cinegen preset-thumbnail --name NAME [--prompt TEXT] [--seed N] [--model DIR] [--presets DIR]
                  --name NAME     the preset (its NAME.json in the presets folder)
                  --prompt TEXT   the scene to show (default: the prompt the preset file names, else the one its
                                  built-in look shows best); stored in the preset file
                  --seed N        seed (default 3)
                  --model DIR     the model pack with the style (default: the bundled pack)
                  --presets DIR   the presets folder (default: presets/)
                The thumbnail is written with the style at the preset's starting strength; the PNG and the preset
                file are each replaced atomically.
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(Set.of("name", "prompt", "seed", "model", "presets"));
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        String name = args.required("name").toLowerCase(Locale.ROOT);
        Path presets = (args.has("presets") ? Path.of(args.string("presets", "")) : StylePresets.defaultFolder()).toAbsolutePath().normalize();
        StylePresets.Preset preset = StylePresets.find(presets, name).orElseThrow(() ->
                new UsageException("no readable preset file " + name + ".json in " + presets));
        PackArgument opened = PackArgument.open(args.string("model", null));
        Path modelDir = opened.dir();
        ModelPack pack = opened.pack();
        if (pack.styles().stream().noneMatch(s -> s.name().equals(preset.weightSet()))) {
            throw new UsageException("model pack " + modelDir + " has no style weight set '" + preset.weightSet() + "' (preset " + name + ")");
        }
        String prompt = args.string("prompt", preset.thumbnailPrompt() != null ? preset.thumbnailPrompt() : lookPrompt(preset.weightSet()));
        String file = preset.thumbnail() != null && !preset.thumbnail().isBlank() ? preset.thumbnail() : name + ".png";
        if (Path.of(file).getNameCount() != 1) throw new UsageException("preset " + name + ": thumbnail name " + file + " is not a file name");
        PresetThumbnail.render(pack, preset.weightSet(), preset.defaultAlpha(), prompt, args.longValue("seed", PresetThumbnail.SEED),
                presets.resolve(file));
        StylePresets.write(presets, preset.withThumbnail(file, prompt));
        out.println("thumbnail of " + name + " rendered from \"" + prompt + "\" into " + presets.resolve(file));
        return 0;
    }

    private static String lookPrompt(String weightSet) {
        try {
            return cinegen.engine.train.style.StyleFilter.parse(weightSet).thumbnailPrompt();
        } catch (IllegalArgumentException e) {
            return PresetThumbnail.DEFAULT_PROMPT;
        }
    }
}
