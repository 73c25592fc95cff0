package cinegen.app.commands;

import cinegen.app.ModelLocator;
import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.ProgressBar;
import cinegen.app.cli.UsageException;
import cinegen.engine.pack.DeviceChoice;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.Mode;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.SamplerKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.media.ExportOptions;
import cinegen.media.ImportOptions;
import cinegen.media.MediaException;
import cinegen.media.MediaImporter;
import cinegen.media.VideoExporter;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code generate}: one clip from the command line, in any of the four modes. */
public final class GenerateCommand implements Command {
    private static final Set<String> OPTIONS = Set.of("mode", "prompt", "negative", "image", "video", "mask", "frames", "fps",
            "steps", "cfg", "seed", "sampler", "lowpass", "model", "out", "style", "device", "eta", "feather");

    @Override public String name() { return "generate"; }

    @Override public String summary() { return "generate a clip (t2v, i2v, inpaint, cinemagraph) to MP4, GIF or PNG frames"; }

    @Override
    public String usage() {
        return """
                Usage: cinegen generate --prompt TEXT --out PATH [options]
                  --mode M          t2v (default), i2v, inpaint or cinemagraph
                  --prompt TEXT     what to generate
                  --negative TEXT   what to avoid (used with guidance)
                  --image FILE      i2v and cinemagraph: the input image
                  --video FILE      inpaint: the input video
                  --mask FILE       inpaint and cinemagraph: PNG, any size; white = region to regenerate or animate
                  --frames N        number of frames (default 16; longer clips use blended temporal windows)
                  --fps N           frame rate, which also sets the motion speed (default 8)
                  --steps N         sampling steps (default 25)
                  --cfg X           guidance scale; 1 turns guidance off (default 5)
                  --seed N          seed; the same seed gives the same clip (default 0)
                  --sampler S       ddim, euler-a or dpmpp-2m (default dpmpp-2m)
                  --lowpass X       temporal low-pass strength against flicker, 0..1 (default 0)
                  --style S         NAME[:ALPHA][,NAME:ALPHA] style weight sets of the model pack
                  --model DIR       model pack folder (default: the bundled pack)
                  --device D        auto (default), cpu or gpu
                  --out PATH        .mp4 or .gif (or .webm) writes a video; any other path a folder of PNG frames
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(OPTIONS);
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        Mode mode;
        SamplerKind sampler;
        DeviceChoice device;
        StyleMix style;
        try {
            mode = Mode.parse(args.string("mode", "t2v"));
            sampler = SamplerKind.parse(args.string("sampler", "dpmpp-2m"));
            device = DeviceChoice.parse(args.string("device", "auto"));
            style = StyleMix.parse(args.string("style", ""), 0.8);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String prompt = args.required("prompt");
        Path outPath = Path.of(args.required("out"));
        int frames = args.integer("frames", 16, 1, GenerationRequest.MAX_FRAMES);
        double fps = args.number("fps", 8, 1, 60);
        int steps = args.integer("steps", 25, 1, 1000);
        double cfg = args.number("cfg", 5, 1, 30);
        double lowpass = args.number("lowpass", 0, 0, 1);
        for (String input : new String[] {"image", "video", "mask"}) {
            if (args.has(input) && !needs(mode, input)) throw new UsageException("--" + input + " is not used by mode " + mode.id());
            if (!args.has(input) && needs(mode, input)) throw new UsageException("mode " + mode.id() + " needs --" + input);
        }
        Path parent = outPath.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) throw new UsageException("--out: the folder " + parent + " does not exist");

        GenerationRequest.Builder b = GenerationRequest.builder().mode(mode).prompt(prompt).negativePrompt(args.string("negative", ""))
                .frames(frames).fps(fps).steps(steps).guidance(cfg).seed(args.longValue("seed", 0)).sampler(sampler)
                .lowpass(lowpass).style(style).eta(args.number("eta", 0, 0, 1)).feather(args.number("feather", 2, 0, 32));
        Path modelDir = ModelLocator.find(args.string("model", null)).orElseThrow(() -> new UsageException(
                "no model pack found (looked in " + ModelLocator.candidates(args.string("model", null)) + ")"));
        ModelPack pack;
        try {
            pack = ModelPack.open(modelDir);
        } catch (ModelPackException e) {
            throw new UsageException("model pack " + modelDir + ": " + e.getMessage());
        }
        int w = pack.architecture().width(), h = pack.architecture().height();
        if (args.has("image")) b.image(importStill(args.existingFile("image"), "image", w, h, false));
        if (args.has("video")) {
            try {
                b.video(MediaImporter.importFile(args.existingFile("video"),
                        ImportOptions.resizedTo(w, h, ImportOptions.Resize.CROP).withMaxFrames(GenerationRequest.MAX_FRAMES)).frames());
            } catch (MediaException e) {
                throw new UsageException("--video: " + e.getMessage());
            }
        }
        if (args.has("mask")) {
            FrameSequence m = importStill(args.existingFile("mask"), "mask", 0, 0, true);
            b.mask(Mask.fromArgb(m.width(), m.height(), m.frame(0)));
        }
        GenerationRequest request;
        try {
            request = b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String lower = outPath.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean video = lower.endsWith(".mp4") || lower.endsWith(".gif") || lower.endsWith(".webm");
        if (!video && Files.exists(outPath) && !Files.isDirectory(outPath)) throw new UsageException("--out: " + outPath + " is a file, not a folder for PNG frames");

        GeneratedVideo result;
        try (VideoModel model = VideoModel.load(pack, device.resolve())) {
            err.println("model " + pack.name() + " on " + model.device() + ", " + request.frames() + " frames, " + request.steps() + " steps");
            ProgressBar bar = new ProgressBar(err, "generate");
            result = new VideoPipeline(model).generate(request, p -> bar.update(p.fraction(), p.elapsedNanos() / 1e9,
                    "step " + p.step() + "/" + p.totalSteps(), p.step() == p.totalSteps()), CancelToken.none());
            bar.finish();
        } catch (ModelPackException e) {
            throw new UsageException("model pack " + modelDir + ": " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        if (!video) Files.createDirectories(outPath);
        var written = VideoExporter.export(result.frames(), outPath, ExportOptions.defaults(), p -> { }, () -> false);
        out.println("wrote " + outPath + " (" + result.frames().frameCount() + " frames, " + result.frames().width() + "x"
                + result.frames().height() + ", " + String.format(Locale.ROOT, "%.1f s", result.elapsedNanos() / 1e9) + ")");
        return 0;
    }

    private static boolean needs(Mode mode, String input) {
        return Map.of("image", mode.needsImage(), "video", mode.needsVideo(), "mask", mode.needsMask()).get(input);
    }

    private static FrameSequence importStill(Path file, String option, int w, int h, boolean originalSize) throws UsageException {
        try {
            ImportOptions opts = originalSize ? ImportOptions.original() : ImportOptions.resizedTo(w, h, ImportOptions.Resize.CROP);
            FrameSequence s = MediaImporter.importFile(file, opts.withMaxFrames(1)).frames();
            if (s.isEmpty()) throw new UsageException("--" + option + ": " + file + " has no image");
            return s;
        } catch (MediaException e) {
            throw new UsageException("--" + option + ": " + e.getMessage());
        }
    }
}
