package cinegen.tools.train;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import cinegen.engine.family.bundled.Architecture;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.pack.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainers on the tiny architecture: a resumed run equals an uninterrupted one, and checkpoints export to a pack. */
class TrainersTest {
    @Test
    void onlyTheGrownPathsLearnFaster() {
        var unet = new cinegen.engine.family.bundled.net.SpaceTimeUNet(Architecture.bundled().denoiser());
        Map<String, Double> scales = new java.util.TreeMap<>();
        cinegen.engine.family.bundled.net.Weights.named(unet).keySet().forEach(k -> scales.put(k, DenoiserTrainer.learningRateScale("denoiser." + k)));
        scales.forEach((name, scale) -> assertEquals(name.contains("motion_bias") || name.startsWith("temporal_coordinates_in") || name.startsWith("temporal_layout_") ? 10.0 : 1.0,
                scale, name));
        assertEquals(16, scales.values().stream().filter(v -> v > 1).count(),
                "two motion biases, the coordinate path, three layout paths and two silhouette paths, weight and bias each");
    }

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    static AutoencoderTrainer.Options aeOptions(int steps) {
        Architecture a = Architecture.tiny();
        return new AutoencoderTrainer.Options(a.autoencoder(), a.width(), steps, 4, 16, 1e-3, 5, 2, null, false);
    }

    @Test
    void autoencoderTrainingResumesExactlyWhereItStopped(@TempDir Path dir) throws Exception {
        new AutoencoderTrainer(aeOptions(4), dir.resolve("straight"), QUIET).run();
        new AutoencoderTrainer(aeOptions(2), dir.resolve("resumed"), QUIET).run();
        new AutoencoderTrainer(aeOptions(4), dir.resolve("resumed"), QUIET).run();
        Map<String, SafeTensors.Tensor> a = SafeTensors.read(dir.resolve("straight/decoder.safetensors"));
        Map<String, SafeTensors.Tensor> b = SafeTensors.read(dir.resolve("resumed/decoder.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).data(), b.get(k).data(), k);
        String csv = Files.readString(dir.resolve("resumed/losses.csv"));
        assertEquals(5, csv.lines().count(), "header plus one row per step, none repeated");
    }

    @Test
    void decoderOnlyTrainingLeavesTheEncoderUntouched(@TempDir Path dir) throws Exception {
        new AutoencoderTrainer(aeOptions(2), dir, QUIET).run();
        Map<String, SafeTensors.Tensor> encBefore = SafeTensors.read(dir.resolve("encoder.safetensors"));
        Map<String, SafeTensors.Tensor> decBefore = SafeTensors.read(dir.resolve("decoder.safetensors"));
        Architecture a = Architecture.tiny();
        new AutoencoderTrainer(new AutoencoderTrainer.Options(a.autoencoder(), a.width(), 4, 4, 16, 1e-3, 5, 2, null, true), dir, QUIET).run();
        Map<String, SafeTensors.Tensor> encAfter = SafeTensors.read(dir.resolve("encoder.safetensors"));
        for (String k : encBefore.keySet()) assertArrayEquals(encBefore.get(k).data(), encAfter.get(k).data(), k);
        Map<String, SafeTensors.Tensor> decAfter = SafeTensors.read(dir.resolve("decoder.safetensors"));
        boolean changed = decBefore.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(decBefore.get(k).data(), decAfter.get(k).data()));
        assertTrue(changed, "the decoder trains");
    }

    @Test
    void anchoredEncoderTrainingHoldsSceneLatentsToTheEncoderItStartedFrom(@TempDir Path dir) throws Exception {
        Architecture a = Architecture.tiny();
        new AutoencoderTrainer(aeOptions(2), dir.resolve("free"), QUIET).run();
        copyTree(dir.resolve("free"), dir.resolve("held"));
        Map<String, SafeTensors.Tensor> start = SafeTensors.read(dir.resolve("free/encoder.safetensors"));
        new AutoencoderTrainer(new AutoencoderTrainer.Options(a.autoencoder(), a.width(), 40, 4, 16, 1e-3, 5, 20, null, false, 0.3, 0), dir.resolve("free"), QUIET).run();
        new AutoencoderTrainer(new AutoencoderTrainer.Options(a.autoencoder(), a.width(), 40, 4, 16, 1e-3, 5, 20, null, false, 0.3, 1000), dir.resolve("held"), QUIET).run();

        Map<String, SafeTensors.Tensor> anchor = SafeTensors.read(dir.resolve("held/" + AutoencoderTrainer.ANCHOR + ".safetensors"));
        for (String k : start.keySet()) assertArrayEquals(start.get(k).data(), anchor.get(k).data(), "the anchor is the starting encoder: " + k);
        Map<String, SafeTensors.Tensor> held = SafeTensors.read(dir.resolve("held/encoder.safetensors"));
        assertTrue(start.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(start.get(k).data(), held.get(k).data())), "the encoder trains");

        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            int[] frame = SceneRenderer.renderFrame(new SceneSampler(16).random(new java.util.SplittableRandom(3)), a.width(), 0);
            float[] rgb = new float[3 * a.width() * a.width()];
            AutoencoderTrainer.toChannels(frame, rgb, 0, a.width() * a.width());
            ai.djl.ndarray.NDArray x = m.create(rgb, new ai.djl.ndarray.types.Shape(1, 3, a.width(), a.width()));
            ai.djl.ndarray.NDArray z0 = encode(a, dir.resolve("held/" + AutoencoderTrainer.ANCHOR + ".safetensors"), x, m);
            float driftFree = encode(a, dir.resolve("free/encoder.safetensors"), x, m).sub(z0).square().mean().getFloat();
            float driftHeld = encode(a, dir.resolve("held/encoder.safetensors"), x, m).sub(z0).square().mean().getFloat();
            assertTrue(driftHeld < driftFree / 4, "scene latents drift " + driftHeld + " anchored vs " + driftFree + " free");
        }
    }

    @Test
    void anchorLossCountsOnlySceneCrops() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray z = m.create(new float[] {1, 1, 3, 3}, new ai.djl.ndarray.types.Shape(2, 2, 1, 1));
            ai.djl.ndarray.NDArray target = m.zeros(z.getShape());
            assertEquals(1f, AutoencoderTrainer.anchorLoss(z, target, new float[] {1, 0}, m).getFloat(), 1e-6f);
            assertEquals(9f, AutoencoderTrainer.anchorLoss(z, target, new float[] {0, 1}, m).getFloat(), 1e-6f);
            assertEquals(5f, AutoencoderTrainer.anchorLoss(z, target, new float[] {1, 1}, m).getFloat(), 1e-6f);
            assertEquals(0f, AutoencoderTrainer.anchorLoss(z, target, new float[] {0, 0}, m).getFloat(), 1e-6f);
        }
    }

    private static ai.djl.ndarray.NDArray encode(Architecture a, Path weights, ai.djl.ndarray.NDArray x, ai.djl.ndarray.NDManager m) throws Exception {
        cinegen.engine.family.bundled.net.VideoEncoder enc = new cinegen.engine.family.bundled.net.VideoEncoder(a.autoencoder());
        cinegen.engine.family.bundled.net.Weights.initialize(enc, m, 1);
        cinegen.engine.family.bundled.BlockWeights.load(enc, weights, m);
        return enc.apply(x);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target); else Files.copy(p, target);
            }
        }
    }

    @Test
    void denoiserTrainsOnTheFrozenAutoencoderAndExportsALoadablePack(@TempDir Path dir) throws Exception {
        Architecture a = Architecture.tiny();
        new AutoencoderTrainer(aeOptions(2), dir.resolve("autoencoder"), QUIET).run();
        var opts = new DenoiserTrainer.Options(a, 3, 2, 1e-3, 5, 3, 4, 0.9);
        double loss = new DenoiserTrainer(opts, dir.resolve("autoencoder"), dir.resolve("denoiser"), QUIET).run();
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        assertTrue(Files.exists(dir.resolve("denoiser/ema.safetensors")));
        PackExporter.export(a, dir, dir.resolve("pack"), "test");
        ModelPack pack = ModelPack.open(dir.resolve("pack"));
        assertEquals(a.latentChannels(), pack.manifest().latentStd().length);
        assertEquals(DenoiserTrainer.vocabulary(), pack.tokenizer().vocabulary());
    }

    /** Two steps of each trainer on the tiny architecture under {@code dir/run}, exported to {@code dir/pack}. */
    private static void trainTinyPack(Path dir) throws Exception {
        Architecture a = Architecture.tiny();
        new AutoencoderTrainer(aeOptions(2), dir.resolve("run/autoencoder"), QUIET).run();
        new DenoiserTrainer(new DenoiserTrainer.Options(a, 2, 2, 1e-3, 5, 2, 4, 0.9), dir.resolve("run/autoencoder"), dir.resolve("run/denoiser"), QUIET).run();
        PackExporter.export(a, dir.resolve("run"), dir.resolve("pack"), "test");
    }

    @Test
    void aPackSeedsCheckpointsThatExportTheSameWeightsAndTrainOn(@TempDir Path dir) throws Exception {
        Architecture a = Architecture.tiny();
        trainTinyPack(dir);

        PackImporter.seed(dir.resolve("pack"), a, dir.resolve("seeded"));
        PackExporter.export(a, dir.resolve("seeded"), dir.resolve("again"), "test");
        for (String f : new String[] {"autoencoder.safetensors", "text_encoder.safetensors", "denoiser.safetensors"}) {
            Map<String, SafeTensors.Tensor> before = SafeTensors.read(dir.resolve("pack").resolve(f));
            Map<String, SafeTensors.Tensor> after = SafeTensors.read(dir.resolve("again").resolve(f));
            assertEquals(before.keySet(), after.keySet(), f);
            for (String k : before.keySet()) assertArrayEquals(before.get(k).data(), after.get(k).data(), f + " " + k);
        }
        assertArrayEquals(ModelPack.open(dir.resolve("pack")).manifest().latentStd(), ModelPack.open(dir.resolve("again")).manifest().latentStd());

        double loss = new DenoiserTrainer(new DenoiserTrainer.Options(a, 2, 2, 1e-3, 5, 2, 4, 0.9), dir.resolve("seeded/autoencoder"), dir.resolve("seeded/denoiser"), QUIET).run();
        assertTrue(Double.isFinite(loss), "training continues from the seeded checkpoint");
        assertEquals(2, new Checkpoint(dir.resolve("seeded/denoiser")).step());

        var refused = assertThrows(java.io.IOException.class, () -> PackImporter.seed(dir.resolve("pack"), a, dir.resolve("seeded")));
        assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
        var wrong = assertThrows(cinegen.engine.pack.ModelPackException.class, () -> PackImporter.seed(dir.resolve("pack"), Architecture.bundled(), dir.resolve("other")));
        assertTrue(wrong.getMessage().contains("shape"), wrong.getMessage());
        assertTrue(!Files.exists(dir.resolve("other/denoiser/state.json")), "nothing written for a pack that does not fit");
    }

    @Test
    void importingIntoAGrownArchitectureKeepsWhatThePackComputes(@TempDir Path dir) throws Exception {
        Architecture a = Architecture.tiny();
        trainTinyPack(dir);

        var d = a.denoiser();
        var ae = a.autoencoder();
        Architecture grown = new Architecture(a.width(), a.height(), a.frameWindow(),
                new cinegen.engine.family.bundled.net.AutoencoderConfig(ae.latentChannels(), ae.channels(), 1),
                d.toBuilder().midTemporalLayers(1).learnedResampling(true).frameConditioning(true).spaceTimeAttention(true)
                        .motionBias(true).coordinates(true).layout(true).build(),
                a.textDim(), a.textLayers(), a.textHeads(), a.maxTokens());
        PackImporter.seed(dir.resolve("pack"), grown, dir.resolve("seeded"));
        PackExporter.export(grown, dir.resolve("seeded"), dir.resolve("grownPack"), "test");
        ModelPack packed = ModelPack.open(dir.resolve("grownPack"));
        assertEquals(1, packed.architecture().denoiser().midTemporalLayers(), "the manifest records the new layers");
        assertTrue(packed.architecture().denoiser().learnedResampling(), "the manifest records learned resampling");
        assertTrue(packed.architecture().denoiser().frameConditioning(), "the manifest records frame conditioning");
        assertTrue(packed.architecture().denoiser().spaceTimeAttention(), "the manifest records space-time attention");
        assertTrue(packed.architecture().denoiser().motionBias(), "the manifest records the motion bias");
        assertTrue(packed.architecture().denoiser().coordinates(), "the manifest records coordinate channels");
        assertTrue(packed.architecture().denoiser().layout(), "the manifest records the layout channel");
        assertEquals(1, packed.architecture().autoencoder().extraDecoderBlocks(), "the manifest records the deeper decoder");

        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var before = new cinegen.engine.family.bundled.net.SpaceTimeUNet(d);
            cinegen.engine.family.bundled.BlockWeights.assign(before, SafeTensors.read(dir.resolve("pack/denoiser.safetensors")), "pack", m);
            var after = new cinegen.engine.family.bundled.net.SpaceTimeUNet(grown.denoiser());
            cinegen.engine.family.bundled.BlockWeights.assign(after, SafeTensors.read(dir.resolve("grownPack/denoiser.safetensors")), "grown", m);
            var x = new cinegen.engine.schedule.NoiseSource(3).next(m, new ai.djl.ndarray.types.Shape(1, 2 * d.latentChannels() + 1, a.frameWindow(), 8, 8));
            var text = new cinegen.engine.schedule.NoiseSource(4).next(m, new ai.djl.ndarray.types.Shape(1, a.maxTokens(), a.textDim()));
            float[] p = before.apply(x, m.create(new float[] {500}), m.create(new float[] {8}), text).toFloatArray();
            float[] q = after.apply(x, m.create(new float[] {500}), m.create(new float[] {8}), text).toFloatArray();
            assertArrayEquals(p, q, 1e-5f, "new temporal layers, resampling gates and frame conditioning start as identity");

            var decoderBefore = new cinegen.engine.family.bundled.net.VideoDecoder(ae);
            cinegen.engine.family.bundled.BlockWeights.assign(decoderBefore, PackExporter.strip(SafeTensors.read(dir.resolve("pack/autoencoder.safetensors")), "decoder."), "pack", m);
            var decoderAfter = new cinegen.engine.family.bundled.net.VideoDecoder(grown.autoencoder());
            cinegen.engine.family.bundled.BlockWeights.assign(decoderAfter, PackExporter.strip(SafeTensors.read(dir.resolve("grownPack/autoencoder.safetensors")), "decoder."), "grown", m);
            var latents = new cinegen.engine.schedule.NoiseSource(5).next(m, new ai.djl.ndarray.types.Shape(2, ae.latentChannels(), 8, 8));
            assertArrayEquals(decoderBefore.apply(latents).toFloatArray(), decoderAfter.apply(latents).toFloatArray(), 1e-5f,
                    "new decoder blocks start as identity");
        }
        double loss = new DenoiserTrainer(new DenoiserTrainer.Options(grown, 2, 2, 1e-3, 5, 2, 4, 0.9), dir.resolve("seeded/autoencoder"), dir.resolve("seeded/denoiser"), QUIET).run();
        assertTrue(Double.isFinite(loss), "the grown denoiser trains");
        double decoderLoss = new AutoencoderTrainer(new AutoencoderTrainer.Options(grown.autoencoder(), grown.width(), 2, 2, 16, 1e-3, 5, 2, null, true),
                dir.resolve("seeded/autoencoder"), QUIET).run();
        assertTrue(Double.isFinite(decoderLoss), "the grown decoder trains with the encoder frozen");
    }

    @Test
    void growingTheLatentKeepsWhatThePackComputesAndTrainsTheNewChannels(@TempDir Path dir) throws Exception {
        Architecture a = Architecture.tiny();
        trainTinyPack(dir);
        Architecture grown = a.withLatentChannels(a.latentChannels() + 2);
        int from = a.latentChannels(), to = grown.latentChannels();
        PackImporter.seed(dir.resolve("pack"), grown, dir.resolve("seeded"));
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var packAe = SafeTensors.read(dir.resolve("pack/autoencoder.safetensors"));
            var encBefore = new cinegen.engine.family.bundled.net.VideoEncoder(a.autoencoder());
            cinegen.engine.family.bundled.BlockWeights.assign(encBefore, PackExporter.strip(packAe, "encoder."), "pack", m);
            var decBefore = new cinegen.engine.family.bundled.net.VideoDecoder(a.autoencoder());
            cinegen.engine.family.bundled.BlockWeights.assign(decBefore, PackExporter.strip(packAe, "decoder."), "pack", m);
            var encAfter = new cinegen.engine.family.bundled.net.VideoEncoder(grown.autoencoder());
            cinegen.engine.family.bundled.BlockWeights.load(encAfter, dir.resolve("seeded/autoencoder/encoder.safetensors"), m);
            var decAfter = new cinegen.engine.family.bundled.net.VideoDecoder(grown.autoencoder());
            cinegen.engine.family.bundled.BlockWeights.load(decAfter, dir.resolve("seeded/autoencoder/decoder.safetensors"), m);

            var frames = new cinegen.engine.schedule.NoiseSource(6).next(m, new ai.djl.ndarray.types.Shape(2, 3, a.height(), a.width()));
            var zBefore = encBefore.apply(frames);
            var zAfter = encAfter.apply(frames);
            assertArrayEquals(zBefore.toFloatArray(), zAfter.get(":, :" + from).toFloatArray(), 1e-5f, "the pack's channels encode as before");
            assertTrue(zAfter.get(":, " + from + ":").abs().sum().getFloat() > 0, "the new channels carry something to learn from");
            assertArrayEquals(decBefore.apply(zBefore).toFloatArray(), decAfter.apply(zAfter).toFloatArray(), 1e-5f,
                    "until trained, the decoder ignores the new channels: the grown autoencoder reconstructs as the pack's");

            var d = a.denoiser();
            var before = new cinegen.engine.family.bundled.net.SpaceTimeUNet(d);
            cinegen.engine.family.bundled.BlockWeights.assign(before, SafeTensors.read(dir.resolve("pack/denoiser.safetensors")), "pack", m);
            var after = new cinegen.engine.family.bundled.net.SpaceTimeUNet(grown.denoiser());
            cinegen.engine.family.bundled.BlockWeights.load(after, dir.resolve("seeded/denoiser/denoiser.safetensors"), m);
            // The grown input: noisy latent (to), C (to), M; the pack's sees the old channels of each.
            var x = new cinegen.engine.schedule.NoiseSource(3).next(m, new ai.djl.ndarray.types.Shape(1, 2 * to + 1, a.frameWindow(), 8, 8));
            var xOld = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(x.get(":, :" + from), x.get(":, " + to + ":" + (to + from)), x.get(":, " + (2 * to) + ":")), 1);
            var text = new cinegen.engine.schedule.NoiseSource(4).next(m, new ai.djl.ndarray.types.Shape(1, a.maxTokens(), a.textDim()));
            var p = before.apply(xOld, m.create(new float[] {500}), m.create(new float[] {8}), text);
            var q = after.apply(x, m.create(new float[] {500}), m.create(new float[] {8}), text);
            assertArrayEquals(p.toFloatArray(), q.get(":, :" + from).toFloatArray(), 1e-5f, "the pack's channels are predicted as before");
            assertEquals(0f, q.get(":, " + from + ":").abs().sum().getFloat(), 0f, "the new channels start with a zero prediction");
        }
        var stateOf = (java.util.function.Function<String, com.fasterxml.jackson.databind.JsonNode>) f -> {
            try { return new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("seeded").resolve(f).resolve("state.json").toFile()); }
            catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
        };
        assertEquals(from, stateOf.apply("autoencoder").get(AutoencoderTrainer.ANCHOR_CHANNELS).asInt());
        var early = assertThrows(cinegen.engine.pack.ModelPackException.class, () -> PackExporter.export(grown, dir.resolve("seeded"), dir.resolve("early"), "test"));
        assertTrue(early.getMessage().contains("train the denoiser"), early.getMessage());

        double aeLoss = new AutoencoderTrainer(new AutoencoderTrainer.Options(grown.autoencoder(), grown.width(), 2, 2, 16, 1e-3, 5, 2, null, false,
                TrainingImages.DEFAULT_PHOTO_SHARE, 30), dir.resolve("seeded/autoencoder"), QUIET).run();
        assertTrue(Double.isFinite(aeLoss), "the grown autoencoder trains, anchored");
        assertEquals(from, stateOf.apply("autoencoder").get(AutoencoderTrainer.ANCHOR_CHANNELS).asInt(), "a resumed run still anchors the pack's channels only");
        double loss = new DenoiserTrainer(new DenoiserTrainer.Options(grown, 2, 2, 1e-3, 5, 2, 4, 0.9), dir.resolve("seeded/autoencoder"), dir.resolve("seeded/denoiser"), QUIET).run();
        assertTrue(Double.isFinite(loss), "the grown denoiser trains");
        PackExporter.export(grown, dir.resolve("seeded"), dir.resolve("grownPack"), "test");
        var packed = ModelPack.open(dir.resolve("grownPack")).manifest();
        var original = ModelPack.open(dir.resolve("pack")).manifest();
        assertEquals(to, packed.latentStd().length, "the new channels are measured");
        assertArrayEquals(original.latentStd(), java.util.Arrays.copyOf(packed.latentStd(), from), "the pack's channels keep their normalisation");
        assertArrayEquals(original.latentMean(), java.util.Arrays.copyOf(packed.latentMean(), from));
    }
}
