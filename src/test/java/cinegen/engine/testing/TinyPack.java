package cinegen.engine.testing;

import ai.djl.ndarray.NDManager;
import cinegen.engine.family.bundled.net.SpaceTimeUNet;
import cinegen.engine.family.bundled.net.TextEncoder;
import cinegen.engine.family.bundled.net.Tokenizer;
import cinegen.engine.family.bundled.net.VideoDecoder;
import cinegen.engine.family.bundled.net.VideoEncoder;
import cinegen.engine.family.bundled.net.Weights;
import cinegen.engine.family.bundled.Architecture;
import cinegen.engine.family.bundled.PackWriter;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.preview.LatentPreview;
import cinegen.engine.schedule.NoiseSchedule;
import cinegen.engine.schedule.PredictionType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds a tiny, randomly initialised model pack for tests: the real networks and files, at a fraction of the size. */
public final class TinyPack {
    private TinyPack() {}

    public static final List<String> VOCABULARY = vocabulary();

    private static List<String> vocabulary() {
        List<String> v = new ArrayList<>(List.of(Tokenizer.PAD, Tokenizer.UNK));
        v.addAll(List.of("a", "red", "blue", "circle", "square", "moving", "left", "right", "on", "sky", "background"));
        return v;
    }

    public static Path create(Path dir, long seed) throws IOException {
        return create(dir, seed, SafeTensors.DType.F32);
    }

    /**
     * Adds style weight sets to a pack made by {@link #create}: for each name a rank-1 delta of the spatial
     * convolution {@code res0.conv1.weight} (16 x 144 after flattening), different per style, in half precision,
     * listed in the manifest with a description. Returns {@code pack}.
     */
    public static Path addStyles(Path pack, String... names) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(pack.resolve("manifest.json").toFile());
        var styles = manifest.has("styles") && manifest.get("styles").isArray()
                ? (com.fasterxml.jackson.databind.node.ArrayNode) manifest.get("styles") : manifest.putArray("styles");
        for (int s = 0; s < names.length; s++) {
            float[] up = new float[16], down = new float[144];
            for (int i = 0; i < 16; i++) up[i] = 0.4f * (s + 1) * (i % 2 == 0 ? 1 : -1);
            for (int i = 0; i < 144; i++) down[i] = (i + s) % 3 == 0 ? 1f : -0.5f;
            java.util.Map<String, SafeTensors.Tensor> t = new java.util.LinkedHashMap<>();
            t.put("res0.conv1.weight.up", new SafeTensors.Tensor(new long[] {16, 1}, up));
            t.put("res0.conv1.weight.down", new SafeTensors.Tensor(new long[] {1, 144}, down));
            String file = "style-" + names[s] + ".safetensors";
            SafeTensors.write(pack.resolve(file), t, SafeTensors.DType.F16);
            styles.addObject().put("name", names[s]).put("file", file).put("description", "Test style " + names[s]);
        }
        json.writeValue(pack.resolve("manifest.json").toFile(), manifest);
        return pack;
    }

    public static Path create(Path dir, long seed, SafeTensors.DType dtype) throws IOException {
        return create(dir, seed, dtype, Architecture.tiny());
    }

    /** The tiny pack with a layout channel (decision 26), its layout paths given seeded random weights. */
    public static Path createWithLayout(Path dir, long seed) throws IOException {
        return createWithLayout(dir, seed, false);
    }

    /** The tiny pack with a layout channel and, when asked, silhouette channels (decision 29), all seeded random. */
    public static Path createWithLayout(Path dir, long seed, boolean silhouettes) throws IOException {
        Architecture t = Architecture.tiny();
        Architecture a = new Architecture(t.width(), t.height(), t.frameWindow(), t.autoencoder(),
                t.denoiser().toBuilder().layout(true).silhouette(silhouettes).build(),
                t.textDim(), t.textLayers(), t.textHeads(), t.maxTokens());
        return create(dir, seed, SafeTensors.DType.F32, a);
    }

    /** A tiny pack sampled with the given noise schedule. */
    public static Path createWithSchedule(Path dir, long seed, NoiseSchedule schedule) throws IOException {
        return create(dir, seed, SafeTensors.DType.F32, Architecture.tiny(), schedule);
    }

    private static Path create(Path dir, long seed, SafeTensors.DType dtype, Architecture a) throws IOException {
        return create(dir, seed, dtype, a, NoiseSchedule.cosine(1000));
    }

    private static Path create(Path dir, long seed, SafeTensors.DType dtype, Architecture a, NoiseSchedule schedule) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoEncoder enc = new VideoEncoder(a.autoencoder());
            VideoDecoder dec = new VideoDecoder(a.autoencoder());
            TextEncoder text = new TextEncoder(VOCABULARY.size(), a.textDim(), a.maxTokens(), a.textLayers(), a.textHeads());
            SpaceTimeUNet unet = new SpaceTimeUNet(a.denoiser());
            Weights.initialize(enc, m, seed);
            Weights.initialize(dec, m, seed + 1);
            Weights.initialize(text, m, seed + 2);
            Weights.initialize(unet, m, seed + 3);
            // Give the zero-initialised output layer seeded random weights, so the denoiser's output varies.
            var convOut = Weights.named(unet).get("conv_out.weight");
            var shape = convOut.getArray().getShape();
            float[] w = new cinegen.engine.schedule.NoiseSource(seed + 4).floats(Math.toIntExact(shape.size()));
            for (int i = 0; i < w.length; i++) w[i] *= 0.05f;
            Weights.set(convOut, m.create(w, shape));
            long layoutSeed = seed + 5;
            for (var e : Weights.named(unet).entrySet()) {
                if (!e.getKey().startsWith("temporal_layout_")) continue;
                var s = e.getValue().getArray().getShape();
                float[] v = new cinegen.engine.schedule.NoiseSource(layoutSeed++).floats(Math.toIntExact(s.size()));
                for (int i = 0; i < v.length; i++) v[i] *= 0.5f;
                Weights.set(e.getValue(), m.create(v, s));
            }
            int lc = a.latentChannels();
            float[] mean = new float[lc], std = new float[lc];
            Arrays.fill(std, 1f);
            float[][] matrix = new float[3][lc];
            for (int c = 0; c < 3; c++) matrix[c][c % lc] = 0.5f;
            PackWriter.write(dir, new PackWriter.Contents("tiny-test", "random weights for tests", "0", a, enc, dec, text, unet,
                    VOCABULARY, mean, std, schedule, PredictionType.V_PREDICTION,
                    new LatentPreview(matrix, new float[3]), 8, List.of()), dtype);
        }
        return dir;
    }
}
