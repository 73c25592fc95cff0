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

import cinegen.app.ModelFamilies;
import cinegen.engine.diffusers.pipeline.ModelBenchmark;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelInfo;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.bundled.BundledFamily;

import java.io.PrintStream;
import java.nio.file.Files;
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
                Usage: cinegen bench [--model PATH] [--generations N] [--no-media] [--json]
                       cinegen bench --model PATH [--motion PATH] [--vae PATH] --width W --height H --frames N --steps N [--json]
                  --model PATH      a Cinegen model pack (default: the bundled pack), or any model this version runs
                                    (a diffusers folder, a checkpoint); the second form measures the latter
                  --generations N   pack: generations for the memory check (default 50)
                  --motion PATH     a motion module for a Stable Diffusion base (AnimateDiff)
                  --vae PATH        a separate autoencoder
                  --width W --height H  frame size (default: the model's native size)
                  --frames N        frames per clip (default 16)
                  --steps N         timed sampling steps per measurement, median reported (default 3)
                  --cfg X           guidance scale of the guided steps (default 7.5; 1 skips the guided steps)
                  --warmup 0|1      one untimed step before the timed ones (default 1)
                  --device D        auto (default), cpu or gpu
                  --precision P     model form: fp32 (default) or fp16, the denoiser's number type (GPU only; on the CPU
                                    the model runs in fp32 and a note says so)
                  --no-media        skip the export measurements
                  --json            print one JSON object on the last line
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(Set.of("model", "generations", "no-media", "json", "device", "motion", "vae", "width", "height", "frames",
                "steps", "cfg", "warmup", "precision"));
        int generations = args.integer("generations", 50, 2, 10_000);
        DeviceChoice device;
        try {
            device = DeviceChoice.parse(args.string("device", "auto"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String given = args.string("model", null);
        if (given != null && Files.exists(Path.of(given)) && !(ModelFamilies.recognise(Path.of(given)).orElse(null) instanceof BundledFamily)) {
            return benchModel(args, Path.of(given), device, out, err);
        }
        for (String option : new String[] {"motion", "vae", "width", "height", "frames", "steps", "cfg", "warmup", "precision"}) {
            if (args.has(option)) throw new UsageException("--" + option + " is for a model other than a Cinegen pack");
        }
        Path modelDir = ModelLocator.find(given).orElseThrow(() -> new UsageException(
                "no model pack found (looked in " + ModelLocator.candidates(given) + ")"));
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
        print(name, r, args.flag("json"), out);
        return 0;
    }

    private static void print(String name, Map<String, Double> r, boolean json, PrintStream out) {
        out.println("Cinegen bench: " + name + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        for (Map.Entry<String, Double> e : r.entrySet()) out.printf(Locale.ROOT, "  %-28s %10.3f%n", e.getKey(), e.getValue());
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("model", name);
            r.forEach((k, v) -> { if (Double.isFinite(v)) o.put(k, v); else o.putNull(k); });
            out.println(o);
        }
    }

    /** Any family's model at a chosen size: load time, steps, preview, decode, style switch, peak memory. */
    private static int benchModel(Args args, Path modelPath, DeviceChoice device, PrintStream out, PrintStream err) throws Exception {
        if (args.has("width") != args.has("height")) throw new UsageException("--width and --height are given together");
        cinegen.engine.family.Precision precision;
        try {
            precision = cinegen.engine.family.Precision.parse(args.string("precision", "fp32"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--precision: " + e.getMessage());
        }
        ModelSource source = new ModelSource(modelPath, args.has("motion") ? args.existingFile("motion") : null,
                args.has("vae") ? args.existingFile("vae") : null, precision);
        int frames = args.integer("frames", 16, 1, 256), steps = args.integer("steps", 3, 1, 100);
        double cfg = args.number("cfg", 7.5, 1, 30);
        boolean warmup = args.integer("warmup", 1, 0, 1) == 1;
        long t0 = System.nanoTime();
        ai.djl.Device on = device.resolve();
        String note = precision.fallbackNote(on);
        if (note != null) err.println("note: --precision " + note);
        try (LoadedModel model = ModelFamilies.load(source, on)) {
            double load = (System.nanoTime() - t0) / 1e9;
            ModelInfo info = model.info();
            int width = args.integer("width", info.width(), 8, 4096), height = args.integer("height", info.height(), 8, 4096);
            if (!info.acceptsSize(width, height)) throw new UsageException("--width/--height: " + info.sizeRule());
            String name = info.name() + " (" + info.familyName() + ") on " + model.device() + ", " + precision.on(on).id();
            err.println("bench: " + name + " loaded in " + String.format(Locale.ROOT, "%.1f s", load) + "; " + frames + " frames at "
                    + width + "x" + height + ", " + steps + " timed steps each");
            Path scratch = Files.createTempDirectory("cinegen-bench");
            Map<String, Double> r;
            try {
                r = ModelBenchmark.run(model, load, new ModelBenchmark.Settings(width, height, frames, steps, warmup, cfg), scratch,
                        m -> err.println("bench: " + m));
            } finally {
                Files.deleteIfExists(scratch);
            }
            r.put("cores", (double) Runtime.getRuntime().availableProcessors());
            print(name, r, args.flag("json"), out);
        } catch (ModelPackException e) {
            throw new UsageException("--model " + modelPath + ": " + e.getMessage());
        }
        return 0;
    }
}
