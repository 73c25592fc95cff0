package cinegen.tools.train;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import cinegen.engine.family.bundled.net.AutoencoderConfig;
import cinegen.engine.family.bundled.net.VideoDecoder;
import cinegen.engine.family.bundled.net.VideoEncoder;
import cinegen.engine.family.bundled.net.Weights;
import cinegen.engine.pack.ModelPackException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
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
     * @param anchorWeight  when above 0 (and the encoder trains), the encoder is held to the latents of the encoder it
     *                      started from on scene frames, by this weight on their squared difference: the denoiser's
     *                      latent space stays put where the denoiser works, while photographs may encode more detail
     */
    public record Options(AutoencoderConfig config, int nativeSize, int steps, int batch, int crop, double lr,
                          long seed, int saveEvery, Path photos, boolean freezeEncoder, double photoShare, double anchorWeight) {
        public Options {
            if (!(anchorWeight >= 0)) throw new IllegalArgumentException("encoder anchor weight must be 0 or more: " + anchorWeight);
        }

        public Options(AutoencoderConfig config, int nativeSize, int steps, int batch, int crop, double lr,
                       long seed, int saveEvery, Path photos, boolean freezeEncoder) {
            this(config, nativeSize, steps, batch, crop, lr, seed, saveEvery, photos, freezeEncoder, TrainingImages.DEFAULT_PHOTO_SHARE);
        }

        public Options(AutoencoderConfig config, int nativeSize, int steps, int batch, int crop, double lr,
                       long seed, int saveEvery, Path photos, boolean freezeEncoder, double photoShare) {
            this(config, nativeSize, steps, batch, crop, lr, seed, saveEvery, photos, freezeEncoder, photoShare, 0);
        }

        boolean anchored() { return anchorWeight > 0 && !freezeEncoder; }
    }

    /** The frozen copy of the starting encoder that an anchored run holds scene latents to. */
    static final String ANCHOR = "anchor_encoder";
    /**
     * Checkpoint key: how many leading latent channels an anchored run holds (decision 31: a pack imported into a
     * grown latent anchors its own channels and lets the new ones learn); all of them when absent.
     */
    static final String ANCHOR_CHANNELS = "anchorChannels";

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
            VideoEncoder anchor = null;
            if (o.anchored()) {
                anchor = new VideoEncoder(o.config());
                Weights.initialize(anchor, manager, o.seed());
                blocks.put(ANCHOR, anchor);
                // The anchor is the encoder as this run found it; later resumes load the saved anchor, not the drifted encoder.
                Path anchorFile = checkpoint.dir().resolve(ANCHOR + ".safetensors"), encoderFile = checkpoint.dir().resolve("encoder.safetensors");
                if (checkpoint.exists() && !Files.exists(anchorFile) && Files.exists(encoderFile)) { // copied whole or not at all
                    Path tmp = anchorFile.resolveSibling(anchorFile.getFileName() + ".tmp");
                    Files.copy(encoderFile, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, anchorFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Map<String, ai.djl.nn.Parameter> params = new LinkedHashMap<>();
            if (!o.freezeEncoder()) Weights.named(enc).forEach((k, p) -> params.put("encoder." + k, p));
            Weights.named(dec).forEach((k, p) -> params.put("decoder." + k, p));
            AdamW opt = new AdamW(params, manager, 1e-4);
            long start = checkpoint.exists() ? checkpoint.restore(blocks, opt, manager) : 0;
            if (start >= o.steps()) {
                log.println("autoencoder: already trained to step " + start);
                return Double.NaN;
            }
            int anchorChannels = anchorChannels(o.config().latentChannels());
            if (anchor != null && anchorChannels < o.config().latentChannels()) {
                log.println("autoencoder: the anchor holds latent channels 0-" + (anchorChannels - 1) + "; the others learn freely");
            }
            TrainingImages images = new TrainingImages(o.nativeSize(), 16, o.photos(), 400, o.photoShare());
            log.println("autoencoder: " + Weights.count(enc) + " + " + Weights.count(dec) + " parameters, "
                    + images.photoCount() + " photographs, from step " + start + " to " + o.steps());
            int c = o.crop(), b = o.batch();
            try (TrainingProgress progress = new TrainingProgress("autoencoder", start, o.steps(), log, checkpoint.dir().resolve("losses.csv"))) {
                for (long step = start + 1; step <= o.steps(); step++) {
                    SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + step);
                    float[] data = new float[b * 3 * c * c];
                    float[] sceneMask = new float[b];
                    for (int i = 0; i < b; i++) {
                        TrainingImages.Crop crop = images.sampleCrop(c, rng);
                        toChannels(crop.argb(), data, i * 3 * c * c, c * c);
                        sceneMask[i] = crop.scene() ? 1f : 0f;
                    }
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
                            if (anchor != null) {
                                NDIndex held = new NDIndex(":, :{}", anchorChannels);
                                loss = loss.add(anchorLoss(z.get(held), anchor.apply(x).stopGradient().get(held), sceneMask, s).mul((float) o.anchorWeight()));
                            }
                            lossValue = loss.getFloat();
                            gc.backward(loss);
                        }
                    }
                    double lr = LearningRate.warmupCosine(step, o.steps(), o.lr(), 200);
                    double norm = opt.update(lr, 1.0);
                    progress.record(step, lossValue, lr, norm);
                    if (step % o.saveEvery() == 0 || step == o.steps()) {
                        checkpoint.save(step, blocks, opt, Checkpoint.extras("stage", "autoencoder", "seed", o.seed(), ANCHOR_CHANNELS, anchorChannels));
                    }
                }
                return progress.smoothedLoss();
            }
        }
    }

    /** The leading latent channels an anchored run holds, from the checkpoint (all {@code latentChannels} by default). */
    private int anchorChannels(int latentChannels) throws IOException {
        Path state = checkpoint.dir().resolve("state.json");
        if (!Files.exists(state)) return latentChannels;
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(state.toFile());
        return node.has(ANCHOR_CHANNELS) ? Math.min(latentChannels, node.get(ANCHOR_CHANNELS).asInt()) : latentChannels;
    }

    /** Mean squared latent difference over the scene crops of the batch (0 when there are none). */
    static NDArray anchorLoss(NDArray z, NDArray anchorLatents, float[] sceneMask, NDManager m) {
        int scenes = 0;
        for (float f : sceneMask) scenes += (int) f;
        long perSample = z.getShape().size() / z.getShape().get(0);
        NDArray mask = m.create(sceneMask, new Shape(sceneMask.length, 1, 1, 1));
        return z.sub(anchorLatents).square().mul(mask).sum().div((float) Math.max(1, scenes) * perSample);
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
