package cinegen.engine.testing;

import ai.djl.ndarray.NDManager;
import cinegen.engine.net.SpaceTimeUNet;
import cinegen.engine.net.TextEncoder;
import cinegen.engine.net.Tokenizer;
import cinegen.engine.net.VideoDecoder;
import cinegen.engine.net.VideoEncoder;
import cinegen.engine.net.Weights;
import cinegen.engine.pack.Architecture;
import cinegen.engine.pack.PackWriter;
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

    public static Path create(Path dir, long seed, SafeTensors.DType dtype) throws IOException {
        Architecture a = Architecture.tiny();
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
            int lc = a.latentChannels();
            float[] mean = new float[lc], std = new float[lc];
            Arrays.fill(std, 1f);
            float[][] matrix = new float[3][lc];
            for (int c = 0; c < 3; c++) matrix[c][c % lc] = 0.5f;
            PackWriter.write(dir, new PackWriter.Contents("tiny-test", "random weights for tests", "0", a, enc, dec, text, unet,
                    VOCABULARY, mean, std, NoiseSchedule.Kind.COSINE, PredictionType.V_PREDICTION,
                    new LatentPreview(matrix, new float[3]), 8, List.of()), dtype);
        }
        return dir;
    }
}
