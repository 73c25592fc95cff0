package cinegen.app.commands;

import cinegen.app.ModelLocator;
import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.ProgressBar;
import cinegen.app.cli.UsageException;
import cinegen.engine.pack.DeviceChoice;
import cinegen.app.ModelFamilies;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelInfo;
import cinegen.engine.family.ModelSource;
import cinegen.engine.pipeline.LatentFiles;
import cinegen.engine.pipeline.Latents;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.StyleMix;
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
            "steps", "cfg", "seed", "sampler", "lowpass", "model", "out", "style", "device", "eta", "feather", "width", "height",
            "motion", "vae", "init-noise", "save-latents");

    /** Longer prompts are refused rather than cut silently; the model reads far fewer words than this anyway. */
    static final int MAX_PROMPT_CHARS = 2000;

    @Override public String name() { return "generate"; }

    @Override public String summary() { return "generate a clip (t2v, i2v, inpaint, cinemagraph) to MP4, GIF or PNG frames"; }

    @Override
    public String usage() {
        return """
                Usage: cinegen generate --prompt TEXT --out PATH [options]
                  --mode M          t2v (default), i2v, inpaint or cinemagraph
                  --prompt TEXT     what to generate (at most 2000 characters)
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
                  --model PATH      the model: a Cinegen pack folder (default: the bundled pack), a diffusers folder or a
                                    single .safetensors checkpoint (see README, "Bring your own model")
                  --motion PATH     a motion module for a Stable Diffusion base (AnimateDiff)
                  --vae PATH        a separate autoencoder for a Stable Diffusion base
                  --width W --height H  frame size (default: the model's native size)
                  --init-noise FILE starting latents from a safetensors file (tensor "latents", [1, C, frames, h, w])
                  --save-latents FILE  writes the final latents the same way
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
        for (String option : new String[] {"prompt", "negative"}) {
            String text = args.string(option, "");
            if (text.length() > MAX_PROMPT_CHARS) {
                throw new UsageException("--" + option + " is " + text.length() + " characters long; at most " + MAX_PROMPT_CHARS
                        + " are accepted (the model reads only the first few words)");
            }
        }
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

        String lower = outPath.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean video = lower.endsWith(".mp4") || lower.endsWith(".gif") || lower.endsWith(".webm");
        // The output is checked before any work (issue 32): a bad --out must not cost a whole generation.
        if (!video && Files.exists(outPath) && !Files.isDirectory(outPath)) throw new UsageException("--out: " + outPath + " is a file, not a folder for PNG frames");
        if (video && Files.isDirectory(outPath)) throw new UsageException("--out: " + outPath + " is a folder; name a file to write the video to");
        if (!Files.isWritable(parent)) throw new UsageException("--out: the folder " + parent + " cannot be written to");
        Folders.requireWritable(parent, "--out");
        Folders.refuseInsideProject(outPath, "--out");
        Path saveLatents = args.has("save-latents") ? Path.of(args.string("save-latents", "")) : null;
        if (saveLatents != null) {
            Path sp = saveLatents.toAbsolutePath().getParent();
            if (sp == null || !Files.isDirectory(sp) || !Files.isWritable(sp)) throw new UsageException("--save-latents: the folder " + sp + " cannot be written to");
        }
        Latents initNoise = null;
        if (args.has("init-noise")) {
            try {
                initNoise = LatentFiles.read(args.existingFile("init-noise"));
            } catch (ModelPackException e) {
                throw new UsageException("--init-noise: " + e.getMessage());
            }
        }
        if (args.has("width") != args.has("height")) throw new UsageException("--width and --height are given together");
        // The inputs' headers are read before the model loads: a picture too large to decode, a truncated one or a
        // pipe is refused at once instead of after loading (issue 32).
        for (String input : new String[] {"image", "video", "mask"}) {
            if (!args.has(input)) continue;
            try {
                MediaImporter.probe(args.existingFile(input));
            } catch (MediaException e) {
                throw new UsageException("--" + input + ": " + e.getMessage());
            }
        }
        int width = args.integer("width", 0, 8, 4096), height = args.integer("height", 0, 8, 4096);

        GenerationRequest.Builder b = GenerationRequest.builder().mode(mode).prompt(prompt).negativePrompt(args.string("negative", ""))
                .frames(frames).fps(fps).steps(steps).guidance(cfg).seed(args.longValue("seed", 0)).sampler(sampler)
                .lowpass(lowpass).style(style).eta(args.number("eta", 0, 0, 1)).feather(args.number("feather", 2, 0, 32))
                .size(width, height).initialNoise(initNoise);
        Path modelPath = ModelLocator.find(args.string("model", null)).orElse(null);
        if (modelPath == null) {
            if (!args.has("model")) throw new UsageException("no model pack found (looked in " + ModelLocator.candidates(null) + ")");
            modelPath = Path.of(args.string("model", ""));
        }
        ModelSource source = new ModelSource(modelPath, args.has("motion") ? args.existingFile("motion") : null,
                args.has("vae") ? args.existingFile("vae") : null);
        if (ModelFamilies.recognise(modelPath).isEmpty()) {
            throw new UsageException("--model: " + modelPath + " is not a model this version runs (a Cinegen model pack folder,"
                    + " or a Stable Diffusion 1.5 diffusers folder or .safetensors file)");
        }

        GeneratedVideo result;
        try (LoadedModel model = ModelFamilies.load(source, device.resolve())) {
            ModelInfo info = model.info();
            int[] size = width > 0 ? new int[] {width, height} : new int[] {info.width(), info.height()};
            if (!info.acceptsSize(size[0], size[1])) throw new UsageException("--width/--height: " + info.sizeRule());
            if (!info.supports(mode)) throw new UsageException("--mode: " + info.name() + " cannot do " + mode.label().toLowerCase(Locale.ROOT));
            for (StyleMix.Entry e : style.entries()) {
                if (!model.styleNames().contains(e.name())) throw new UsageException("--style: " + info.name() + " has no style '" + e.name()
                        + "' (it has: " + (model.styleNames().isEmpty() ? "none" : String.join(", ", model.styleNames())) + ")");
            }
            if (args.has("image")) b.image(importStill(args.existingFile("image"), "image", size[0], size[1], false));
            if (args.has("video")) {
                try {
                    b.video(MediaImporter.importFile(args.existingFile("video"), ImportOptions.resizedTo(size[0], size[1],
                            ImportOptions.Resize.CROP).withMaxFrames(GenerationRequest.MAX_FRAMES)).frames());
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
            err.println("model " + info.name() + " (" + info.familyName() + ") on " + model.device() + ", " + request.frames() + " frames at "
                    + size[0] + "x" + size[1] + ", " + request.steps() + " steps");
            ProgressBar bar = new ProgressBar(err, "generate");
            boolean[] drawn = {false};
            try {
                result = new VideoPipeline(model).generate(request, p -> {
                    drawn[0] = true;
                    bar.update(p.fraction(), p.elapsedNanos() / 1e9, "step " + p.step() + "/" + p.totalSteps(), p.step() == p.totalSteps());
                }, CancelToken.none());
            } finally {
                if (drawn[0]) bar.finish(); // ends the bar's line, so an error starts a line of its own
            }
        } catch (ModelPackException e) {
            throw new UsageException("--model " + modelPath + ": " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        if (saveLatents != null) LatentFiles.write(saveLatents, result.latents());
        if (!video) Files.createDirectories(outPath);
        try {
            VideoExporter.export(result.frames(), outPath, ExportOptions.defaults(), p -> { }, () -> false);
        } catch (MediaException e) {
            throw new UsageException("--out: " + e.getMessage());
        }
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
