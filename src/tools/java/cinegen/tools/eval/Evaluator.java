package cinegen.tools.eval;

import cinegen.tools.train.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.family.bundled.Architecture;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.FrameTensors;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.train.DiffusionBatch;
import cinegen.engine.family.bundled.scene.SceneRenderer;
import cinegen.engine.family.bundled.scene.SceneSampler;
import cinegen.engine.family.bundled.scene.SceneSpec;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.frames.Pixels;
import cinegen.frames.Resample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Runs the fixed evaluation of issue 4 on a loaded model: T2V prompt adherence and temporal consistency,
 * I2V frame-1 fidelity and motion, cinemagraph and inpainting exactness outside the painted region and motion
 * inside, and autoencoder reconstruction of photographs. Every number comes from {@link FrameAnalysis} or from
 * plain pixel comparisons, never from a learned judge.
 */
public final class Evaluator {
    /** Bars of issue 4. */
    public static final double BAR_T2V_COLOUR = 0.90, BAR_T2V_MOTION = 0.80, BAR_T2V_SHAPE = 0.70;
    public static final double BAR_I2V_SCENE_PSNR = 30, BAR_I2V_PHOTO_PSNR = 24, BAR_I2V_MOTION = 0.70, BAR_AE_PHOTO_PSNR = 25;
    /** "Clearly above zero": mean absolute frame-to-frame change inside the painted region, in 0..255 levels. */
    public static final double MIN_INSIDE_CHANGE = 1.0;
    /** Prompt for photographs given to I2V: only frame 1 is measured, so any caption of the grammar serves. */
    static final String PHOTO_PROMPT = "a white circle moving right on a gray background";
    /** The caption probe looks at the noisier half of the schedule, where the prompt decides the clip. */
    static final int CAPTION_PROBE_MIN_STEP = 500;

    /**
     * @param caseSet  0 for the fixed cases, 1.. for a held-out set ({@link EvalCases})
     * @param planning whether the pipeline plans layouts and silhouettes (decisions 26, 29); off to measure the
     *                 denoiser on its own
     */
    public record Options(int frames, double fps, int steps, double guidance, SamplerKind sampler, double feather,
                          boolean quick, Path photos, int maxPhotos, int caseSet, boolean planning) {
        public Options(int frames, double fps, int steps, double guidance, SamplerKind sampler, double feather,
                       boolean quick, Path photos, int maxPhotos, int caseSet) {
            this(frames, fps, steps, guidance, sampler, feather, quick, photos, maxPhotos, caseSet, true);
        }

        public Options(int frames, double fps, int steps, double guidance, SamplerKind sampler, double feather,
                       boolean quick, Path photos, int maxPhotos) {
            this(frames, fps, steps, guidance, sampler, feather, quick, photos, maxPhotos, 0);
        }

        /** The settings issue 4 asks for: 16 frames at 8 fps, 25 DPM-Solver++ 2M steps, guidance 5. */
        public static Options defaults(boolean quick, Path photos) {
            return new Options(16, 8, 25, 5.0, SamplerKind.DPMPP_2M, 2, quick, photos, quick ? 2 : 12);
        }
    }

    private final VideoModel model;
    private final VideoPipeline pipeline;
    private final Options options;
    private final PrintStream log;
    private final int width, height;
    private final SceneSampler scenes;

    /** @param log where one line per finished clip goes (with its wall time) */
    public Evaluator(VideoModel model, Options options, PrintStream log) {
        this.model = model;
        model.setPlanning(options.planning());
        this.pipeline = new VideoPipeline(model);
        this.options = options;
        this.log = log;
        Architecture a = model.architecture();
        this.width = a.width();
        this.height = a.height();
        this.scenes = new SceneSampler(options.frames());
    }

    public EvalReport run() throws ModelPackException {
        long start = System.nanoTime();
        String started = Instant.now().toString();
        List<String> notes = new ArrayList<>();
        List<EvalReport.T2vRow> t2v = new ArrayList<>();
        List<EvalCases.Case> t2vCases = EvalCases.t2v(options.quick(), options.caseSet());
        for (int i = 0; i < t2vCases.size(); i++) t2v.add(textToVideo(t2vCases.get(i), i, t2vCases.size()));
        List<EvalReport.I2vRow> i2v = new ArrayList<>();
        List<EvalCases.Case> i2vCases = EvalCases.i2v(options.quick(), options.caseSet());
        for (int i = 0; i < i2vCases.size(); i++) i2v.add(imageToVideo(i2vCases.get(i), i, i2vCases.size()));
        List<EvalReport.RegionRow> cinemagraph = new ArrayList<>();
        List<EvalCases.Case> cCases = EvalCases.cinemagraph(options.quick(), options.caseSet());
        for (int i = 0; i < cCases.size(); i++) cinemagraph.add(region(GenerationMode.CINEMAGRAPH, cCases.get(i), i, cCases.size()));
        List<EvalReport.RegionRow> inpaint = new ArrayList<>();
        List<EvalCases.Case> pCases = EvalCases.inpaint(options.quick(), options.caseSet());
        for (int i = 0; i < pCases.size(); i++) inpaint.add(region(GenerationMode.INPAINT, pCases.get(i), i, pCases.size()));
        List<EvalReport.PhotoRow> photos = photos(notes);
        EvalReport.CaptionProbe probe = captionProbe();
        if (options.caseSet() > 0) notes.add("held-out case set " + options.caseSet() + ": prompts and seeds differ from the fixed cases");
        if (!options.planning()) notes.add("no layout planning (--no-plan): the denoiser on its own, without the planned discs and outlines");
        notes.add("I2V and cinemagraph frame 1 is pasted from the input after decoding (as the pipeline does for kept pixels), "
                + "so its PSNR is exact by construction; the autoencoder PSNR shows what decoding alone would give");

        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("t2v.colour", fraction(t2v, EvalReport.T2vRow::colourRight));
        summary.put("t2v.shape", fraction(t2v, EvalReport.T2vRow::shapeRight));
        summary.put("t2v.motion", fraction(t2v, EvalReport.T2vRow::motionRight));
        summary.put("t2v.motion.translations", fraction(t2v.stream().filter(r -> Motion.valueOf(r.motion().toUpperCase(Locale.ROOT)).isTranslation()).toList(), EvalReport.T2vRow::motionRight));
        summary.put("t2v.consistent", fraction(t2v, EvalReport.T2vRow::consistent));
        summary.put("i2v.frame1.psnr.mean", mean(i2v.stream().map(EvalReport.I2vRow::frame1Psnr).toList()));
        summary.put("i2v.frame1.psnr.min", min(i2v.stream().map(EvalReport.I2vRow::frame1Psnr).toList()));
        summary.put("i2v.autoencoder.psnr.mean", mean(i2v.stream().map(EvalReport.I2vRow::autoencoderPsnr).toList()));
        summary.put("i2v.motion", fraction(i2v, EvalReport.I2vRow::motionRight));
        summary.put("i2v.consistent", fraction(i2v, EvalReport.I2vRow::consistent));
        summary.put("cinemagraph.outside.equal", fraction(cinemagraph, EvalReport.RegionRow::outsideEqual));
        summary.put("cinemagraph.inside.change.mean", mean(cinemagraph.stream().map(EvalReport.RegionRow::insideMeanChange).toList()));
        summary.put("cinemagraph.inside.moves", fraction(cinemagraph, EvalReport.RegionRow::insideMoves));
        summary.put("inpaint.outside.equal", fraction(inpaint, EvalReport.RegionRow::outsideEqual));
        summary.put("inpaint.inside.change.mean", mean(inpaint.stream().map(EvalReport.RegionRow::insideMeanChange).toList()));
        summary.put("inpaint.inside.moves", fraction(inpaint, EvalReport.RegionRow::insideMoves));
        summary.put("photos.i2v.frame1.psnr.mean", mean(photos.stream().map(EvalReport.PhotoRow::i2vFrame1Psnr).toList()));
        summary.put("photos.autoencoder.psnr.mean", mean(photos.stream().map(EvalReport.PhotoRow::autoencoderPsnr).toList()));
        summary.put("caption.loss.own", probe.lossOwn());
        summary.put("caption.loss.shuffled", probe.lossShuffled());
        summary.put("caption.reliance", probe.reliance());
        summary.put("caption.reliance.colour", probe.relianceOn(probe.lossColourSwapped()));
        summary.put("caption.reliance.shape", probe.relianceOn(probe.lossShapeSwapped()));
        summary.put("caption.reliance.motion", probe.relianceOn(probe.lossMotionSwapped()));
        double seconds = (System.nanoTime() - start) / 1e9;
        summary.put("seconds.per.clip", seconds / Math.max(1, t2v.size() + i2v.size() + cinemagraph.size() + inpaint.size() + photos.size()));
        summary.put("engine.recomputed.steps", (double) pipeline.recomputedSteps());
        summary.put("engine.failed.generations", (double) failedGenerations);
        if (failedGenerations > 0) notes.add(failedGenerations + " generations failed with non-finite values and were scored as black clips");
        if (pipeline.recomputedSteps() > 0) {
            notes.add(pipeline.recomputedSteps() + " sampling steps gave non-finite values and were computed again");
        }

        String noPhotos = photos.isEmpty() ? "skipped: no photographs (give --photos DIR)" : null;
        List<EvalReport.Bar> bars = List.of(
                bar("t2v colour right", summary.get("t2v.colour"), BAR_T2V_COLOUR, "of clips", null),
                bar("t2v motion right", summary.get("t2v.motion"), BAR_T2V_MOTION, "of clips", null),
                bar("t2v shape right", summary.get("t2v.shape"), BAR_T2V_SHAPE, "of clips", null),
                bar("i2v frame-1 psnr, scenes (mean)", summary.get("i2v.frame1.psnr.mean"), BAR_I2V_SCENE_PSNR, "dB", null),
                bar("i2v frame-1 psnr, photos (mean)", summary.get("photos.i2v.frame1.psnr.mean"), BAR_I2V_PHOTO_PSNR, "dB", noPhotos),
                bar("i2v motion right", summary.get("i2v.motion"), BAR_I2V_MOTION, "of clips", null),
                bar("cinemagraph outside equals input", summary.get("cinemagraph.outside.equal"), 1.0, "of clips", null),
                bar("cinemagraph inside moves", summary.get("cinemagraph.inside.moves"), 1.0, "of clips",
                        "mean change >= " + MIN_INSIDE_CHANGE + " levels"),
                bar("inpaint outside equals input", summary.get("inpaint.outside.equal"), 1.0, "of clips", null),
                bar("inpaint inside moves", summary.get("inpaint.inside.moves"), 1.0, "of clips",
                        "mean change >= " + MIN_INSIDE_CHANGE + " levels"),
                bar("autoencoder psnr, photos (mean)", summary.get("photos.autoencoder.psnr.mean"), BAR_AE_PHOTO_PSNR, "dB", noPhotos));
        EvalReport.Settings settings = new EvalReport.Settings(width, height, options.frames(), options.fps(), options.steps(),
                options.guidance(), options.sampler().id(), options.feather(), options.quick());
        return new EvalReport(model.pack().name(), model.hash(), model.device().toString(), settings, started, seconds,
                t2v, i2v, cinemagraph, inpaint, photos, probe, summary, bars, notes);
    }

    private EvalReport.T2vRow textToVideo(EvalCases.Case c, int index, int total) throws ModelPackException {
        long t0 = System.nanoTime();
        GeneratedVideo v = generate(base(GenerationMode.TEXT_TO_VIDEO, c));
        FrameAnalysis.ClipReading r = FrameAnalysis.analyse(v.frames(), c.background());
        FrameAnalysis.Verdict ok = FrameAnalysis.verdict(r, c.hue(), c.shape(), c.motion());
        double s = done("t2v", index, total, c.prompt(), t0);
        return new EvalReport.T2vRow(c.prompt(), c.seed(), c.hue().word(), c.shape().word(), c.motion().word(),
                r.hue() == null ? null : r.hue().word(), r.shape() == null ? null : r.shape().word(),
                r.motion() == null ? null : r.motion().word(), ok.colourRight(), ok.shapeRight(), ok.motionRight(),
                ok.consistent(), (int) r.frames().stream().filter(FrameAnalysis.FrameReading::present).count(), s);
    }

    private EvalReport.I2vRow imageToVideo(EvalCases.Case c, int index, int total) throws ModelPackException {
        long t0 = System.nanoTime();
        FrameSequence image = FrameSequence.single(width, height, SceneRenderer.renderFrame(scene(c), width, 0));
        GeneratedVideo v = generate(base(GenerationMode.IMAGE_TO_VIDEO, c).image(image));
        FrameAnalysis.ClipReading r = FrameAnalysis.analyse(v.frames(), c.background());
        double frame1 = cappedPsnr(image.frame(0), v.frames().frame(0));
        double ae = autoencoderPsnr(image.frame(0));
        double s = done("i2v", index, total, c.prompt(), t0);
        return new EvalReport.I2vRow(c.prompt(), c.seed(), frame1, ae, c.motion().word(), r.motion() == null ? null : r.motion().word(),
                r.motion() == c.motion(), r.consistentFor(c.motion()), s);
    }

    /** Cinemagraph (the first frame animated) or inpainting (the rendered clip regenerated) inside a painted region. */
    private EvalReport.RegionRow region(GenerationMode mode, EvalCases.Case c, int index, int total) throws ModelPackException {
        long t0 = System.nanoTime();
        SceneRenderer.Rendered scene = SceneRenderer.render(scene(c), width, options.frames());
        Mask painted = RegionCheck.paintedAround(scene.objectCoverage(), width, height, Math.max(2, (int) Math.round(0.06 * width)));
        GenerationRequest.Builder b = base(mode, c).mask(painted);
        FrameSequence input = scene.frames();
        if (mode == GenerationMode.CINEMAGRAPH) {
            FrameSequence image = FrameSequence.single(width, height, input.frame(0));
            b.image(image);
            input = new FrameSequence(width, height, options.fps(), java.util.Collections.nCopies(options.frames(), input.frame(0)));
        } else {
            b.video(input);
        }
        GeneratedVideo v = generate(b);
        // Cinemagraph frame 1 is the image itself; motion is measured over the animated frames.
        int firstAnimated = mode == GenerationMode.CINEMAGRAPH ? 1 : 0;
        RegionCheck.Result check = RegionCheck.measure(input, v.frames(), painted, options.feather(), firstAnimated);
        double s = done(mode.id(), index, total, c.prompt(), t0);
        return new EvalReport.RegionRow(c.prompt(), c.seed(), painted.coverage(), check.outsidePixels(), check.outsideChanged(),
                check.outsideMaxDifference(), check.outsideChanged() == 0, check.insideMeanChange(),
                check.insideMeanChange() >= MIN_INSIDE_CHANGE, s);
    }

    /**
     * The autoencoder alone, in seconds: encode-decode PSNR on the photographs (as the photo rows measure it; null without any) and on
     * the image-to-video cases' first frames (rendered scenes). To follow an autoencoder run without sampling.
     */
    /**
     * Where the first sampling step puts the object (decision 25): one step from pure noise, no guidance, gives the
     * denoiser's estimate of the clean clip. For each translation word, the displacement of the object's
     * centroid from the first to the last frame, averaged over seeds. A denoiser that lets the caption set the
     * layout moves right for "right" and left for "left"; one that reads a place out of the noise gives the same
     * displacement for every word.
     */
    public record FirstStepLayout(Map<String, double[]> displacement, double horizontalContrast, double verticalContrast, int seeds) {}

    public FirstStepLayout firstStepLayout(int seeds) throws ModelPackException {
        Map<String, double[]> shift = new java.util.LinkedHashMap<>();
        for (String word : List.of("right", "left", "down", "up")) {
            double dx = 0, dy = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                FrameSequence v = pipeline.generate(GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO)
                        .prompt("a red circle moving " + word + " on a black background").frames(options.frames()).fps(options.fps())
                        .steps(1).guidance(1).sampler(options.sampler()).seed(seed).build(), StepListener.NONE, CancelToken.none()).frames();
                double[] a = weightedCentroid(v.frame(0), v.width(), v.height());
                double[] b = weightedCentroid(v.frame(v.frameCount() - 1), v.width(), v.height());
                dx += (b[0] - a[0]) / seeds;
                dy += (b[1] - a[1]) / seeds;
            }
            shift.put(word, new double[] {dx, dy});
        }
        return new FirstStepLayout(shift, shift.get("right")[0] - shift.get("left")[0], shift.get("down")[1] - shift.get("up")[1], seeds);
    }

    /** Centroid (in frame widths and heights) weighted by how far each pixel's colour is from the frame's median. */
    static double[] weightedCentroid(int[] argb, int width, int height) {
        int[][] channel = new int[3][argb.length];
        for (int i = 0; i < argb.length; i++) {
            channel[0][i] = (argb[i] >> 16) & 255; channel[1][i] = (argb[i] >> 8) & 255; channel[2][i] = argb[i] & 255;
        }
        double[] median = new double[3];
        for (int c = 0; c < 3; c++) {
            int[] sorted = channel[c].clone();
            java.util.Arrays.sort(sorted);
            median[c] = sorted[sorted.length / 2];
        }
        double sx = 0, sy = 0, sum = 0;
        for (int i = 0; i < argb.length; i++) {
            double d = 0;
            for (int c = 0; c < 3; c++) d += (channel[c][i] - median[c]) * (channel[c][i] - median[c]);
            sx += d * (i % width + 0.5) / width;
            sy += d * (i / width + 0.5) / height;
            sum += d;
        }
        return sum == 0 ? new double[] {0.5, 0.5} : new double[] {sx / sum, sy / sum};
    }

    /** The autoencoder alone: mean encode-decode PSNR on the photographs (null without any) and on scene frames. */
    public record AutoencoderCheck(Double photosPsnr, int photos, Double scenesPsnr, int scenes, List<PhotoPsnr> photoRows,
                                   double bar, Boolean passes, List<String> notes) {}

    public record PhotoPsnr(String file, double psnr) {}

    public AutoencoderCheck autoencoderCheck() {
        List<String> notes = new ArrayList<>();
        List<Double> photoPsnr = new ArrayList<>();
        List<PhotoPsnr> rows = new ArrayList<>();
        List<Path> files = photoFiles(notes);
        for (Path f : files == null ? List.<Path>of() : files) {
            if (photoPsnr.size() >= options.maxPhotos()) break;
            int[] argb = readPhoto(f);
            if (argb == null) continue;
            photoPsnr.add(autoencoderPsnr(argb));
            rows.add(new PhotoPsnr(options.photos().relativize(f).toString(), photoPsnr.get(photoPsnr.size() - 1)));
        }
        List<Double> scenePsnr = new ArrayList<>();
        for (EvalCases.Case c : EvalCases.i2v(options.quick(), options.caseSet())) {
            scenePsnr.add(autoencoderPsnr(SceneRenderer.renderFrame(scene(c), width, 0)));
        }
        Double photos = mean(photoPsnr);
        return new AutoencoderCheck(photos, photoPsnr.size(), mean(scenePsnr), scenePsnr.size(), rows, BAR_AE_PHOTO_PSNR,
                photos == null ? null : photos >= BAR_AE_PHOTO_PSNR, notes);
    }

    /** The JPEG and PNG files under --photos, sorted; null (with a note) when there are none to read. */
    private List<Path> photoFiles(List<String> notes) {
        if (options.photos() == null) {
            notes.add("photograph rows skipped: no --photos folder given");
            return null;
        }
        try (Stream<Path> s = Files.walk(options.photos())) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
            }).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            notes.add("photograph rows skipped: the --photos folder cannot be read (" + e.getMessage() + ")");
            return null;
        }
    }

    private List<EvalReport.PhotoRow> photos(List<String> notes) throws ModelPackException {
        List<EvalReport.PhotoRow> rows = new ArrayList<>();
        List<Path> files = photoFiles(notes);
        if (files == null) return rows;
        int unreadable = 0;
        for (Path f : files) {
            if (rows.size() >= options.maxPhotos()) break;
            int[] argb = readPhoto(f);
            if (argb == null) {
                unreadable++;
                continue;
            }
            long t0 = System.nanoTime();
            FrameSequence image = FrameSequence.single(width, height, argb);
            GeneratedVideo v = generate(GenerationRequest.builder().mode(GenerationMode.IMAGE_TO_VIDEO).prompt(PHOTO_PROMPT).image(image)
                    .frames(options.frames()).fps(options.fps()).steps(options.steps()).guidance(options.guidance())
                    .sampler(options.sampler()).feather(options.feather()).seed(750_000 + rows.size()));
            double frame1 = cappedPsnr(argb, v.frames().frame(0));
            double ae = autoencoderPsnr(argb);
            String name = options.photos().relativize(f).toString();
            rows.add(new EvalReport.PhotoRow(name, frame1, ae, done("photo", rows.size(), Math.min(files.size(), options.maxPhotos()), name, t0)));
        }
        if (rows.isEmpty()) notes.add("photograph rows skipped: no readable JPEG or PNG of at least " + width + "x" + height + " in the --photos folder");
        if (unreadable > 0) notes.add(unreadable + " photograph(s) skipped: unreadable or smaller than " + width + "x" + height);
        return rows;
    }

    /**
     * The denoiser's v error at high noise on fixed rendered scenes with their own captions, shifted captions and
     * none: same clips, noise and timesteps each time, so only the caption differs (see {@link EvalReport.CaptionProbe}).
     */
    /** The caption probe alone (seconds, not minutes): a cheap check on a training run's progress. */
    public EvalReport.CaptionProbe captionProbe() {
        return captionProbe(CAPTION_PROBE_MIN_STEP, model.pack().schedule().trainSteps());
    }

    /**
     * The probe on equal bands of timesteps, lowest noise first: where in the noise range the denoiser reads each
     * kind of word (a word can only matter where the noisy clip does not already show what it says).
     */
    public List<EvalReport.CaptionProbe> captionProbeByNoise(int bands) {
        int total = model.pack().schedule().trainSteps();
        List<EvalReport.CaptionProbe> out = new ArrayList<>();
        for (int i = 0; i < bands; i++) out.add(captionProbe(total * i / bands, total * (i + 1) / bands));
        return out;
    }

    private EvalReport.CaptionProbe captionProbe(int minStep, int endStep) {
        long t0 = System.nanoTime();
        Architecture a = model.architecture();
        int frames = a.frameWindow(), lc = a.latentChannels(), h = a.latentHeight(), w = a.latentWidth();
        int clips = options.quick() ? 8 : 32, batch = 8;
        SceneSampler sampler = new SceneSampler(frames);
        SplittableRandom rng = new SplittableRandom(760_000);
        List<DiffusionBatch.Sample> own = new ArrayList<>();
        List<SceneSpec> specs = new ArrayList<>();
        for (int i = 0; i < clips; i++) {
            SceneSpec spec = sampler.random(rng);
            specs.add(spec);
            FrameSequence clip = SceneRenderer.render(spec, a.width(), frames).frames();
            float[] z;
            try (NDManager m = model.manager().newSubManager()) {
                z = model.encode(FrameTensors.toTensor(m, clip.frames(), a.width(), a.height())).transpose(1, 0, 2, 3).toFloatArray();
            }
            own.add(new DiffusionBatch.Sample(z, new float[frames * h * w], spec.caption(), spec.fps()));
        }
        List<DiffusionBatch.Sample> shuffled = new ArrayList<>(), empty = new ArrayList<>();
        List<DiffusionBatch.Sample> colour = new ArrayList<>(), shape = new ArrayList<>(), motion = new ArrayList<>();
        for (int i = 0; i < clips; i++) {
            DiffusionBatch.Sample s = own.get(i);
            String other = s.caption();
            for (int k = 0; k < clips && other.equals(s.caption()); k++) other = own.get((i + clips / 2 + k) % clips).caption();
            shuffled.add(new DiffusionBatch.Sample(s.latents(), s.coverage(), other, s.fps()));
            empty.add(new DiffusionBatch.Sample(s.latents(), s.coverage(), "", s.fps()));
            SceneSpec spec = specs.get(i);
            colour.add(new DiffusionBatch.Sample(s.latents(), s.coverage(), withItems(spec, it -> new SceneSpec.Item(
                    Hue.values()[(it.hue().ordinal() + 4) % Hue.values().length], it.shape(), it.x(), it.y(), it.radius(), it.speed(), it.rate(), it.rotation())).caption(), s.fps()));
            shape.add(new DiffusionBatch.Sample(s.latents(), s.coverage(), withItems(spec, it -> new SceneSpec.Item(
                    it.hue(), ShapeKind.values()[(it.shape().ordinal() + 2) % ShapeKind.values().length], it.x(), it.y(), it.radius(), it.speed(), it.rate(), it.rotation())).caption(), s.fps()));
            motion.add(new DiffusionBatch.Sample(s.latents(), s.coverage(), new SceneSpec(spec.background(), spec.items(),
                    swappedMotion(spec.motion()), spec.fps(), spec.textureSeed()).caption(), s.fps()));
        }
        List<List<DiffusionBatch.Sample>> variants = List.of(own, shuffled, empty, colour, shape, motion);
        double[] loss = new double[variants.size()];
        for (int start = 0; start < clips; start += batch) {
            for (int v = 0; v < variants.size(); v++) {
                List<DiffusionBatch.Sample> part = variants.get(v).subList(start, Math.min(clips, start + batch));
                DiffusionBatch b = new DiffusionBatch(part, lc, frames, h, w, model.pack().tokenizer(), model.pack().schedule(),
                        new SplittableRandom(770_000 + start), true, minStep, endStep);
                loss[v] += b.meanSquaredError(model.manager(), model.textEncoder(), model.denoiser()) * part.size() / clips;
            }
        }
        done("captions", 0, 1, "v error with own, shifted, no captions and one kind of word swapped", t0);
        return new EvalReport.CaptionProbe(clips, minStep, loss[0], loss[1], loss[2], loss[3], loss[4], loss[5]);
    }

    private static SceneSpec withItems(SceneSpec spec, java.util.function.UnaryOperator<SceneSpec.Item> change) {
        return new SceneSpec(spec.background(), spec.items().stream().map(change).toList(), spec.motion(), spec.fps(), spec.textureSeed());
    }

    /** The reverse of a motion, or for those without one (still, bouncing) the other of the two. */
    static Motion swappedMotion(Motion m) {
        return switch (m) {
            case STILL -> Motion.BOUNCING;
            case BOUNCING -> Motion.STILL;
            default -> m.reversed();
        };
    }

    /** A photograph centre-cropped and resized to the model's native size, or null when it cannot be used. */
    private int[] readPhoto(Path f) {
        BufferedImage img;
        try {
            img = javax.imageio.ImageIO.read(f.toFile());
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (img == null || img.getWidth() < width || img.getHeight() < height) return null;
        int w = img.getWidth(), h = img.getHeight();
        return Resample.resizeArgb(img.getRGB(0, 0, w, h, null, 0, w), w, h, width, height, true);
    }

    /** Encode then decode one image at native resolution; PSNR of the result against the image. */
    double autoencoderPsnr(int[] argb) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = FrameTensors.toTensor(m, List.of(argb), width, height);
            NDArray y = model.decode(model.encode(x));
            int[] back = FrameTensors.toArgb(y.toFloatArray(), 1, width, height).get(0);
            return cappedPsnr(argb, back);
        }
    }

    private SceneSpec scene(EvalCases.Case c) {
        return scenes.fromCaption(c.prompt(), options.fps(), new SplittableRandom(c.seed()));
    }

    private GenerationRequest.Builder base(GenerationMode mode, EvalCases.Case c) {
        return GenerationRequest.builder().mode(mode).prompt(c.prompt()).frames(options.frames()).fps(options.fps())
                .steps(options.steps()).guidance(options.guidance()).sampler(options.sampler()).feather(options.feather()).seed(c.seed());
    }

    private GeneratedVideo generate(GenerationRequest.Builder b) throws ModelPackException {
        GenerationRequest r = b.build();
        try {
            return pipeline.generate(r, StepListener.NONE, CancelToken.none());
        } catch (IllegalStateException e) {
            // The engine refused to finish (non-finite values twice): scored as a black clip, as it used to come out.
            failedGenerations++;
            log.println("generation failed: " + e.getMessage());
            List<int[]> black = new ArrayList<>();
            for (int f = 0; f < r.frames(); f++) {
                int[] frame = new int[width * height];
                java.util.Arrays.fill(frame, 0xff000000);
                black.add(frame);
            }
            return new GeneratedVideo(new FrameSequence(width, height, r.fps(), black), r, model.pack().name(), model.hash(),
                    model.device().toString(), 0);
        }
    }

    private int failedGenerations;

    private double done(String section, int index, int total, String label, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        if (log != null) log.printf(Locale.ROOT, "%-11s %2d/%-2d %6.1f s  %s%n", section, index + 1, total, s, label);
        return s;
    }

    static double cappedPsnr(int[] a, int[] b) { return Math.min(EvalReport.PSNR_CAP, Pixels.psnr(a, b)); }

    private static <T> Double fraction(List<T> rows, Predicate<T> ok) {
        if (rows.isEmpty()) return null;
        return rows.stream().filter(ok).count() / (double) rows.size();
    }

    private static Double mean(List<Double> v) {
        return v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static Double min(List<Double> v) {
        return v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    /** A bar; {@code note} starting with "skipped" explains an unmeasured value, any other note qualifies the bar. */
    private static EvalReport.Bar bar(String name, Double value, double threshold, String unit, String note) {
        if (value == null) {
            return new EvalReport.Bar(name, null, threshold, unit, null, note != null && note.startsWith("skipped") ? note : "skipped: no cases");
        }
        return new EvalReport.Bar(name, value, threshold, unit, value >= threshold, note);
    }
}
