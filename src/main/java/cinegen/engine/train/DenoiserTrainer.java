package cinegen.engine.train;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import cinegen.engine.family.bundled.net.SpaceTimeUNet;
import cinegen.engine.family.bundled.net.TextEncoder;
import cinegen.engine.family.bundled.net.Tokenizer;
import cinegen.engine.family.bundled.net.VideoDecoder;
import cinegen.engine.family.bundled.net.VideoEncoder;
import cinegen.engine.family.bundled.net.Weights;
import cinegen.engine.family.bundled.Architecture;
import cinegen.engine.family.bundled.BlockWeights;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.schedule.NoiseSchedule;
import cinegen.engine.schedule.PredictionType;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the text encoder and the space-time U-Net on latents of the frozen autoencoder. Every clip gets one of
 * the four conditioning modes at random and loses its caption 10% of the time (for classifier-free guidance).
 * v-prediction on the cosine schedule with timestep weighting that falls off only at low noise, timesteps drawn partly
 * towards high noise (decision 20); an exponential moving average of the weights
 * is what gets shipped. Resumable; the latent normalisation is measured once and kept in the checkpoint.
 */
public final class DenoiserTrainer {
    /** @param temporalWeight weight of the frame-difference term of the loss (decision 15; 0 for the plain v-loss) */
    /** @param highNoiseShare share of clips with timesteps drawn towards high noise (decision 20; 0 for uniform) */
    /** @param topStepShare share of clips at the noisiest step, where sampling starts (decision 25; 0 for none) */
    public record Options(Architecture architecture, int steps, int batch, double lr, long seed, int saveEvery,
                          int poolSize, double emaDecay, double temporalWeight, double highNoiseShare, double topStepShare) {
        public static final double DEFAULT_TEMPORAL_WEIGHT = 1.0;
        public static final double DEFAULT_HIGH_NOISE_SHARE = 0.5;
        public static final double DEFAULT_TOP_STEP_SHARE = 0.2;

        public Options(Architecture architecture, int steps, int batch, double lr, long seed, int saveEvery, int poolSize,
                       double emaDecay, double temporalWeight, double highNoiseShare) {
            this(architecture, steps, batch, lr, seed, saveEvery, poolSize, emaDecay, temporalWeight, highNoiseShare, DEFAULT_TOP_STEP_SHARE);
        }

        public Options(Architecture architecture, int steps, int batch, double lr, long seed, int saveEvery, int poolSize, double emaDecay) {
            this(architecture, steps, batch, lr, seed, saveEvery, poolSize, emaDecay, DEFAULT_TEMPORAL_WEIGHT);
        }

        public Options(Architecture architecture, int steps, int batch, double lr, long seed, int saveEvery, int poolSize,
                       double emaDecay, double temporalWeight) {
            this(architecture, steps, batch, lr, seed, saveEvery, poolSize, emaDecay, temporalWeight, DEFAULT_HIGH_NOISE_SHARE);
        }
    }

    /**
     * Learning-rate factor of small zero-initialised paths grown into a trained denoiser: the motion bias (decision
     * 23; at the base rate 0.003 rms after 750 steps) and the coordinate channels (decision 24; 0.001 after 500).
     * They learn 10x faster.
     */
    static final double GROWN_PATH_LR_SCALE = 10;

    /** The learning-rate factor of a parameter, by its name. */
    static double learningRateScale(String name) {
        return name.contains(".motion_bias.") || name.contains(".temporal_coordinates_in.") || name.contains(".temporal_layout_")
                ? GROWN_PATH_LR_SCALE : 1.0;
    }

    /**
     * Share of training clips that get their layout channel (decision 26); the others get none, so the denoiser also
     * samples without a plan (prompts outside the grammar, image-to-video).
     */
    static final double LAYOUT_SHARE = 0.75;
    /**
     * Share of the clips with a layout that also get their silhouettes (decision 29); the others keep discs alone,
     * as sampling gives them when it knows where an object is but not its outline (the conditioning modes).
     */
    static final double SILHOUETTE_SHARE = 0.85;
    public static final NoiseSchedule.Kind SCHEDULE = NoiseSchedule.Kind.COSINE;
    /** Noise shared between frames during training and sampling (decision 16); a pack records it in its schedule. */
    public static final double NOISE_FRAME_CORRELATION = 0.5;
    public static final PredictionType PREDICTION = PredictionType.V_PREDICTION;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options o;
    private final Path autoencoderDir;
    private final Checkpoint checkpoint;
    private final PrintStream log;

    public DenoiserTrainer(Options options, Path autoencoderDir, Path checkpointDir, PrintStream log) {
        this.o = options;
        this.autoencoderDir = autoencoderDir;
        this.checkpoint = new Checkpoint(checkpointDir);
        this.log = log;
    }

    /** The forward process the bundled denoiser is trained with. */
    public static NoiseSchedule schedule() {
        return NoiseSchedule.of(SCHEDULE, 1000, NoiseSchedule.DEFAULT_BETA_START, NoiseSchedule.DEFAULT_BETA_END).withFrameCorrelation(NOISE_FRAME_CORRELATION);
    }

    /** The vocabulary of the bundled text encoder. */
    public static List<String> vocabulary() {
        List<String> v = new ArrayList<>(List.of(Tokenizer.PAD, Tokenizer.UNK));
        v.addAll(SceneVocabulary.words());
        return v;
    }

    public double run() throws IOException, ModelPackException {
        Architecture a = o.architecture();
        int lc = a.latentChannels(), T = a.frameWindow(), h = a.latentHeight(), w = a.latentWidth();
        Tokenizer tokenizer = new Tokenizer(vocabulary(), a.maxTokens());
        NoiseSchedule schedule = schedule();
        try (NDManager manager = NDManager.newBaseManager()) {
            VideoEncoder enc = new VideoEncoder(a.autoencoder());
            BlockWeights.load(enc, autoencoderDir.resolve("encoder.safetensors"), manager);
            TextEncoder text = new TextEncoder(tokenizer.size(), a.textDim(), a.maxTokens(), a.textLayers(), a.textHeads());
            SpaceTimeUNet unet = new SpaceTimeUNet(a.denoiser());
            Weights.initialize(text, manager, o.seed() + 10);
            Weights.initialize(unet, manager, o.seed() + 11);
            Map<String, Block> blocks = new LinkedHashMap<>();
            blocks.put("text_encoder", text);
            blocks.put("denoiser", unet);
            Map<String, Parameter> params = new LinkedHashMap<>();
            Weights.named(text).forEach((k, p) -> params.put("text_encoder." + k, p));
            Weights.named(unet).forEach((k, p) -> params.put("denoiser." + k, p));
            AdamW opt = new AdamW(params, manager, 0.01);
            opt.setLearningRateScale(DenoiserTrainer::learningRateScale);
            long start = checkpoint.exists() ? checkpoint.restore(blocks, opt, manager) : 0;
            Ema ema = new Ema(params, manager, o.emaDecay());
            if (Files.exists(checkpoint.dir().resolve("ema.safetensors"))) {
                ema.restore(SafeTensors.read(checkpoint.dir().resolve("ema.safetensors")), emaUpdates());
            }
            if (start >= o.steps()) {
                log.println("denoiser: already trained to step " + start);
                return Double.NaN;
            }
            ClipPool pool = new ClipPool(enc, manager, a.width(), T, a.autoencoder().downsampling());
            SplittableRandom poolRng = new SplittableRandom(o.seed() * 7919L + start);
            log.println("denoiser: " + Weights.count(unet) + " + " + Weights.count(text) + " parameters; filling a pool of "
                    + o.poolSize() + " encoded clips");
            for (int i = 0; i < o.poolSize(); i++) pool.refresh(-1, poolRng);
            float[][] stats = latentStats(pool, lc, T * h * w);
            log.println("denoiser: from step " + start + " to " + o.steps());
            int b = o.batch(), plane = T * h * w;
            try (TrainingProgress progress = new TrainingProgress("denoiser", start, o.steps(), log, checkpoint.dir().resolve("losses.csv"))) {
                for (long step = start + 1; step <= o.steps(); step++) {
                    SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + step);
                    for (int k = 0; k < 2; k++) pool.refresh(rng.nextInt(pool.size()), poolRng);
                    List<DiffusionBatch.Sample> samples = new ArrayList<>(b);
                    for (int i = 0; i < b; i++) {
                        ClipPool.Clip clip = pool.get(rng.nextInt(pool.size()));
                        float[] z = new float[lc * plane];
                        normalise(clip.latents(), stats, lc, plane, z, 0);
                        String caption = rng.nextDouble() < 0.1 ? "" : clip.spec().caption(rng.nextBoolean(), rng.nextDouble() < 0.85);
                        float[] layout = a.denoiser().layout() && rng.nextDouble() < LAYOUT_SHARE ? SceneLayout.discs(clip.spec(), T, h) : null;
                        float[] silhouettes = layout != null && a.denoiser().silhouette() && rng.nextDouble() < SILHOUETTE_SHARE ? clip.silhouettes() : null;
                        samples.add(new DiffusionBatch.Sample(z, clip.coverage(), caption, clip.spec().fps(), layout, silhouettes));
                    }
                    double lossValue = new DiffusionBatch(samples, lc, T, h, w, tokenizer, schedule, rng, false, 0, schedule.trainSteps(), o.highNoiseShare(), o.topStepShare()).train(manager, text, unet, o.temporalWeight());
                    double lr = LearningRate.warmupCosine(step, o.steps(), o.lr(), 500);
                    double norm = opt.update(lr, 1.0);
                    if (Double.isFinite(norm)) ema.update();
                    progress.record(step, lossValue, lr, norm);
                    if (step % o.saveEvery() == 0 || step == o.steps()) {
                        checkpoint.save(step, blocks, opt, Checkpoint.extras("stage", "denoiser", "seed", o.seed(),
                                "latentMean", stats[0], "latentStd", stats[1], "emaUpdates", ema.updates(), "skippedSteps", opt.skipped()));
                        SafeTensors.write(checkpoint.dir().resolve("ema.safetensors"), ema.state(), SafeTensors.DType.F32);
                    }
                }
                return progress.smoothedLoss();
            }
        }
    }

    /** EMA updates recorded in the checkpoint (old checkpoints without the count: treat the average as mature). */
    private long emaUpdates() throws IOException {
        Path state = checkpoint.dir().resolve("state.json");
        if (!Files.exists(state)) return 0;
        var node = JSON.readTree(state.toFile());
        return node.has("emaUpdates") ? node.get("emaUpdates").asLong() : Long.MAX_VALUE / 4;
    }

    /**
     * Per-channel mean and std of raw latents, read from the checkpoint when it has them (so they never drift). A
     * checkpoint grown to more latent channels (decision 31) keeps its channels' values and measures the new ones.
     */
    private float[][] latentStats(ClipPool pool, int lc, int plane) throws IOException {
        Path state = checkpoint.dir().resolve("state.json");
        float[][] kept = null;
        if (Files.exists(state)) {
            var node = JSON.readTree(state.toFile());
            if (node.has("latentMean")) {
                float[] mean = JSON.treeToValue(node.get("latentMean"), float[].class), std = JSON.treeToValue(node.get("latentStd"), float[].class);
                if (mean.length == lc && std.length == lc) return new float[][] {mean, std};
                if (mean.length > lc || std.length != mean.length) {
                    throw new IOException("the checkpoint's latent normalisation has " + mean.length + " channels, the latent " + lc);
                }
                kept = new float[][] {mean, std};
                log.println("denoiser: measuring the normalisation of latent channels " + mean.length + "-" + (lc - 1));
            }
        }
        float[][] measured = measuredLatentStats(pool, lc, plane);
        if (kept != null) {
            System.arraycopy(kept[0], 0, measured[0], 0, kept[0].length);
            System.arraycopy(kept[1], 0, measured[1], 0, kept[1].length);
        }
        return measured;
    }

    private static float[][] measuredLatentStats(ClipPool pool, int lc, int plane) {
        double[] sum = new double[lc], sq = new double[lc];
        long n = 0;
        for (int i = 0; i < pool.size(); i++) {
            float[] z = pool.get(i).latents();
            for (int c = 0; c < lc; c++) {
                for (int p = 0; p < plane; p++) {
                    double v = z[c * plane + p];
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
            n += plane;
        }
        float[] mean = new float[lc], std = new float[lc];
        for (int c = 0; c < lc; c++) {
            mean[c] = (float) (sum[c] / n);
            std[c] = (float) Math.sqrt(Math.max(1e-8, sq[c] / n - mean[c] * (double) mean[c]));
        }
        return new float[][] {mean, std};
    }

    private static void normalise(float[] raw, float[][] stats, int lc, int plane, float[] out, int offset) {
        for (int c = 0; c < lc; c++) {
            float m = stats[0][c], s = stats[1][c];
            for (int p = 0; p < plane; p++) out[offset + c * plane + p] = (raw[c * plane + p] - m) / s;
        }
    }

    /** Loads a decoder from an autoencoder checkpoint (for export and evaluation). */
    public static VideoDecoder loadDecoder(Architecture a, Path autoencoderDir, NDManager m) throws ModelPackException {
        VideoDecoder d = new VideoDecoder(a.autoencoder());
        BlockWeights.load(d, autoencoderDir.resolve("decoder.safetensors"), m);
        return d;
    }
}
