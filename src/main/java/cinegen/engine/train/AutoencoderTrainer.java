package cinegen.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import cinegen.engine.net.AutoencoderConfig;
import cinegen.engine.net.VideoDecoder;
import cinegen.engine.net.VideoEncoder;
import cinegen.engine.net.Weights;
import cinegen.engine.pack.ModelPackException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the per-frame autoencoder: L1 + L2 reconstruction of scene frames, procedural textures and photo crops,
 * a small penalty keeping latents near unit scale, and latent noise so the decoder tolerates imperfect latents
 * from the diffusion model. Resumable; a fixed seed reproduces a run (the data of step k depends on seed and k).
 */
public final class AutoencoderTrainer {
    /**
     * @param freezeEncoder train the decoder only: the latent space stays exactly as the denoiser learned it, while
     *                      reconstructions keep improving
     */
    public record Options(AutoencoderConfig config, int nativeSize, int steps, int batch, int crop, double lr,
                          long seed, int saveEvery, Path photos, boolean freezeEncoder, double photoShare) {
        public Options(AutoencoderConfig config, int nativeSize, int steps, int batch, int crop, double lr,
                       long seed, int saveEvery, Path photos, boolean freezeEncoder) {
            this(config, nativeSize, steps, batch, crop, lr, seed, saveEvery, photos, freezeEncoder, TrainingImages.DEFAULT_PHOTO_SHARE);
        }
    }

    private final Options o;
    private final Checkpoint checkpoint;
    private final PrintStream log;

    public AutoencoderTrainer(Options options, Path checkpointDir, PrintStream log) {
        this.o = options;
        this.checkpoint = new Checkpoint(checkpointDir);
        this.log = log;
    }

    /** Runs to {@code steps}, resuming from the checkpoint if there is one. Returns the final smoothed loss. */
    public double run() throws IOException, ModelPackException {
        try (NDManager manager = NDManager.newBaseManager()) {
            VideoEncoder enc = new VideoEncoder(o.config());
            VideoDecoder dec = new VideoDecoder(o.config());
            Weights.initialize(enc, manager, o.seed());
            Weights.initialize(dec, manager, o.seed() + 1);
            Map<String, Block> blocks = blocks(enc, dec);
            Map<String, ai.djl.nn.Parameter> params = new LinkedHashMap<>();
            if (!o.freezeEncoder()) Weights.named(enc).forEach((k, p) -> params.put("encoder." + k, p));
            Weights.named(dec).forEach((k, p) -> params.put("decoder." + k, p));
            AdamW opt = new AdamW(params, manager, 1e-4);
            long start = checkpoint.exists() ? checkpoint.restore(blocks, opt, manager) : 0;
            if (start >= o.steps()) {
                log.println("autoencoder: already trained to step " + start);
                return Double.NaN;
            }
            TrainingImages images = new TrainingImages(o.nativeSize(), 16, o.photos(), 400, o.photoShare());
            log.println("autoencoder: " + Weights.count(enc) + " + " + Weights.count(dec) + " parameters, "
                    + images.photoCount() + " photographs, from step " + start + " to " + o.steps());
            int c = o.crop(), b = o.batch();
            try (TrainingProgress progress = new TrainingProgress("autoencoder", start, o.steps(), log, checkpoint.dir().resolve("losses.csv"))) {
                for (long step = start + 1; step <= o.steps(); step++) {
                    SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + step);
                    float[] data = new float[b * 3 * c * c];
                    for (int i = 0; i < b; i++) toChannels(images.sample(c, rng), data, i * 3 * c * c, c * c);
                    float[] noise = new float[b * o.config().latentChannels() * (c / 4) * (c / 4)];
                    for (int i = 0; i < noise.length; i++) noise[i] = (float) (cinegen.engine.schedule.NoiseSource.gaussian(rng) * 0.05);
                    double lossValue;
                    try (NDManager s = manager.newSubManager()) {
                        NDArray x = s.create(data, new Shape(b, 3, c, c));
                        NDArray n = s.create(noise, new Shape(b, o.config().latentChannels(), c / 4, c / 4));
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray z = enc.apply(x);
                            NDArray y = dec.apply(z.add(n));
                            NDArray diff = y.sub(x);
                            NDArray loss = diff.abs().mean().add(diff.square().mean().mul(0.5f)).add(z.square().mean().mul(1e-4f));
                            lossValue = loss.getFloat();
                            gc.backward(loss);
                        }
                    }
                    double lr = LearningRate.warmupCosine(step, o.steps(), o.lr(), 200);
                    double norm = opt.update(lr, 1.0);
                    progress.record(step, lossValue, lr, norm);
                    if (step % o.saveEvery() == 0 || step == o.steps()) {
                        checkpoint.save(step, blocks, opt, Checkpoint.extras("stage", "autoencoder", "seed", o.seed()));
                    }
                }
                return progress.smoothedLoss();
            }
        }
    }

    static Map<String, Block> blocks(VideoEncoder enc, VideoDecoder dec) {
        Map<String, Block> m = new LinkedHashMap<>();
        m.put("encoder", enc);
        m.put("decoder", dec);
        return m;
    }

    /** ARGB to planar RGB in [-1, 1], written at {@code offset}. */
    static void toChannels(int[] argb, float[] out, int offset, int plane) {
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            out[offset + i] = ((p >> 16) & 0xff) / 127.5f - 1f;
            out[offset + plane + i] = ((p >> 8) & 0xff) / 127.5f - 1f;
            out[offset + 2 * plane + i] = (p & 0xff) / 127.5f - 1f;
        }
    }

}
