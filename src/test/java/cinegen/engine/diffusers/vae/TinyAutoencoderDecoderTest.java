package cinegen.engine.diffusers.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TAESD's decoder (diffusers AutoencoderTiny.decoder). No reference fixture exists, so: weights built here in
 * diffusers' key layout, (1) identity-like weights whose output follows from the architecture's definition, and
 * (2) random weights against a plain-Java loop implementation of the same definition.
 */
class TinyAutoencoderDecoderTest {
    @TempDir
    Path dir;

    @Test
    void identityLikeWeightsGiveThePredictedImage() throws Exception {
        // diffusers' default layout with 4 channels: layers 0 conv, 1 ReLU, 2-4 blocks, 5 up, 6 conv, 7-9 blocks, 10 up,
        // 11 conv, 12-14 blocks, 15 up, 16 conv, 17 block, 18 conv (bias)
        int ch = 4;
        Map<String, SafeTensors.Tensor> w = new LinkedHashMap<>();
        conv(w, "decoder.layers.0", identity(ch, ch), new float[ch]);
        int[] blockLayers = {2, 3, 4, 7, 8, 9, 12, 13, 14, 17};
        float[] blockBias = new float[blockLayers.length];
        for (int b = 0; b < blockLayers.length; b++) {
            blockBias[b] = 0.05f * (b % 3) - 0.04f; // some negative: the fusing ReLU clips
            String p = "decoder.layers." + blockLayers[b];
            conv(w, p + ".conv.0", new float[ch * ch * 9], new float[ch]);
            conv(w, p + ".conv.2", new float[ch * ch * 9], new float[ch]);
            float[] bias = new float[ch];
            java.util.Arrays.fill(bias, blockBias[b]);
            conv(w, p + ".conv.4", new float[ch * ch * 9], bias);
        }
        for (int l : new int[] {6, 11, 16}) conv(w, "decoder.layers." + l, identity(ch, ch), null);
        float[] outBias = {0.1f, -0.2f, 0.05f};
        conv(w, "decoder.layers.18", identity(3, ch), outBias);
        writeFolder(w, "{\"_class_name\": \"AutoencoderTiny\", \"decoder_block_out_channels\": [4, 4, 4, 4]}");

        try (NDManager m = NDManager.newBaseManager()) {
            TinyAutoencoderDecoder taesd = TinyAutoencoderDecoder.load(dir, m);
            assertEquals(8, taesd.config().upscale());
            NDArray z = m.randomNormal(new Shape(2, 4, 3, 5)).mul(4f); // beyond the clamp's knee
            NDArray image = taesd.decode(z);
            assertEquals(new Shape(2, 3, 24, 40), image.getShape());
            float[] zs = z.toFloatArray(), out = image.toFloatArray();
            double maxErr = 0;
            for (int n = 0; n < 2; n++) for (int k = 0; k < 3; k++) for (int y = 0; y < 24; y++) for (int x = 0; x < 40; x++) {
                double v = Math.max(0, Math.tanh(zs[((n * 4 + k) * 3 + y / 8) * 5 + x / 8] / 3) * 3);
                for (float c : blockBias) v = Math.max(0, v + c);
                double expected = 2 * (v + outBias[k]) - 1;
                maxErr = Math.max(maxErr, Math.abs(expected - out[((n * 3 + k) * 24 + y) * 40 + x]));
            }
            assertTrue(maxErr < 1e-5, "max error " + maxErr);
        }
    }

    @Test
    void randomWeightsMatchALoopImplementation() throws Exception {
        int latent = 4, ch = 6, out = 3;
        int[] blocks = {1, 2, 1};
        SplittableRandom rng = new SplittableRandom(7);
        Map<String, SafeTensors.Tensor> w = new LinkedHashMap<>();
        conv(w, "decoder.layers.0", random(rng, ch * latent * 9, 0.3), random(rng, ch, 0.1));
        int layer = 2;
        for (int i = 0; i < blocks.length; i++) {
            for (int b = 0; b < blocks[i]; b++) {
                String p = "decoder.layers." + (layer++);
                for (String c : List.of(".conv.0", ".conv.2", ".conv.4")) conv(w, p + c, random(rng, ch * ch * 9, 0.25), random(rng, ch, 0.1));
            }
            if (i < blocks.length - 1) layer++;
            boolean last = i == blocks.length - 1;
            conv(w, "decoder.layers." + (layer++), random(rng, (last ? out : ch) * ch * 9, 0.25), last ? random(rng, out, 0.1) : null);
        }
        writeFolder(w, "{\"_class_name\": \"AutoencoderTiny\", \"latent_channels\": 4, \"decoder_block_out_channels\": [6, 6, 6],"
                + " \"num_decoder_blocks\": [1, 2, 1], \"upsampling_scaling_factor\": 2}");

        try (NDManager m = NDManager.newBaseManager()) {
            TinyAutoencoderDecoder taesd = TinyAutoencoderDecoder.load(dir, m);
            float[] zs = random(rng, latent * 3 * 2, 2.5);
            NDArray image = taesd.decode(m.create(zs, new Shape(1, latent, 3, 2)));
            assertEquals(new Shape(1, out, 12, 8), image.getShape());

            // the loop implementation of DecoderTiny.forward
            float[][][] x = new float[latent][3][2];
            for (int c = 0; c < latent; c++) for (int y = 0; y < 3; y++) for (int xx = 0; xx < 2; xx++) {
                x[c][y][xx] = (float) (Math.tanh(zs[(c * 3 + y) * 2 + xx] / 3) * 3);
            }
            x = relu(conv3(x, w.get("decoder.layers.0.weight"), w.get("decoder.layers.0.bias")));
            layer = 2;
            for (int i = 0; i < blocks.length; i++) {
                for (int b = 0; b < blocks[i]; b++) {
                    String p = "decoder.layers." + (layer++);
                    float[][][] h = relu(conv3(x, w.get(p + ".conv.0.weight"), w.get(p + ".conv.0.bias")));
                    h = relu(conv3(h, w.get(p + ".conv.2.weight"), w.get(p + ".conv.2.bias")));
                    h = conv3(h, w.get(p + ".conv.4.weight"), w.get(p + ".conv.4.bias"));
                    x = relu(add(h, x));
                }
                if (i < blocks.length - 1) {
                    x = up2(x);
                    layer++;
                }
                String p = "decoder.layers." + (layer++);
                x = conv3(x, w.get(p + ".weight"), w.get(p + ".bias"));
            }
            float[] actual = image.toFloatArray();
            double maxErr = 0;
            for (int c = 0; c < out; c++) for (int y = 0; y < 12; y++) for (int xx = 0; xx < 8; xx++) {
                maxErr = Math.max(maxErr, Math.abs(2 * x[c][y][xx] - 1 - actual[(c * 12 + y) * 8 + xx]));
            }
            assertTrue(maxErr < 1e-4, "max error " + maxErr);
        }
    }

    @Test
    void missingWeightsAndOtherActivationsAreRefused() throws Exception {
        Map<String, SafeTensors.Tensor> w = new LinkedHashMap<>();
        conv(w, "decoder.layers.0", identity(4, 4), new float[4]);
        writeFolder(w, "{\"_class_name\": \"AutoencoderTiny\", \"decoder_block_out_channels\": [4, 4, 4, 4]}");
        try (NDManager m = NDManager.newBaseManager()) {
            ModelPackException e = assertThrows(ModelPackException.class, () -> TinyAutoencoderDecoder.load(dir, m));
            assertTrue(e.getMessage().contains("diffusion_pytorch_model.safetensors")
                    && e.getMessage().contains("decoder.layers.2.conv.0.weight"), e.getMessage());
        }
        Files.writeString(dir.resolve("config.json"), "{\"_class_name\": \"AutoencoderTiny\", \"act_fn\": \"silu\"}");
        ModelPackException e = assertThrows(ModelPackException.class, () -> TinyAutoencoderDecoder.readConfig(dir.resolve("config.json")));
        assertTrue(e.getMessage().contains("act_fn"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), "{\"_class_name\": \"AutoencoderKL\"}");
        assertThrows(ModelPackException.class, () -> TinyAutoencoderDecoder.readConfig(dir.resolve("config.json")));
    }

    // ------------------------------------------------------------------ helpers

    private void writeFolder(Map<String, SafeTensors.Tensor> weights, String config) throws Exception {
        SafeTensors.write(dir.resolve("diffusion_pytorch_model.safetensors"), weights, SafeTensors.DType.F32);
        Files.writeString(dir.resolve("config.json"), config);
    }

    private static void conv(Map<String, SafeTensors.Tensor> w, String name, float[] weight, float[] bias) {
        int out = bias != null ? bias.length : (int) Math.round(Math.sqrt(weight.length / 9.0));
        int in = weight.length / 9 / out;
        w.put(name + ".weight", new SafeTensors.Tensor(new long[] {out, in, 3, 3}, weight));
        if (bias != null) w.put(name + ".bias", new SafeTensors.Tensor(new long[] {out}, bias));
    }

    /** A 3x3 kernel passing input channel k to output channel k (centre tap 1). */
    private static float[] identity(int out, int in) {
        float[] k = new float[out * in * 9];
        for (int c = 0; c < Math.min(out, in); c++) k[(c * in + c) * 9 + 4] = 1;
        return k;
    }

    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        return v;
    }

    /** 3x3 convolution, zero padding 1; weight (out, in, 3, 3). */
    private static float[][][] conv3(float[][][] x, SafeTensors.Tensor weight, SafeTensors.Tensor bias) {
        int out = (int) weight.shape()[0], in = x.length, h = x[0].length, wd = x[0][0].length;
        float[][][] y = new float[out][h][wd];
        for (int o = 0; o < out; o++) for (int r = 0; r < h; r++) for (int c = 0; c < wd; c++) {
            double s = bias == null ? 0 : bias.data()[o];
            for (int i = 0; i < in; i++) for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
                int rr = r + dy, cc = c + dx;
                if (rr < 0 || rr >= h || cc < 0 || cc >= wd) continue;
                s += weight.data()[((o * in + i) * 3 + dy + 1) * 3 + dx + 1] * x[i][rr][cc];
            }
            y[o][r][c] = (float) s;
        }
        return y;
    }

    private static float[][][] relu(float[][][] x) {
        for (float[][] p : x) for (float[] row : p) for (int i = 0; i < row.length; i++) row[i] = Math.max(0, row[i]);
        return x;
    }

    private static float[][][] add(float[][][] a, float[][][] b) {
        for (int c = 0; c < a.length; c++) for (int y = 0; y < a[0].length; y++) for (int x = 0; x < a[0][0].length; x++) a[c][y][x] += b[c][y][x];
        return a;
    }

    private static float[][][] up2(float[][][] x) {
        float[][][] y = new float[x.length][x[0].length * 2][x[0][0].length * 2];
        for (int c = 0; c < x.length; c++) for (int r = 0; r < y[0].length; r++) for (int k = 0; k < y[0][0].length; k++) y[c][r][k] = x[c][r / 2][k / 2];
        return y;
    }
}
