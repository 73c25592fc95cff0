package cinegen.app.commands;

import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.UsageException;
import cinegen.engine.pack.Architecture;
import cinegen.engine.train.AutoencoderTrainer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** {@code train}: trains the bundled model's networks, resumable from checkpoints kept outside the repository. */
public final class TrainCommand implements Command {
    @Override public String name() { return "train"; }

    @Override public String summary() { return "train the model (autoencoder, then text encoder + denoiser); resumable"; }

    @Override
    public String usage() {
        return """
                Usage: cinegen train --stage autoencoder|denoiser --checkpoints DIR [options]
                  --stage S          autoencoder (first) or denoiser (text encoder + denoiser, on the frozen autoencoder)
                  --checkpoints DIR  where resumable state, losses.csv and weights go (keep it outside git)
                  --steps N          train up to step N (a later call with a larger N continues)
                  --batch N          batch size
                  --lr X             peak learning rate
                  --seed N           seed: the same seed reproduces a run
                  --photos DIR       optional folder of photographs mixed into autoencoder training
                  --crop N           autoencoder training crop size (default 48)
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(Set.of("stage", "checkpoints", "steps", "batch", "lr", "seed", "photos", "crop", "save-every"));
        String stage = args.required("stage");
        Path ckpt = Path.of(args.required("checkpoints"));
        Architecture arch = Architecture.bundled();
        long seed = args.longValue("seed", 1234);
        int saveEvery = args.integer("save-every", 250, 1, 1_000_000);
        switch (stage) {
            case "autoencoder" -> {
                Path photos = null;
                if (args.has("photos")) {
                    photos = Path.of(args.string("photos", ""));
                    if (!Files.isDirectory(photos)) throw new UsageException("--photos: not a folder: " + photos);
                }
                var opts = new AutoencoderTrainer.Options(arch.autoencoder(), arch.width(),
                        args.integer("steps", 6000, 1, 10_000_000), args.integer("batch", 24, 1, 4096),
                        args.integer("crop", 48, 8, 512), args.number("lr", 1e-3, 0, 1), seed, saveEvery, photos);
                new AutoencoderTrainer(opts, ckpt.resolve("autoencoder"), err).run();
            }
            default -> throw new UsageException("--stage must be autoencoder or denoiser, got '" + stage + "'");
        }
        return 0;
    }
}
