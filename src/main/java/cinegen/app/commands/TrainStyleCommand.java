package cinegen.app.commands;

import cinegen.app.StylePresets;
import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.UsageException;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.train.style.StyleFilter;
import cinegen.engine.train.style.StyleTrainer;
import cinegen.frames.FrameSequence;
import cinegen.media.ImportOptions;
import cinegen.media.MediaException;
import cinegen.media.MediaImporter;
import cinegen.media.TempFiles;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** {@code train-style}: fine-tunes a new style preset (spatial layers only) from a look or from your own images. */
public final class TrainStyleCommand implements Command {
    @Override public String name() { return "train-style"; }

    @Override public String summary() { return "make a style preset from a folder of your images (or a built-in look)"; }

    private static final String STAGING_PREFIX = ".train-style-";

    @Override public Set<String> switches() { return Set.of("replace"); }

    @Override
    public String usage() {
        return """
                Usage: cinegen train-style --name NAME (--images DIR | --look LOOK) [options]
                  --name NAME        preset name (letters, digits, '-'); a name the pack or the presets folder
                                     already has (in any case) is refused unless --replace is given
                  --replace          replace a style of that name; what it replaces is kept in the pack's replaced/ folder
                  --images DIR       a folder of your images (PNG, JPEG, ...) in the style to learn
                  --look LOOK        or a built-in look: line-art, watercolour, pixel-art, neon, vintage-film
                  --model DIR        the model pack to add the style to (default: the bundled pack; must be writable)
                  --presets DIR      where the preset file and thumbnail go (default: presets/; must be writable)
                  --steps N          fine-tuning steps, 1..100000 (default 300)
                  --rank R           rank of the stored weight deltas, 1..64 (default 8)
                  --alpha A          the preset's starting weight, 0..1.5 (default 0.8)
                  --batch N          clips per step, 1..64 (default 4)
                  --lr X             learning rate, 0..1 (default 1e-4)
                  --seed N           seed (default 7)
                  --description TEXT shown on the preset shelf
                  --thumbnail-prompt TEXT  the scene the thumbnail shows (default: one chosen to show the look)
                Everything is checked before training starts; the weights, the manifest entry, the preset file and
                the thumbnail are written together at the end, or not at all.
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        // Everything is checked before the first step of training (issue 32): options, names, folders, images.
        args.allowOnly(Set.of("name", "images", "look", "model", "presets", "steps", "rank", "alpha", "description", "seed",
                "batch", "lr", "replace", "thumbnail-prompt"));
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        String name = args.required("name").toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9][a-z0-9-]{0,40}")) throw new UsageException("--name may hold letters, digits and '-', got '" + name + "'");
        if (args.has("images") == args.has("look")) throw new UsageException("give either --images DIR or --look LOOK");
        StyleFilter look = null;
        if (args.has("look")) {
            try {
                look = StyleFilter.parse(args.string("look", ""));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--look must be one of line-art, watercolour, pixel-art, neon, vintage-film");
            }
        }
        var o = new StyleTrainer.Options(args.integer("steps", 300, 1, 100_000), args.integer("batch", 4, 1, 64),
                args.number("lr", 1e-4, 0, 1), args.longValue("seed", 7), args.integer("rank", 8, 1, 64), 32);
        double alpha = args.number("alpha", 0.8, 0, 1.5);
        String description = args.string("description", null);
        if (description == null) description = look != null ? look.description() : "Learned from your images";
        boolean replace = args.flag("replace");
        Path presets = (args.has("presets") ? Path.of(args.string("presets", "")) : StylePresets.defaultFolder()).toAbsolutePath().normalize();

        PackArgument opened = PackArgument.open(args.string("model", null));
        Path modelDir = opened.dir();
        ModelPack pack = opened.pack();
        StyleInstall.Existing existing = StyleInstall.existing(pack, presets, name);
        if (!existing.isEmpty() && !replace) {
            throw new UsageException("a style named '" + name + "' already exists (" + existing.describe() + "); give --replace to"
                    + " replace it (a copy is kept), or choose another --name");
        }
        if (!Files.isWritable(modelDir)) throw new UsageException("model pack " + modelDir + " is not writable: copy it and pass --model COPY");
        Folders.requireWritable(modelDir, "--model");
        Folders.requireWritable(modelDir.resolve("styles"), "--model");
        Folders.requireWritable(presets, "--presets");

        int size = pack.architecture().width(), frames = pack.architecture().frameWindow();
        StyleTrainer.Source source = look != null ? StyleTrainer.scenes(look, size, frames)
                : StyleTrainer.images(readImages(Path.of(args.string("images", "")), size, err), size, frames);

        StyleTrainer.Trained trained;
        try {
            trained = StyleTrainer.learn(pack, name, description, source, o, err);
        } catch (ModelPackException e) {
            throw new UsageException(e.getMessage());
        }
        // Staged in the pack's folder (same file system, so the final renames are atomic); the name carries this
        // process, so a run killed outright is swept up by the next one.
        TempFiles.sweep(modelDir, n -> n.startsWith(STAGING_PREFIX), java.time.Duration.ZERO);
        Path staging = Files.createTempDirectory(modelDir, STAGING_PREFIX + name + TempFiles.ownerTag());
        TempFiles.Handle cleanup = TempFiles.register(staging);
        try {
            ModelPack staged = StyleTrainer.stage(pack, trained, staging.resolve("pack"));
            Path thumbnail = staging.resolve(name + ".png");
            String thumbnailPrompt = args.string("thumbnail-prompt", look != null ? look.thumbnailPrompt() : PresetThumbnail.DEFAULT_PROMPT);
            PresetThumbnail.render(staged, name, alpha, thumbnailPrompt, PresetThumbnail.SEED, thumbnail);
            Path presetDir = Files.createDirectories(staging.resolve("presets"));
            StylePresets.write(presetDir, new StylePresets.Preset(name, label(name), description, name, alpha, name + ".png",
                    thumbnailPrompt));
            StyleInstall.Result r;
            try {
                r = StyleInstall.commit(pack, presets, trained, existing, staged.dir().resolve(trained.fileName()), thumbnail,
                        presetDir.resolve(name + ".json"));
            } catch (java.io.IOException e) {
                throw new UsageException(e.getMessage()); // one sentence, exit 2, like any output that cannot be written
            }
            out.println("style " + name + " added to " + modelDir + "; preset " + r.preset()
                    + (r.backup() != null ? "; what it replaced is kept in " + r.backup() : ""));
            return 0;
        } finally {
            StyleInstall.deleteTree(staging);
            cleanup.release();
        }
    }

    /** Picture files by name; other files in the folder (notes, sidecars) are skipped without a word. */
    private static final java.util.regex.Pattern PICTURE = java.util.regex.Pattern.compile("(?i).*\\.(png|jpe?g|bmp|webp|gif)");

    /**
     * The folder's pictures, each read straight at the model's size (centre crop, as training uses them), so a
     * folder of large photos costs the memory of small ones. A picture that cannot be used (too large, truncated,
     * damaged) is named on stderr and skipped; if none is left, that is the error.
     */
    private static List<FrameSequence> readImages(Path dir, int size, PrintStream err) throws UsageException {
        if (!Files.isDirectory(dir)) throw new UsageException("--images: not a folder: " + dir);
        List<FrameSequence> out = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    out.add(MediaImporter.importFile(f, ImportOptions.resizedTo(size, size, ImportOptions.Resize.CROP).withMaxFrames(1)).frames());
                } catch (MediaException e) {
                    if (PICTURE.matcher(f.getFileName().toString()).matches()) refused.add(e.getMessage());
                }
            }
        } catch (java.io.IOException e) {
            throw new UsageException("--images: cannot read " + dir + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new UsageException("--images: no readable image in " + dir + (refused.isEmpty() ? ""
                    : " (" + refused.size() + " refused; the first: " + refused.get(0) + ")"));
        }
        for (String r : refused) err.println("train-style: skipping " + r);
        return out;
    }

    private static String label(String name) {
        String s = name.replace('-', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
