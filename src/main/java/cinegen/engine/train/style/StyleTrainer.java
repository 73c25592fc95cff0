package cinegen.engine.train.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import cinegen.engine.family.bundled.net.ResBlock;
import cinegen.engine.family.bundled.net.Weights;
import cinegen.engine.family.bundled.Architecture;
import cinegen.engine.family.bundled.Manifest;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.pipeline.FrameTensors;
import cinegen.engine.train.AdamW;
import cinegen.engine.train.DiffusionBatch;
import cinegen.engine.train.LearningRate;
import cinegen.engine.family.bundled.scene.SceneRenderer;
import cinegen.engine.family.bundled.scene.SceneSampler;
import cinegen.engine.family.bundled.scene.SceneSpec;
import cinegen.engine.train.TrainingProgress;
import cinegen.frames.FrameSequence;
import cinegen.frames.Resample;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes a style preset the way Lumiere 4.1 does: fine-tunes only the spatial layers of a model pack's denoiser
 * (temporal convolutions and temporal attention stay frozen, so motion survives) on clips in the style, then
 * stores W_style - W_base per layer as a rank-r product in half precision inside the pack and lists it in the
 * manifest. The loaded model is returned to its base weights afterwards.
 */
public final class StyleTrainer {
    public record Options(int steps, int batch, double lr, long seed, int rank, int poolSize) {}

    /** Where styled clips come from: the scene grammar through a look, or the user's own images. */
    public interface Source {
        /** A clip at native size and its caption ("" for none). */
        Styled next(SplittableRandom rng);
    }

    public record Styled(FrameSequence clip, String caption, float[] coverage) {}

    /** Scenes of the grammar rendered and passed through a look; captions as in base training. */
    public static Source scenes(StyleFilter look, int size, int frames) {
        SceneSampler sampler = new SceneSampler(frames);
        return rng -> {
            SceneSpec spec = sampler.random(rng);
            SceneRenderer.Rendered r = SceneRenderer.render(spec, size, frames);
            return new Styled(look.apply(r.frames(), rng.nextLong()), spec.caption(rng.nextBoolean(), rng.nextDouble() < 0.85), null);
        };
    }

    /** The user's images as still clips without captions (the style is carried by the weights). */
    public static Source images(List<FrameSequence> images, int size, int frames) {
        if (images.isEmpty()) throw new IllegalArgumentException("no images to learn a style from");
        return rng -> {
            FrameSequence img = images.get(rng.nextInt(images.size()));
            int[] px = Resample.resizeArgb(img.frame(0), img.width(), img.height(), size, size, true);
            List<int[]> f = new ArrayList<>();
            for (int i = 0; i < frames; i++) f.add(px);
            return new Styled(new FrameSequence(size, size, 8, f), "", null);
        };
    }

    /** True for the denoiser weights a style may change: spatial convolutions and spatial attention, never temporal. */
    public static boolean isStyleParameter(String path, int dims) {
        return dims >= 2 && path.endsWith("weight") && !ResBlock.isTemporalParameter(path)
                && !path.startsWith("time_") && !path.startsWith("fps_") && !path.startsWith("text_pool") && !path.contains(".emb.");
    }

    /** A trained style: its low-rank factors, not yet written anywhere. */
    public record Trained(String name, String description, Map<String, SafeTensors.Tensor> factors, double worstError) {
        /** The file a style of this name is stored in, relative to the pack folder. */
        public String fileName() { return "styles/" + name + ".safetensors"; }

        /** Writes the factors in half precision. */
        public void write(Path file) throws IOException {
            SafeTensors.write(file, factors, SafeTensors.DType.F16);
        }
    }

    /** Trains the style and writes {@code styles/NAME.safetensors} plus its manifest entry into the pack folder. */
    public static Path train(ModelPack pack, String name, String description, Source source, Options o, PrintStream log)
            throws IOException, ModelPackException {
        Trained t = learn(pack, name, description, source, o, log);
        Path file = pack.dir().resolve(t.fileName());
        t.write(file);
        ModelPack.writeManifest(pack.dir(), withStyle(pack.manifest(), name, t.fileName(), description));
        return file;
    }

    /**
     * Trains the style and returns its factors without touching the pack folder, so a caller can write the
     * weights, the manifest entry and its preset together (or not at all).
     */
    public static Trained learn(ModelPack pack, String name, String description, Source source, Options o, PrintStream log)
            throws IOException, ModelPackException {
        Architecture a = pack.architecture();
        int lc = a.latentChannels(), t = a.frameWindow(), h = a.latentHeight(), w = a.latentWidth();
        Path csv = java.nio.file.Files.createTempFile("cinegen-style", ".csv");
        csv.toFile().deleteOnExit(); // also on Ctrl-C and SIGTERM; the finally below covers a normal end
        try (VideoModel model = VideoModel.load(pack, ai.djl.Device.cpu())) {
            Map<String, Parameter> trainable = new LinkedHashMap<>();
            Map<String, float[]> base = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : Weights.named(model.denoiser()).entrySet()) {
                NDArray v = e.getValue().getArray();
                if (isStyleParameter(e.getKey(), v.getShape().dimension())) {
                    trainable.put(e.getKey(), e.getValue());
                    base.put(e.getKey(), v.toFloatArray());
                }
            }
            AdamW opt = new AdamW(trainable, model.manager(), 0);
            SplittableRandom rng = new SplittableRandom(o.seed());
            List<DiffusionBatch.Sample> pool = new ArrayList<>();
            for (int i = 0; i < o.poolSize(); i++) pool.add(encode(model, source.next(rng), lc, t, h, w));
            log.println("style " + name + ": " + trainable.size() + " spatial weight tensors, " + o.steps() + " steps");
            try (TrainingProgress progress = new TrainingProgress("style " + name, 0, o.steps(), log, csv)) {
                for (int step = 1; step <= o.steps(); step++) {
                    pool.set(rng.nextInt(pool.size()), encode(model, source.next(rng), lc, t, h, w));
                    List<DiffusionBatch.Sample> batch = new ArrayList<>();
                    for (int i = 0; i < o.batch(); i++) {
                        DiffusionBatch.Sample s = pool.get(rng.nextInt(pool.size()));
                        batch.add(rng.nextDouble() < 0.1 ? new DiffusionBatch.Sample(s.latents(), s.coverage(), "", s.fps()) : s);
                    }
                    double loss = new DiffusionBatch(batch, lc, t, h, w, pack.tokenizer(), pack.schedule(), rng, false)
                            .train(model.manager(), model.textEncoder(), model.denoiser());
                    double lr = LearningRate.warmupCosine(step, o.steps(), o.lr(), Math.min(50, o.steps() / 5 + 1));
                    progress.record(step, loss, lr, opt.update(lr, 1.0));
                }
            }
            Map<String, SafeTensors.Tensor> factors = new LinkedHashMap<>();
            double worst = 0;
            for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
                float[] now = e.getValue().getArray().toFloatArray(), was = base.get(e.getKey());
                float[] delta = new float[now.length];
                for (int i = 0; i < now.length; i++) delta[i] = now[i] - was[i];
                long rows = e.getValue().getArray().getShape().get(0);
                int cols = (int) (now.length / rows);
                LowRank.Factors f = LowRank.approximate(delta, (int) rows, cols, o.rank(), o.seed() + e.getKey().hashCode());
                worst = Math.max(worst, LowRank.relativeError(delta, f));
                factors.put(e.getKey() + ".up", new SafeTensors.Tensor(new long[] {rows, f.rank()}, f.up()));
                factors.put(e.getKey() + ".down", new SafeTensors.Tensor(new long[] {f.rank(), cols}, f.down()));
            }
            log.printf(java.util.Locale.ROOT, "style %s: rank-%d deltas, worst relative error %.3f%n", name, o.rank(), worst);
            return new Trained(name, description, factors, worst);
        } finally {
            java.nio.file.Files.deleteIfExists(csv);
        }
    }

    /**
     * A copy of a pack in {@code staging} (its weight files linked, or copied where links are not possible) whose
     * manifest lists only the trained style, so the style can be tried (a thumbnail rendered) before the real
     * pack is changed. {@code staging} must be new or empty; the caller deletes it afterwards.
     */
    public static ModelPack stage(ModelPack pack, Trained style, Path staging) throws IOException, ModelPackException {
        var files = pack.manifest().files();
        for (String f : List.of(files.autoencoder(), files.textEncoder(), files.denoiser())) {
            Path to = staging.resolve(f), from = pack.dir().resolve(f);
            java.nio.file.Files.createDirectories(to.getParent());
            if (java.nio.file.Files.exists(to)) continue;
            try {
                java.nio.file.Files.createLink(to, from);
            } catch (IOException | UnsupportedOperationException e) {
                java.nio.file.Files.copy(from, to);
            }
        }
        Path styleFile = staging.resolve(style.fileName());
        java.nio.file.Files.createDirectories(styleFile.getParent());
        style.write(styleFile);
        Manifest m = pack.manifest();
        ModelPack.writeManifest(staging, new Manifest(m.format(), m.formatVersion(), m.name(), m.description(), m.version(),
                m.architecture(), m.latentMean(), m.latentStd(), m.schedule(), m.prediction(), m.vocabulary(), m.preview(),
                m.defaults(), m.files(), List.of(new Manifest.StyleJson(style.name(), style.fileName(), style.description()))));
        return ModelPack.open(staging);
    }

    private static DiffusionBatch.Sample encode(VideoModel model, Styled s, int lc, int t, int h, int w) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray z = model.encode(FrameTensors.toTensor(m, s.clip().frames(), s.clip().width(), s.clip().height()));
            float[] latents = z.transpose(1, 0, 2, 3).toFloatArray();
            float[] coverage = s.coverage() != null ? s.coverage() : new float[t * h * w];
            return new DiffusionBatch.Sample(latents, coverage, s.caption(), s.clip().fps());
        }
    }

    /** The manifest with the style listed (any style of that name, in any case, replaced). */
    public static Manifest withStyle(Manifest m, String name, String file, String description) {
        List<Manifest.StyleJson> styles = new ArrayList<>();
        if (m.styles() != null) for (Manifest.StyleJson s : m.styles()) if (!s.name().equalsIgnoreCase(name)) styles.add(s);
        styles.add(new Manifest.StyleJson(name, file, description));
        return new Manifest(m.format(), m.formatVersion(), m.name(), m.description(), m.version(),
                m.architecture(), m.latentMean(), m.latentStd(), m.schedule(), m.prediction(), m.vocabulary(), m.preview(),
                m.defaults(), m.files(), styles);
    }
}
