package cinegen.app.commands;

import cinegen.app.ModelLocator;
import cinegen.app.generate.Recipes;
import cinegen.app.generate.SourceComposite;
import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.ProgressBar;
import cinegen.app.cli.UsageException;
import cinegen.engine.pack.DeviceChoice;
import cinegen.app.ModelFamilies;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelInfo;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.Precision;
import cinegen.engine.pipeline.LatentFiles;
import cinegen.engine.pipeline.Latents;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.SamplerKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.media.ExportOptions;
import cinegen.media.ImportOptions;
import cinegen.media.MediaException;
import cinegen.media.MediaImporter;
import cinegen.media.VideoExporter;
import cinegen.project.PromptTravel;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code generate}: one clip from the command line, in any of the four modes. */
public final class GenerateCommand implements Command {
    private static final Set<String> OPTIONS = Set.of("mode", "prompt", "negative", "image", "video", "mask", "frames", "fps",
            "steps", "cfg", "seed", "sampler", "lowpass", "model", "out", "style", "device", "eta", "feather", "width", "height",
            "motion", "vae", "init-noise", "save-latents", "lora", "loop", "preset", "spacing", "taesd", "clip-skip", "precision",
            "crop-to-region", "whole-frame");

    /** Longer prompts are refused rather than cut silently; the model reads far fewer words than this anyway. */
    static final int MAX_PROMPT_CHARS = 2000;

    @Override public String name() { return "generate"; }

    @Override public Set<String> switches() { return Set.of("loop", "crop-to-region", "whole-frame"); }

    /** Sampling presets for distilled motion modules: sampler, timestep spacing, guidance and steps they were made for. */
    enum Preset {
        LIGHTNING("lightning", SamplerKind.EULER, "trailing", 1.0, 4),
        LCM("lcm", SamplerKind.LCM, null, 1.5, 6);

        final String id, spacing;
        final SamplerKind sampler;
        final double cfg;
        final int steps;

        Preset(String id, SamplerKind sampler, String spacing, double cfg, int steps) {
            this.id = id; this.sampler = sampler; this.spacing = spacing; this.cfg = cfg; this.steps = steps;
        }

        static Preset parse(String s) throws UsageException {
            for (Preset p : values()) if (p.id.equals(s)) return p;
            throw new UsageException("--preset must be lightning (AnimateDiff-Lightning) or lcm (AnimateLCM), got '" + s + "'");
        }
    }

    @Override public String summary() { return "generate a clip (t2v, i2v, inpaint, cinemagraph) to MP4, GIF or PNG frames"; }

    @Override
    public String usage() {
        return """
                Usage: cinegen generate --prompt TEXT --out PATH [options]
                  --mode M          t2v (default), i2v, inpaint or cinemagraph
                  --prompt TEXT     what to generate (at most 2000 characters); prompts at keyframes travel
                                    over the clip (Stable Diffusion): "0: closed eyes, 16: open eyes" (frames
                                    count from 0; text before the first keyframe goes before every keyframe's)
                  --negative TEXT   what to avoid (used with guidance)
                  --image FILE      i2v and cinemagraph: the input image
                  --video FILE      inpaint: the input video
                  --mask FILE       inpaint and cinemagraph: PNG, any size; white = region to regenerate or animate
                  --crop-to-region  inpaint and cinemagraph (the default): the model sees the painted region and a
                                    margin around it, so a small region gets all of its pixels
                  --whole-frame     inpaint and cinemagraph: the model sees the whole frame instead
                                    (i2v, inpaint and cinemagraph deliver at the input's size; inpainting keeps the
                                    video's frame rate, and output frame f is input frame f)
                  --frames N        number of frames (default: the model's window, 16; longer clips use blended windows)
                  --fps N           frame rate, which also sets the motion speed (default: the model's, 8; for
                                    inpainting the video's, which the output always plays at)
                  --steps N         sampling steps (default: the model's, 25)
                  --cfg X           guidance scale; 1 turns guidance off (default: the model's, 5 for the bundled
                                    model, 7.5 for Stable Diffusion)
                  --seed N          seed; the same seed gives the same clip (default 0)
                  --sampler S       ddim, euler, euler-a, dpmpp-2m, dpmpp-2m-karras or lcm (default: the model's;
                                    dpmpp-2m for the bundled model, its scheduler_config.json for Stable Diffusion)
                  --lowpass X       temporal low-pass strength against flicker, 0..1 (default 0)
                  --loop            a seamless loop: the last frame leads into the first
                  --preset P        lightning (AnimateDiff-Lightning: euler, trailing spacing, cfg 1, 4 steps) or
                                    lcm (AnimateLCM: lcm sampler, cfg 1.5, 6 steps); explicit options win
                  --spacing S       timestep spacing of a Stable Diffusion model: leading, trailing or linspace
                  --style S         NAME[:ALPHA][,NAME:ALPHA] style weight sets of the model pack; for Stable Diffusion a
                                    NAME may be a file or folder: a LoRA, or a second model of the same architecture
                                    whose weights are blended with the base's at ALPHA
                  --lora PATH[:A]   LoRA files (comma-separated) applied at strength A (default 1)
                  --model PATH      the model: a Cinegen pack folder (default: the bundled pack), a diffusers folder or a
                                    single .safetensors checkpoint (see README, "Bring your own model")
                  --motion PATH     a motion module for a Stable Diffusion base (AnimateDiff)
                  --vae PATH        a separate autoencoder for a Stable Diffusion base
                  --clip-skip N     skip the last N layers of the CLIP text encoder (Stable Diffusion; default 0)
                  --taesd PATH      a TAESD decoder for full-size previews: ComfyUI's taesd_decoder.safetensors or
                                    .pth (models/vae_approx/), or a diffusers AutoencoderTiny folder
                  --width W --height H  frame size (default: the model's native size)
                  --init-noise FILE starting latents from a safetensors file (tensor "latents", [1, C, frames, h, w])
                  --save-latents FILE  writes the final latents the same way
                  --device D        auto (default), cpu or gpu
                  --precision P     fp32 (default) or fp16: the number type of a Stable Diffusion or ModelScope
                                    model's denoiser, for CUDA GPUs (untested on a GPU so far); on the CPU the model
                                    runs in fp32 and a note says so
                  --out PATH        .mp4 or .gif (or .webm) writes a video; any other path a folder of PNG frames
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(OPTIONS);
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        GenerationMode mode;
        SamplerKind sampler;
        DeviceChoice device;
        Precision precision;
        StyleMix style;
        try {
            mode = GenerationMode.parse(args.string("mode", "t2v"));
            sampler = SamplerKind.parse(args.string("sampler", "dpmpp-2m"));
            device = DeviceChoice.parse(args.string("device", "auto"));
            precision = Precision.parse(args.string("precision", "fp32"));
            style = StyleMix.NONE;
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
        PromptTravel travel;
        try {
            travel = PromptTravel.parse(prompt);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--prompt: " + e.getMessage());
        }
        Path outPath = Path.of(args.required("out"));
        int frames = args.integer("frames", 16, 1, GenerationRequest.MAX_FRAMES);
        double fps = args.number("fps", 8, 1, 60);
        Preset preset = args.has("preset") ? Preset.parse(args.string("preset", "")) : null;
        int steps = args.integer("steps", preset != null ? preset.steps : 25, 1, 1000);
        double cfg = args.number("cfg", preset != null ? preset.cfg : 5, 1, 30);
        if (preset != null && !args.has("sampler")) sampler = preset.sampler;
        String spacing = args.has("spacing") ? args.string("spacing", "") : preset != null ? preset.spacing : null;
        double lowpass = args.number("lowpass", 0, 0, 1);
        for (String input : new String[] {"image", "video", "mask"}) {
            if (args.has(input) && !needs(mode, input)) throw new UsageException("--" + input + " is not used by mode " + mode.id());
            if (!args.has(input) && needs(mode, input)) throw new UsageException("mode " + mode.id() + " needs --" + input);
        }
        if (args.flag("crop-to-region") && args.flag("whole-frame")) throw new UsageException("--crop-to-region and --whole-frame exclude each other");
        for (String option : new String[] {"crop-to-region", "whole-frame"}) {
            if (args.flag(option) && !mode.needsMask()) throw new UsageException("--" + option + " is used by inpaint and cinemagraph only, not mode " + mode.id());
        }
        boolean cropToRegion = args.flag("whole-frame") ? false : args.flag("crop-to-region") || SourceComposite.cropsByDefault(mode);
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
        if (args.has("taesd") && !Files.exists(Path.of(args.string("taesd", "")))) {
            throw new UsageException("--taesd: " + args.string("taesd", "") + " does not exist");
        }
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

        GenerationRequest.Builder b = GenerationRequest.builder().mode(mode).prompts(Recipes.schedule(travel)).negativePrompt(args.string("negative", ""))
                .frames(frames).fps(fps).steps(steps).guidance(cfg).seed(args.longValue("seed", 0)).sampler(sampler)
                .lowpass(lowpass).style(style).eta(args.number("eta", 0, 0, 1)).feather(args.number("feather", 2, 0, 32))
                .size(width, height).initialNoise(initNoise).loop(args.flag("loop")).timestepSpacing(spacing);
        Path modelPath = ModelLocator.find(args.string("model", null)).orElse(null);
        if (modelPath == null) {
            if (!args.has("model")) throw new UsageException("no model pack found (looked in " + ModelLocator.candidates(null) + ")");
            modelPath = Path.of(args.string("model", ""));
        }
        ModelSource source = new ModelSource(modelPath, args.has("motion") ? args.existingFile("motion") : null,
                args.has("vae") ? args.existingFile("vae") : null, precision);
        if (ModelFamilies.recognise(modelPath).isEmpty()) {
            throw new UsageException("--model: " + ModelFamilies.whyNot(modelPath));
        }

        GeneratedVideo result;
        ai.djl.Device on;
        try {
            on = device.resolve();
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        String precisionNote = precision.fallbackNote(on);
        if (precisionNote != null) err.println("note: --precision " + precisionNote);
        try (LoadedModel model = ModelFamilies.load(source, on)) {
            ModelInfo info = model.info();
            if (args.has("taesd")) {
                try {
                    model.usePreviewDecoder(Path.of(args.string("taesd", "")));
                } catch (ModelPackException e) {
                    throw new UsageException("--taesd: " + e.getMessage());
                }
            }
            if (args.has("clip-skip")) model.setClipSkip(args.integer("clip-skip", 0, 0, 48));
            int[] size = width > 0 ? new int[] {width, height} : new int[] {info.width(), info.height()};
            if (!info.acceptsSize(size[0], size[1])) throw new UsageException("--width/--height: " + info.sizeRule());
            if (!info.supports(mode)) throw new UsageException("--mode: " + info.name() + " cannot do " + mode.title().toLowerCase(Locale.ROOT));
            if (travel.travels() && !info.promptTravel()) throw new UsageException("--prompt: " + info.promptTravelRule());
            // Settings not given come from the model (its info is the one source of defaults and limits).
            ModelInfo.Defaults d = info.defaults();
            if (!args.has("steps") && preset == null) b.steps(d.steps());
            if (!args.has("cfg") && preset == null) b.guidance(d.guidance());
            if (!args.has("sampler") && preset == null) b.sampler(d.sampler());
            if (!args.has("fps")) b.fps(d.fps());
            if (!args.has("frames")) b.frames(d.frames());
            if (steps > info.limits().maxSteps()) throw new UsageException("--steps: " + info.name() + " takes at most " + info.limits().maxSteps());
            if (cfg > info.limits().maxGuidance()) throw new UsageException("--cfg: " + info.name() + " takes at most " + info.limits().maxGuidance());
            if (frames > info.limits().maxFrames()) throw new UsageException("--frames: " + info.name() + " makes at most " + info.limits().maxFrames());
            List<StyleMix.Entry> entries = new java.util.ArrayList<>();
            for (String[] ref : styleRefs(args.string("style", ""), 0.8)) entries.add(styleEntry(model, ref, "--style"));
            for (String[] ref : styleRefs(args.string("lora", ""), 1.0)) entries.add(styleEntry(model, ref, "--lora"));
            style = new StyleMix(entries);
            b.style(style);
            for (StyleMix.Entry e : style.entries()) {
                if (!model.styleNames().contains(e.name())) throw new UsageException("--style: " + info.name() + " has no style '" + e.name()
                        + "' (it has: " + (model.styleNames().isEmpty() ? "none" : String.join(", ", model.styleNames())) + ")");
            }
            // Inputs at their own size: the clip is delivered at that size (SourceComposite, issue 31).
            if (args.has("image")) b.image(importStill(args.existingFile("image"), "image", 0, 0, true));
            if (args.has("video")) {
                int wanted = args.has("frames") ? frames : d.frames();
                FrameSequence v;
                try {
                    v = MediaImporter.importFile(args.existingFile("video"), ImportOptions.original().withMaxFrames(wanted)).frames();
                } catch (MediaException e) {
                    throw new UsageException("--video: " + e.getMessage());
                }
                b.video(v);
                // Output frame f is input frame f: never more frames than the video has, and its frame rate.
                if (v.frameCount() < wanted) {
                    err.println("the video has " + v.frameCount() + " frames: making " + v.frameCount());
                    b.frames(v.frameCount());
                }
                if (!args.has("fps")) b.fps(Math.max(1, Math.min(60, v.fps())));
            }
            if (args.has("mask")) {
                FrameSequence m = importStill(args.existingFile("mask"), "mask", 0, 0, true);
                b.mask(Mask.fromArgb(m.width(), m.height(), m.frame(0)));
            }
            GenerationRequest request;
            try {
                request = b.build();
                SourceComposite.checkMemory(request, Runtime.getRuntime().maxMemory());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            err.println("model " + info.name() + " (" + info.familyName() + ") on " + model.device() + ", " + precision.on(on).id() + ", "
                    + request.frames() + " frames at "
                    + size[0] + "x" + size[1] + ", " + request.steps() + " steps" + deliveredAt(request, cropToRegion)
                    + (info.guidanceEmbedded() ? ", guidance " + request.guidance() + " embedded in the model (one pass per step"
                    + (request.negativePrompt().isBlank() ? ")" : "; the negative prompt is not used)") : ""));
            ProgressBar bar = new ProgressBar(err, "generate");
            boolean[] drawn = {false};
            try {
                result = SourceComposite.generate(new VideoPipeline(model), request, cropToRegion, p -> {
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
        boolean madeFolder = !video && !Files.exists(outPath);
        if (!video) Files.createDirectories(outPath);
        try {
            VideoExporter.export(result.frames(), outPath, ExportOptions.defaults(), p -> { }, () -> false);
        } catch (MediaException e) {
            if (madeFolder) Files.deleteIfExists(outPath); // still empty: the frames are moved in only when all are written
            throw new UsageException("--out: " + e.getMessage());
        }
        out.println("wrote " + outPath + " (" + result.frames().frameCount() + " frames, " + result.frames().width() + "x"
                + result.frames().height() + ", " + String.format(Locale.ROOT, "%.1f s", result.elapsedNanos() / 1e9) + ")");
        return 0;
    }

    /** "REF[:ALPHA],..." as (ref, alpha) pairs, the reference's case kept (it may be a path). */
    static List<String[]> styleRefs(String text, double defaultAlpha) throws UsageException {
        List<String[]> out = new java.util.ArrayList<>();
        if (text == null || text.isBlank()) return out;
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int colon = p.lastIndexOf(':');
            String alpha = Double.toString(defaultAlpha), ref = p;
            if (colon > 0 && p.substring(colon + 1).strip().matches("[0-9.]+")) {
                ref = p.substring(0, colon).strip();
                alpha = p.substring(colon + 1).strip();
            }
            out.add(new String[] {ref, alpha});
        }
        return out;
    }

    /** A style of the loaded model, or a style file registered with it. */
    private static StyleMix.Entry styleEntry(LoadedModel model, String[] ref, String option) throws UsageException, ModelPackException {
        String name = ref[0].toLowerCase(Locale.ROOT);
        if (option.equals("--lora") || Files.exists(Path.of(ref[0]))) {
            if (!Files.exists(Path.of(ref[0]))) throw new UsageException(option + ": " + ref[0] + " does not exist");
            name = model.addStyle(Path.of(ref[0]));
        }
        try {
            return new StyleMix.Entry(name, Double.parseDouble(ref[1]));
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** ", delivered at 720x528 (the painted region)": what the progress line adds for a clip made from an input. */
    private static String deliveredAt(GenerationRequest r, boolean cropToRegion) {
        FrameSequence s = r.mode() == GenerationMode.INPAINT ? r.video() : r.image();
        if (s == null) return "";
        return ", delivered at " + s.width() + "x" + s.height()
                + (r.mode().needsMask() ? (cropToRegion ? " (the model sees the painted region)" : " (the model sees the whole frame)") : "");
    }

    private static boolean needs(GenerationMode mode, String input) {
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
