package cinegen.app.commands;

import cinegen.app.ModelLocator;
import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.UsageException;
import cinegen.engine.pack.DeviceChoice;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.family.bundled.EngineBenchmark;
import cinegen.media.MediaBenchmark;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code bench}: measures the engine and media export on this machine, in one run. */
public final class BenchCommand implements Command {
    @Override public String name() { return "bench"; }

    @Override public String summary() { return "measure sampling, previews, decoding, memory and export speed"; }

    @Override public Set<String> switches() { return Set.of("json", "no-media"); }

    @Override
    public String usage() {
        return """
                Usage: cinegen bench [--model DIR] [--generations N] [--no-media] [--json]
                  --model DIR       model pack (default: the bundled pack)
                  --generations N   generations for the memory check (default 50)
                  --device D        auto (default), cpu or gpu
                  --no-media        skip the export measurements
                  --json            print one JSON object on the last line
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(Set.of("model", "generations", "no-media", "json", "device"));
        int generations = args.integer("generations", 50, 2, 10_000);
        DeviceChoice device;
        try {
            device = DeviceChoice.parse(args.string("device", "auto"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path modelDir = ModelLocator.find(args.string("model", null)).orElseThrow(() -> new UsageException(
                "no model pack found (looked in " + ModelLocator.candidates(args.string("model", null)) + ")"));
        Map<String, Double> r;
        String name;
        try (VideoModel model = VideoModel.load(ModelPack.open(modelDir), device.resolve())) {
            name = model.pack().name() + " on " + model.device();
            err.println("bench: " + name + " (" + generations + " generations for the memory check)");
            r = EngineBenchmark.run(model, generations, m -> err.println("bench: " + m));
        } catch (ModelPackException e) {
            throw new UsageException("model pack " + modelDir + ": " + e.getMessage());
        }
        if (!args.flag("no-media")) {
            MediaBenchmark.Result m = MediaBenchmark.run();
            r.put("gif_32x256_ms", m.gif32x256Ms());
            r.put("mp4_encode_fps", m.mp4EncodeFps());
            r.put("interpolation_ms_per_frame", m.interpolationMsPerFrame());
        }
        out.println("Cinegen bench: " + name + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        for (Map.Entry<String, Double> e : r.entrySet()) out.printf(Locale.ROOT, "  %-28s %10.3f%n", e.getKey(), e.getValue());
        if (args.flag("json")) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("model", name);
            r.forEach((k, v) -> { if (Double.isFinite(v)) json.put(k, v); else json.putNull(k); });
            out.println(json);
        }
        return 0;
    }
}
