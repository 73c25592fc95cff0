package cinegen.app.commands;

import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.UsageException;
import cinegen.engine.diffusers.pipeline.RandomModels;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code make-random-model}: a full-size random-weight model of a published architecture, to measure the engine on. */
public final class MakeRandomModelCommand implements Command {
    private static final Map<String, RandomModels.Kind> KINDS = Map.of("sd15", RandomModels.Kind.SD15,
            "sd15-inpaint", RandomModels.Kind.SD15_INPAINT, "zeroscope", RandomModels.Kind.ZEROSCOPE);

    @Override public String name() { return "make-random-model"; }

    @Override public String summary() { return "write a full-size random-weight model (for bench: real shapes, no real weights)"; }

    @Override
    public String usage() {
        return """
                Usage: cinegen make-random-model --kind K --out DIR [--seed N]
                  --kind K    sd15 (Stable Diffusion 1.5 + AnimateDiff v3, about 3 GB), sd15-inpaint (the same with the
                              9-channel inpainting UNet) or zeroscope (ModelScope / Zeroscope v2 text-to-video, about 3.5 GB)
                  --out DIR   the diffusers folder to write (must not exist or be empty)
                  --seed N    seed of the random weights (default 0)
                Weights are F16, drawn N(0, 1/fan_in) (biases 0, norm scales 1); the tokenizer is synthetic. Only useful
                for measuring speed and memory: the model generates noise.
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(Set.of("kind", "out", "seed"));
        String kindName = args.required("kind").toLowerCase(Locale.ROOT);
        RandomModels.Kind kind = KINDS.get(kindName);
        if (kind == null) throw new UsageException("--kind: '" + kindName + "' is not one of sd15, sd15-inpaint, zeroscope");
        Path dir = Path.of(args.required("out"));
        if (Files.isRegularFile(dir)) throw new UsageException("--out: " + dir + " is a file");
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) throw new UsageException("--out: " + dir + " is not empty");
            }
        }
        long t0 = System.nanoTime();
        RandomModels.write(kind, dir, args.longValue("seed", 0), m -> err.println("make-random-model: " + m));
        out.println("wrote " + dir + " (" + kindName + ", " + String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9) + ")");
        return 0;
    }
}
