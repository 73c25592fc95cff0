package cinegen.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.condition.ConditionPlan;
import cinegen.engine.condition.Conditioning;
import cinegen.engine.family.ClipInputs;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelInfo;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.schedule.NoiseSource;
import cinegen.engine.schedule.PredictionType;
import cinegen.engine.schedule.Scheduler;
import cinegen.engine.schedule.StepOutput;
import cinegen.frames.FrameSequence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way to generate video, for every model family ({@link LoadedModel}): {@link #generate}. Text and
 * conditioning are encoded once (with prompt travel, each keyframe prompt once, interpolated per frame); each sampling
 * step runs the denoiser over temporal windows (with classifier-free guidance batched in), edits the predicted clean
 * latent (kept content from C, optional temporal low-pass), advances the scheduler, and reports a preview. Each generation has its own NDManager and each step a sub-manager, so memory
 * does not grow and a cancel frees everything. Not thread-safe: one worker thread owns a pipeline.
 */
public final class VideoPipeline {
    /** Frames shared by neighbouring windows. */
    private static final int WINDOW_OVERLAP_DIVISOR = 4;
    /** Windows per denoiser call. */
    private static final int WINDOW_BATCH = 4;

    private final LoadedModel model;
    private final AtomicLong recomputedSteps = new AtomicLong();

    public VideoPipeline(LoadedModel model) { this.model = model; }

    public LoadedModel model() { return model; }

    /** Denoiser calls computed a second time because the first gave non-finite values (see {@link #generate}). */
    public long recomputedSteps() { return recomputedSteps.get(); }

    private static boolean allFinite(NDArray a) {
        try (NDArray bad = a.isNaN().logicalOr(a.isInfinite()); NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }

    /** The frame size a request generates at on this model: its own when it names one, else the model's native size. */
    public static int[] generationSize(GenerationRequest r, ModelInfo info) {
        return r.width() > 0 ? new int[] {r.width(), r.height()} : new int[] {info.width(), info.height()};
    }

    public GeneratedVideo generate(GenerationRequest r, StepListener listener, CancelToken cancel) throws ModelPackException {
        long start = System.nanoTime();
        ModelInfo info = model.info();
        if (!info.supports(r.mode())) throw new ModelPackException(info.name() + " cannot do " + r.mode().title().toLowerCase(java.util.Locale.ROOT));
        int[] size = generationSize(r, info);
        int width = size[0], height = size[1];
        if (!info.acceptsSize(width, height)) throw new ModelPackException(info.sizeRule() + "; " + width + "x" + height + " was asked");
        int window = info.frameWindow(), lc = info.latentChannels();
        int h = height / info.latentScale(), w = width / info.latentScale();
        int length = r.frames() <= window ? (info.samplesWholeWindow() ? window : r.frames()) : roundUp(r.frames(), 4);
        boolean travel = r.prompts().travels();
        if (travel && !info.promptTravel()) throw new ModelPackException(info.promptTravelRule());
        if (r.loop() && length != r.frames()) {
            throw new ModelPackException(info.name() + " makes loops of " + window + " frames or more, in steps of 4; " + r.frames() + " were asked");
        }
        cancel.throwIfCancelled();
        model.applyStyles(r.style());
        ConditionPlan plan = Conditioning.plan(r, width, height, length);
        Scheduler scheduler = model.scheduler(r.sampler(), r.eta(), r.timestepSpacing());
        scheduler.setTimesteps(r.steps());
        PredictionType prediction = scheduler.prediction();
        NoiseSource noise = model.noise(r.seed());
        // Classifier-free guidance: a conditional and an unconditional pass batched; a model with embedded guidance
        // takes the scale as an input instead (one pass, no negative prompt).
        boolean guided = !info.guidanceEmbedded() && r.guidance() > 1.0;
        try (NDManager gen = model.manager().newSubManager()) {
            PromptStates text = encodePrompts(gen, r, guided, length);
            boolean conditioned = plan.keepsAnything();
            NDArray keep = keepLatent(gen, plan, length, h, w);
            NDArray cond = conditioned ? encodeFrames(gen, plan.conditionFrames(), width, height).mul(keep) : gen.zeros(new Shape(1, lc, length, h, w));
            NDArray extra = model.extraChannels(gen, new ClipInputs(r, plan, length, width, height, cond, keep));
            NDArray x = r.initialNoise() != null ? initialNoise(gen, r, lc, length, h, w)
                    : noise.next(gen, new Shape(1, lc, length, h, w)).mul((float) scheduler.initNoiseSigma());
            int steps = scheduler.steps();
            long firstStepEnd = 0;
            try {
                for (int i = 0; i < steps; i++) {
                    cancel.throwIfCancelled();
                    NDArray next;
                    try (NDManager step = gen.newSubManager()) {
                        // Every intermediate of this step lands in the step's manager and is freed with it.
                        step.tempAttachAll(x, keep, cond);
                        text.attachTo(step);
                        if (extra != null) step.tempAttachAll(extra);
                        NDArray xin = scheduler.scaleModelInput(x, i);
                        double t = scheduler.timestep(i);
                        NDArray out = predict(xin, extra, text, t, r.fps(), guided, r.guidance(), window, r.loop(), cancel);
                        if (!allFinite(out)) {
                            // Seen rarely and not reproducibly (the same request is fine in the next run): the step is
                            // computed again rather than turning the whole clip black; twice in a row is an error.
                            recomputedSteps.incrementAndGet();
                            System.getLogger(VideoPipeline.class.getName()).log(System.Logger.Level.WARNING,
                                    "the denoiser gave non-finite values at step " + (i + 1) + "; computing the step again");
                            out = predict(xin, extra, text, t, r.fps(), guided, r.guidance(), window, r.loop(), cancel);
                            if (!allFinite(out)) {
                                throw new IllegalStateException("the denoiser produced invalid numbers (NaN) at step " + (i + 1)
                                        + " twice; try another seed, and check the model");
                            }
                        }
                        double ab = scheduler.alphaBar(i);
                        boolean lowpass = r.lowpass() > 0 && i < (steps + 1) / 2;
                        NDArray x0 = null;
                        if (conditioned || lowpass || model.boundsPrediction()) {
                            // Edits of the predicted clean latent: the model's bound, low-pass along time, kept content.
                            x0 = model.boundPrediction(prediction.toX0(xin, out, ab));
                            if (lowpass) x0 = TemporalLowPass.apply(x0, 1.0, r.lowpass());
                            if (conditioned) x0 = cond.add(x0.mul(keep.mul(-1f).add(1f)));
                            out = prediction.fromX0(xin, x0, ab);
                        }
                        StepOutput o = scheduler.step(out, i, x, noise);
                        next = o.prevSample();
                        next.attach(gen);
                        NDArray shown = o.predOriginal() != null ? o.predOriginal() : x0 != null ? x0 : prediction.toX0(xin, out, ab);
                        cinegen.engine.preview.PreviewFrames previews = model.preview(shown.toFloatArray(), lc, length, h, w);
                        long elapsed = System.nanoTime() - start;
                        if (i == 0) firstStepEnd = elapsed;
                        notify(listener, new StepProgress(i + 1, steps, elapsed, previews.width(), previews.height(),
                                List.copyOf(previews.frames().subList(0, r.frames())), firstStepEnd));
                    }
                    x.close();
                    x = next;
                }
                cancel.throwIfCancelled();
                Latents latents = new Latents(new long[] {1, lc, r.frames(), h, w},
                        x.get(new NDIndex(":, :, 0:{}", r.frames())).toFloatArray());
                FrameSequence frames = decode(gen, x, plan, r, width, height);
                return new GeneratedVideo(frames, r, info.name(), model.hash(), model.device().toString(), System.nanoTime() - start, latents);
            } finally {
                scheduler.release();
            }
        }
    }

    private NDArray initialNoise(NDManager m, GenerationRequest r, int lc, int length, int h, int w) throws ModelPackException {
        float[] values = r.initialNoise().values();
        long[] s = r.initialNoise().shape();
        if (s.length != 5 || s[0] != 1 || s[1] != lc || s[2] != r.frames() || s[3] != h || s[4] != w) {
            throw new ModelPackException("the initial noise has shape " + java.util.Arrays.toString(s) + "; this generation needs [1, "
                    + lc + ", " + r.frames() + ", " + h + ", " + w + "]");
        }
        NDArray x = m.create(values, new Shape(s));
        if (length > r.frames()) x = x.concat(m.randomNormal(new Shape(1, lc, length - r.frames(), h, w)), 2);
        return x;
    }

    /**
     * The encoded prompts: {@code text} (B, L, D), the prompt and (guided) the negative prompt, for a clip with one
     * prompt; for prompt travel {@code frames} (T, L, D), each frame's interpolated state, and {@code negative}
     * (1, L, D) or null.
     */
    private record PromptStates(NDArray text, NDArray frames, NDArray negative) {
        void attachTo(NDManager m) {
            for (NDArray a : new NDArray[] {text, frames, negative}) if (a != null) m.tempAttachAll(a);
        }
    }

    /** Each distinct prompt is encoded once (with the negative prompt in the same call). */
    private PromptStates encodePrompts(NDManager m, GenerationRequest r, boolean guided, int length) {
        PromptSchedule schedule = r.prompts();
        if (!schedule.travels()) {
            return new PromptStates(model.encodePrompts(m, guided ? List.of(schedule.first(), r.negativePrompt()) : List.of(schedule.first())), null, null);
        }
        List<String> prompts = new ArrayList<>(schedule.prompts());
        int n = prompts.size();
        if (guided) prompts.add(r.negativePrompt());
        NDArray states = model.encodePrompts(m, prompts);
        NDArray frames = schedule.perFrame(states.get(new NDIndex("0:{}", n)), length);
        return new PromptStates(null, frames, guided ? states.get(new NDIndex("{}:{}", n, n + 1)) : null);
    }

    /** Model output for the whole clip at timestep t: windows blended, guidance applied. */
    private NDArray predict(NDArray xin, NDArray extra, PromptStates text, double t, double fps,
                            boolean guided, double guidance, int window, boolean loop, CancelToken cancel) {
        NDArray full = extra == null ? xin : xin.concat(extra, 1);
        TemporalWindows.WindowModel windows = (inputs, starts) -> {
            cancel.throwIfCancelled();
            int k = inputs.size();
            List<NDArray> batch = new ArrayList<>();
            List<NDArray> texts = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                NDArray in = inputs.get(j);
                batch.add(in);
                if (guided) batch.add(in);
                if (text.frames() == null) {
                    texts.add(text.text());
                } else {
                    // Prompt travel: the window's own frames' rows, then the negative prompt's for each of its frames.
                    int f = Math.toIntExact(in.getShape().get(2));
                    texts.add(PromptSchedule.windowRows(text.frames(), starts.get(j), f));
                    if (guided) texts.add(text.negative().repeat(0, f));
                }
            }
            NDArray input = batch.size() == 1 ? batch.get(0) : NDArrays.concat(new NDList(batch), 0);
            NDArray tokens = texts.size() == 1 ? texts.get(0) : NDArrays.concat(new NDList(texts), 0);
            NDArray out = text.frames() == null ? model.denoise(input, t, tokens, fps, guidance)
                    : model.denoiseFrames(input, t, tokens, fps, guidance);
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
        };
        int overlap = window / WINDOW_OVERLAP_DIVISOR;
        return loop ? TemporalWindows.blendLooped(full, window, overlap, WINDOW_BATCH, windows)
                : TemporalWindows.blend(full, window, overlap, WINDOW_BATCH, windows);
    }

    /** The keep mask on the latent grid, (1, 1, T, h, w). */
    private static NDArray keepLatent(NDManager m, ConditionPlan plan, int length, int h, int w) {
        float[] data = new float[length * h * w];
        for (int f = 0; f < length; f++) {
            float[] k = Conditioning.toLatentGrid(plan.keep().get(f), plan.width(), plan.height(), w, h);
            System.arraycopy(k, 0, data, f * h * w, h * w);
        }
        return m.create(data, new Shape(1, 1, length, h, w));
    }

    /** ARGB frames to latents (1, C, T, h, w). */
    private NDArray encodeFrames(NDManager m, List<int[]> frames, int width, int height) {
        List<NDArray> parts = new ArrayList<>();
        int chunk = model.codecChunk();
        for (int i = 0; i < frames.size(); i += chunk) {
            List<int[]> part = frames.subList(i, Math.min(frames.size(), i + chunk));
            parts.add(model.encodeFrames(FrameTensors.toTensor(m, part, width, height)));
        }
        NDArray z = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
        return z.transpose(1, 0, 2, 3).expandDims(0);
    }

    private FrameSequence decode(NDManager m, NDArray x, ConditionPlan plan, GenerationRequest r, int width, int height) {
        NDArray perFrame = x.get(new NDIndex("0")).transpose(1, 0, 2, 3); // (T, C, h, w)
        List<int[]> frames = new ArrayList<>(r.frames());
        int chunk = model.codecChunk();
        for (int i = 0; i < r.frames(); i += chunk) {
            int end = Math.min(r.frames(), i + chunk);
            try (NDManager part = m.newSubManager()) {
                part.tempAttachAll(perFrame);
                NDArray rgb = model.decodeLatents(perFrame.get(new NDIndex("{}:{}", i, end)));
                frames.addAll(FrameTensors.toArgb(rgb.toFloatArray(), end - i, width, height));
            }
        }
        if (plan.keepsAnything()) {
            for (int f = 0; f < frames.size(); f++) {
                float[] k = Conditioning.featheredKeep(plan.keep().get(f), width, height, r.feather());
                frames.set(f, FrameTensors.paste(plan.conditionFrames().get(f), frames.get(f), k));
            }
        }
        return new FrameSequence(width, height, r.fps(), frames);
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
