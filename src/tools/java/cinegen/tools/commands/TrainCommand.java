package cinegen.tools.commands;

import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.UsageException;
import cinegen.engine.family.bundled.Architecture;
import cinegen.tools.train.AutoencoderTrainer;
import cinegen.tools.train.DenoiserTrainer;
import cinegen.tools.train.PackExporter;
import cinegen.tools.train.PackImporter;
import cinegen.tools.train.TrainingImages;
import cinegen.engine.pack.ModelPackException;

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
                Usage: cinegen train --stage autoencoder|denoiser|export|import --checkpoints DIR [options]
                  --stage S          autoencoder (first), denoiser (text encoder + denoiser, on the frozen
                                     autoencoder), export (write a model pack from the checkpoints to --out),
                                     or import (seed empty checkpoints from the model pack --from, to train on)
                  --checkpoints DIR  where resumable state, losses.csv and weights go (keep it outside git)
                  --steps N          train up to step N (a later call with a larger N continues)
                  --batch N          batch size
                  --lr X             peak learning rate
                  --seed N           seed: the same seed reproduces a run
                  --photos DIR       optional folder of photographs mixed into autoencoder training
                  --crop N           autoencoder training crop size (default 48)
                  --freeze-encoder   autoencoder: train the decoder only (keeps the latent space the denoiser uses)
                  --pool N           denoiser: encoded clips kept in memory (default 1024)
                  --temporal-weight X  denoiser: weight of the frame-difference loss term (default 1; 0 = plain)
                  --high-noise-share X denoiser: share of clips whose timestep is drawn towards high noise
                                       (default 0.5; 0 = all uniform)
                  --top-step-share X   denoiser: share of clips at the noisiest step, where sampling
                                       starts from pure noise (default 0.2; 0 = none)
                  --out DIR          export: the model pack folder to write
                  --raw-weights      export: the current weights instead of their moving average
                  --from DIR         import: the model pack whose weights training continues from
                  --photo-share X    autoencoder: share of photo crops among training images (default 0.3)
                  --latent-channels N  the latent grown to N channels (at least the bundled 8); import grows a
                                     pack's weights into it; give it on every stage of the run (decision 31)
                  --anchor-encoder W autoencoder: train the encoder too, but hold its latents of scene frames to
                                     those of the encoder it started from (weight W), so the denoiser still fits
                """;
    }

    @Override
    public java.util.Set<String> switches() { return Set.of("freeze-encoder", "raw-weights"); }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(Set.of("stage", "checkpoints", "steps", "batch", "lr", "seed", "photos", "crop", "save-every", "pool", "out", "freeze-encoder", "raw-weights", "from", "photo-share", "anchor-encoder", "temporal-weight", "high-noise-share", "top-step-share", "latent-channels"));
        String stage = args.required("stage");
        Path ckpt = Path.of(args.required("checkpoints"));
        Architecture arch = Architecture.bundled();
        if (args.has("latent-channels")) { // decision 31: give it on every stage of a run, import to export
            arch = arch.withLatentChannels(args.integer("latent-channels", arch.latentChannels(), arch.latentChannels(), 64));
        }
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
                        args.integer("crop", 48, 8, 512), args.number("lr", 1e-3, 0, 1), seed, saveEvery, photos, args.flag("freeze-encoder"),
                        args.number("photo-share", TrainingImages.DEFAULT_PHOTO_SHARE, 0, 1),
                        args.number("anchor-encoder", 0, 0, 1e6));
                if (opts.anchorWeight() > 0 && opts.freezeEncoder()) {
                    throw new UsageException("--anchor-encoder trains the encoder; it cannot go with --freeze-encoder");
                }
                new AutoencoderTrainer(opts, ckpt.resolve("autoencoder"), err).run();
            }
            case "denoiser" -> {
                if (!Files.exists(ckpt.resolve("autoencoder").resolve("encoder.safetensors"))) {
                    throw new UsageException("train the autoencoder first: no autoencoder checkpoint in " + ckpt);
                }
                var opts = new DenoiserTrainer.Options(arch, args.integer("steps", 20000, 1, 10_000_000),
                        args.integer("batch", 8, 1, 4096), args.number("lr", 3e-4, 0, 1), seed, saveEvery,
                        args.integer("pool", 1024, 1, 1_000_000), 0.999,
                        args.number("temporal-weight", DenoiserTrainer.Options.DEFAULT_TEMPORAL_WEIGHT, 0, 100),
                        args.number("high-noise-share", DenoiserTrainer.Options.DEFAULT_HIGH_NOISE_SHARE, 0, 1),
                        args.number("top-step-share", DenoiserTrainer.Options.DEFAULT_TOP_STEP_SHARE, 0, 1));
                new DenoiserTrainer(opts, ckpt.resolve("autoencoder"), ckpt.resolve("denoiser"), err).run();
            }
            case "export" -> {
                if (!Files.exists(ckpt.resolve("denoiser").resolve("ema.safetensors"))) {
                    throw new UsageException("nothing to export: no denoiser checkpoint in " + ckpt);
                }
                Path packDir = Path.of(args.required("out"));
                try {
                    PackExporter.export(arch, ckpt, packDir, java.time.LocalDate.now().toString(), args.flag("raw-weights"));
                } catch (ModelPackException e) {
                    throw new UsageException("--checkpoints: " + e.getMessage(), e);
                }
                out.println("wrote model pack " + packDir);
            }
            case "import" -> {
                Path pack = Path.of(args.required("from"));
                try {
                    PackImporter.seed(pack, arch, ckpt);
                } catch (ModelPackException e) {
                    throw new UsageException("--from: " + e.getMessage(), e);
                } catch (java.io.IOException e) {
                    throw new UsageException("--checkpoints: " + e.getMessage(), e);
                }
                out.println("seeded checkpoints in " + ckpt + " from the model pack " + pack + "; continue with --stage denoiser or autoencoder");
            }
            default -> throw new UsageException("--stage must be autoencoder, denoiser, export or import, got '" + stage + "'");
        }
        return 0;
    }
}
