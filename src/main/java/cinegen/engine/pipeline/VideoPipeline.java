package cinegen.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.condition.ConditionPlan;
import cinegen.engine.condition.Conditioning;
import cinegen.engine.family.bundled.Architecture;
import cinegen.engine.family.bundled.Manifest;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.preview.LatentPreview;
import cinegen.engine.schedule.NoiseSchedule;
import cinegen.engine.schedule.NoiseSource;
import cinegen.engine.schedule.PredictionType;
import cinegen.engine.schedule.Sampler;
import cinegen.engine.family.bundled.net.DenoiserConfig;
import cinegen.engine.family.bundled.scene.SceneLayout;
import cinegen.engine.family.bundled.scene.SceneSampler;
import cinegen.engine.family.bundled.scene.SubjectFinder;
import cinegen.engine.family.bundled.scene.SceneSpec;
import cinegen.engine.schedule.StepOutput;
import cinegen.frames.FrameSequence;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one way to generate video: {@link #generate}. Text and conditioning are encoded once; each sampling step
 * runs the denoiser over temporal windows (with classifier-free guidance batched in), edits the predicted clean
 * latent (kept content from C, optional temporal low-pass), advances the sampler, and reports a preview. Each
 * generation has its own NDManager and each step a sub-manager, so memory does not grow and a cancel frees
 * everything. Not thread-safe: one worker thread owns a pipeline.
 */
public final class VideoPipeline {
    /** Frames shared by neighbouring windows. */
    private static final int WINDOW_OVERLAP_DIVISOR = 4;
    /** Windows per denoiser call. */
    private static final int WINDOW_BATCH = 4;
    /** Frames per autoencoder call. */
    private static final int CODEC_CHUNK = 16;

    private final VideoModel model;
    private final LatentPreview preview;
    private final boolean planning;

    public VideoPipeline(VideoModel model) {
        this(model, true);
    }

    private VideoPipeline(VideoModel model, boolean planning) {
        this.model = model;
        this.planning = planning;
        Manifest.PreviewJson p = model.pack().manifest().preview();
        this.preview = new LatentPreview(p.matrix(), p.bias());
    }

    /**
     * A pipeline that plans nothing: the layout and silhouette channels stay zero, as for a prompt outside the
     * grammar. For measuring what the denoiser does on its own ({@code eval --no-plan}).
     */
    public VideoPipeline withoutPlanning() { return new VideoPipeline(model, false); }

    public VideoModel model() { return model; }

    /** Denoiser calls computed a second time because the first gave non-finite values (see {@link #generate}). */
    public long recomputedSteps() { return recomputedSteps.get(); }

    private final java.util.concurrent.atomic.AtomicLong recomputedSteps = new java.util.concurrent.atomic.AtomicLong();

    private static boolean allFinite(NDArray a) {
        try (NDArray bad = a.isNaN().logicalOr(a.isInfinite()); NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }

    public GeneratedVideo generate(GenerationRequest r, StepListener listener, CancelToken cancel) throws ModelPackException {
        long start = System.nanoTime();
        Architecture a = model.architecture();
        int window = a.frameWindow(), lc = a.latentChannels(), h = a.latentHeight(), w = a.latentWidth();
        int length = r.frames() <= window ? window : roundUp(r.frames(), 4);
        cancel.throwIfCancelled();
        model.styles().apply(r.style());
        ConditionPlan plan = Conditioning.plan(r, a.width(), a.height(), length);
        NoiseSchedule schedule = model.pack().schedule();
        PredictionType prediction = model.pack().prediction();
        Sampler sampler = r.sampler().create(schedule, prediction, r.eta());
        sampler.setTimesteps(r.steps());
        NoiseSource noise = new NoiseSource(r.seed(), schedule.frameCorrelation());
        boolean guided = r.guidance() > 1.0;
        try (NDManager gen = model.manager().newSubManager()) {
            NDArray text = guided ? model.encodeText(gen, r.prompt(), r.negativePrompt()) : model.encodeText(gen, r.prompt());
            boolean conditioned = plan.keepsAnything();
            NDArray keep = keepLatent(gen, plan, length, h, w);
            NDArray cond = conditioned ? encodeFrames(gen, plan.conditionFrames()).mul(keep) : gen.zeros(new Shape(1, lc, length, h, w));
            NDArray fps = gen.full(new Shape(1), (float) r.fps());
            // The layout channel (decisions 26, 28): planned from the prompt, around the objects of the conditioning image.
            NDArray layout = !a.denoiser().layout() ? null : planning
                    ? gen.create(plannedLayout(r, plan, length, h, w), new Shape(1, 1, length, h, w)) : gen.zeros(new Shape(1, 1, length, h, w));
            if (a.denoiser().silhouette()) { // and, for text-to-video, the planned objects' outlines (decision 29)
                int sc = DenoiserConfig.SILHOUETTE_CHANNELS;
                layout = layout.concat(planning ? gen.create(plannedSilhouettes(r, length, a.width(), a.height()), new Shape(1, sc, length, h, w))
                        : gen.zeros(new Shape(1, sc, length, h, w)), 1);
            }
            NDArray x = noise.next(gen, new Shape(1, lc, length, h, w)).mul((float) sampler.initNoiseSigma());
            int[] ts = sampler.timesteps();
            try {
                for (int i = 0; i < ts.length; i++) {
                    cancel.throwIfCancelled();
                    int t = ts[i];
                    NDArray next;
                    try (NDManager step = gen.newSubManager()) {
                        // Every intermediate of this step lands in the step's manager and is freed with it.
                        step.tempAttachAll(x, text, keep, cond, fps);
                        if (layout != null) step.tempAttachAll(layout);
                        NDArray xin = sampler.scaleModelInput(x, t);
                        NDArray out = predict(xin, cond, keep, layout, text, fps, t, guided, r.guidance(), window, cancel);
                        if (!allFinite(out)) {
                            // Seen rarely and not reproducibly (the same request is fine in the next run): the step is
                            // computed again rather than turning the whole clip black; twice in a row is an error.
                            recomputedSteps.incrementAndGet();
                            System.getLogger(VideoPipeline.class.getName()).log(System.Logger.Level.WARNING,
                                    "the denoiser gave non-finite values at step " + (i + 1) + "; computing the step again");
                            out = predict(xin, cond, keep, layout, text, fps, t, guided, r.guidance(), window, cancel);
                            if (!allFinite(out)) {
                                throw new IllegalStateException("the denoiser produced invalid numbers (NaN) at step " + (i + 1)
                                        + " twice; try another seed, and check the model pack");
                            }
                        }
                        double ab = schedule.alphaBar(t);
                        NDArray x0 = prediction.toX0(xin, out, ab).clip(-6f, 6f);
                        if (r.lowpass() > 0 && i < (ts.length + 1) / 2) x0 = TemporalLowPass.apply(x0, 1.0, r.lowpass());
                        if (conditioned) x0 = cond.add(x0.mul(keep.mul(-1f).add(1f)));
                        StepOutput o = sampler.step(prediction.fromX0(xin, x0, ab), t, x, noise);
                        next = o.prevSample();
                        next.attach(gen);
                        List<int[]> previews = previewFrames(o.predOriginal(), lc, length, h, w, r.frames());
                        notify(listener, new StepProgress(i + 1, ts.length, System.nanoTime() - start, w, h, previews));
                    }
                    x.close();
                    x = next;
                }
                cancel.throwIfCancelled();
                FrameSequence frames = decode(gen, x, plan, r, length);
                return new GeneratedVideo(frames, r, model.pack().name(), model.hash(), model.device().toString(),
                        System.nanoTime() - start);
            } finally {
                sampler.release();
            }
        }
    }

    /** Model output for the whole clip at timestep t: windows blended, guidance applied. */
    private NDArray predict(NDArray xin, NDArray cond, NDArray keep, NDArray layout, NDArray text, NDArray fps, int t,
                            boolean guided, double guidance, int window, CancelToken cancel) {
        NDList channels = new NDList(xin, cond, keep);
        if (layout != null) channels.add(layout);
        NDArray full = NDArrays.concat(channels, 1);
        return TemporalWindows.blend(full, window, window / WINDOW_OVERLAP_DIVISOR, WINDOW_BATCH, (inputs, starts) -> {
            cancel.throwIfCancelled();
            int k = inputs.size();
            List<NDArray> batch = new ArrayList<>();
            List<NDArray> texts = new ArrayList<>();
            for (NDArray in : inputs) {
                batch.add(in);
                if (guided) batch.add(in);
                texts.add(text);
            }
            NDManager m = xin.getManager();
            NDArray input = batch.size() == 1 ? batch.get(0) : NDArrays.concat(new NDList(batch), 0);
            NDArray tokens = texts.size() == 1 ? text : NDArrays.concat(new NDList(texts), 0);
            int b = (int) input.getShape().get(0);
            NDArray out = model.denoiser().apply(input, m.full(new Shape(b), (float) t), fps.repeat(0, b), tokens);
            List<NDArray> preds = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                if (guided) {
                    NDArray c = out.get(new NDIndex("{}:{}", 2 * i, 2 * i + 1));
                    NDArray u = out.get(new NDIndex("{}:{}", 2 * i + 1, 2 * i + 2));
                    preds.add(u.add(c.sub(u).mul((float) guidance)));
                } else {
                    preds.add(out.get(new NDIndex("{}:{}", i, i + 1)));
                }
            }
            return preds;
        });
    }

    /**
     * The layout planner (decisions 26, 28): where the objects go, as soft discs on the latent grid (T, h, w), drawn
     * from the seed as training draws scenes; zeros when the prompt says nothing to plan. Text-to-video places the
     * prompt's shapes anywhere; image-to-video starts at the objects of the image; cinemagraph and inpainting start
     * at the object inside the painted region (its middle when none is found) and stay inside it. The same request
     * gives the same plan.
     */
    static float[] plannedLayout(GenerationRequest r, ConditionPlan plan, int length, int h, int w) {
        float[] none = new float[length * h * w];
        if (h != w) return none;
        SplittableRandom rng = new SplittableRandom(r.seed() ^ LAYOUT_SEED_SALT);
        SceneSampler sampler = new SceneSampler(length);
        if (r.mode() == Mode.T2V) {
            SceneSpec spec = plannedScene(r, length);
            return spec == null ? none : SceneLayout.discs(spec, length, w);
        }
        SceneSampler.PromptWords words = SceneSampler.words(r.prompt());
        if (words.motion() == null || plan.frames() == 0) return none;
        int pw = plan.width(), ph = plan.height(), count = Math.max(1, Math.min(2, words.shapes().size()));
        int[] image = plan.conditionFrames().get(0);
        boolean[] region = null;
        double[] bounds = {0, 0, 1, ph / (double) pw};
        if (r.mode() != Mode.I2V) {
            // Cinemagraph keeps all of frame 1, so its region shows from frame 2 on; inpainting's from frame 1.
            float[] keep = plan.keep().get(r.mode() == Mode.CINEMAGRAPH ? Math.min(1, plan.frames() - 1) : 0);
            region = new boolean[keep.length];
            int x0 = pw, y0 = ph, x1 = -1, y1 = -1;
            for (int i = 0; i < keep.length; i++) {
                if (keep[i] >= 0.5f) continue;
                region[i] = true;
                int x = i % pw, y = i / pw;
                x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
            }
            if (x1 < 0) return none;
            bounds = new double[] {x0 / (double) pw, y0 / (double) pw, (x1 + 1) / (double) pw, (y1 + 1) / (double) pw};
        }
        List<SubjectFinder.Subject> subjects = SubjectFinder.find(image, pw, ph, region, words.hues(), count);
        if (subjects.isEmpty() && region != null) {
            double bw = bounds[2] - bounds[0], bh = bounds[3] - bounds[1];
            double radius = Math.max(0.06, Math.min(0.15, Math.min(bw, bh) / 4));
            subjects = List.of(new SubjectFinder.Subject((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, radius, 0));
        }
        SceneSpec spec = sampler.planAround(words, r.fps(), rng, subjects, bounds);
        return spec == null ? none : SceneLayout.discs(spec, length, w);
    }

    /** The text-to-video plan: the prompt's objects placed and moved as training draws them, or null (nothing to plan). */
    private static SceneSpec plannedScene(GenerationRequest r, int length) {
        return new SceneSampler(length).planLayout(r.prompt(), r.fps(), new SplittableRandom(r.seed() ^ LAYOUT_SEED_SALT));
    }

    /**
     * The planned objects' silhouettes (decision 29), folded onto the latent grid (16, T, h, w): for text-to-video, the
     * outlines of the shapes of {@link #plannedLayout}'s plan, so the denoiser is told a star's points and a square's
     * corners, not only where the object is; zeros for the other modes (the input shows the object) and prompts
     * outside the grammar.
     */
    static float[] plannedSilhouettes(GenerationRequest r, int length, int width, int height) {
        int cell = DenoiserConfig.SILHOUETTE_CELL;
        float[] none = new float[cell * cell * length * (width / cell) * (height / cell)];
        if (width != height || r.mode() != Mode.T2V) return none;
        SceneSpec spec = plannedScene(r, length);
        return spec == null ? none : SceneLayout.silhouettes(spec, length, width, cell);
    }

    /** Keeps the layout's draws apart from the noise's, which use the seed itself. */
    private static final long LAYOUT_SEED_SALT = 0x6c61796f7574L;

    /** The keep mask on the latent grid, (1, 1, T, h, w). */
    private NDArray keepLatent(NDManager m, ConditionPlan plan, int length, int h, int w) {
        float[] data = new float[length * h * w];
        for (int f = 0; f < length; f++) {
            float[] k = Conditioning.toLatentGrid(plan.keep().get(f), plan.width(), plan.height(), w, h);
            System.arraycopy(k, 0, data, f * h * w, h * w);
        }
        return m.create(data, new Shape(1, 1, length, h, w));
    }

    /** ARGB frames to normalised latents (1, L, T, h, w). */
    private NDArray encodeFrames(NDManager m, List<int[]> frames) {
        Architecture a = model.architecture();
        List<NDArray> parts = new ArrayList<>();
        for (int i = 0; i < frames.size(); i += CODEC_CHUNK) {
            List<int[]> chunk = frames.subList(i, Math.min(frames.size(), i + CODEC_CHUNK));
            parts.add(model.encode(FrameTensors.toTensor(m, chunk, a.width(), a.height())));
        }
        NDArray z = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
        return z.transpose(1, 0, 2, 3).expandDims(0);
    }

    private FrameSequence decode(NDManager m, NDArray x, ConditionPlan plan, GenerationRequest r, int length) {
        Architecture a = model.architecture();
        NDArray perFrame = x.get(new NDIndex("0")).transpose(1, 0, 2, 3); // (T, L, h, w)
        List<int[]> frames = new ArrayList<>(r.frames());
        for (int i = 0; i < r.frames(); i += CODEC_CHUNK) {
            int end = Math.min(r.frames(), i + CODEC_CHUNK);
            try (NDManager chunk = m.newSubManager()) {
                chunk.tempAttachAll(perFrame);
                NDArray rgb = model.decode(perFrame.get(new NDIndex("{}:{}", i, end)));
                frames.addAll(FrameTensors.toArgb(rgb.toFloatArray(), end - i, a.width(), a.height()));
            }
        }
        if (plan.keepsAnything()) {
            for (int f = 0; f < frames.size(); f++) {
                float[] k = Conditioning.featheredKeep(plan.keep().get(f), a.width(), a.height(), r.feather());
                frames.set(f, FrameTensors.paste(plan.conditionFrames().get(f), frames.get(f), k));
            }
        }
        return new FrameSequence(a.width(), a.height(), r.fps(), frames);
    }

    private List<int[]> previewFrames(NDArray x0, int lc, int length, int h, int w, int frames) {
        List<int[]> all = preview.toArgb(x0.toFloatArray(), lc, length, h, w);
        return List.copyOf(all.subList(0, frames));
    }

    private static void notify(StepListener listener, StepProgress p) {
        try {
            listener.onStep(p);
        } catch (RuntimeException e) {
            // A failing listener (a UI bug) must not cost the user their generation.
            System.getLogger(VideoPipeline.class.getName()).log(System.Logger.Level.WARNING, "step listener failed", e);
        }
    }

    static int roundUp(int v, int multiple) { return (v + multiple - 1) / multiple * multiple; }
}
