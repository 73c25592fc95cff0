package cinegen.engine.diffusers.vae;

import cinegen.engine.pack.SafeTensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A tiny random TAESD decoder folder (diffusers AutoencoderTiny layout) for tests. */
public final class TaesdFixtures {
    private TaesdFixtures() {}

    /** Writes config.json and weights: 4 latent channels, 6 channels inside, 3 stages, so frames grow 4x. */
    public static Path writeRandom(Path dir, long seed) throws Exception {
        int latent = 4, ch = 6, out = 3;
        int[] blocks = {1, 2, 1};
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, SafeTensors.Tensor> w = new LinkedHashMap<>();
        conv(w, "decoder.layers.0", ch, latent, rng, true);
        int layer = 2;
        for (int i = 0; i < blocks.length; i++) {
            for (int b = 0; b < blocks[i]; b++) {
                String p = "decoder.layers." + (layer++);
                for (String c : List.of(".conv.0", ".conv.2", ".conv.4")) conv(w, p + c, ch, ch, rng, true);
            }
            if (i < blocks.length - 1) layer++;
            boolean last = i == blocks.length - 1;
            conv(w, "decoder.layers." + (layer++), last ? out : ch, ch, rng, last);
        }
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve("diffusion_pytorch_model.safetensors"), w, SafeTensors.DType.F32);
        Files.writeString(dir.resolve("config.json"), "{\"_class_name\": \"AutoencoderTiny\", \"latent_channels\": 4,"
                + " \"decoder_block_out_channels\": [6, 6, 6], \"num_decoder_blocks\": [1, 2, 1], \"upsampling_scaling_factor\": 2}");
        return dir;
    }

    /**
     * The decoder weights of a folder made by {@link #writeRandom} renamed to the {@code nn.Sequential} layout of
     * madebyollin's taesd.py ({@code decoder.layers.N.rest} becomes {@code prefix + (N + 1) + ".rest"}), by string
     * operations of their own (not the key map under test); the encoder's weights, when there are any, are left out.
     */
    public static Map<String, SafeTensors.Tensor> rawDecoderLayout(Path folder, String prefix) throws Exception {
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, SafeTensors.Tensor> e : SafeTensors.read(folder.resolve("diffusion_pytorch_model.safetensors")).entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("decoder.layers.")) continue;
            String rest = k.substring("decoder.layers.".length());
            int dot = rest.indexOf('.');
            out.put(prefix + (Integer.parseInt(rest.substring(0, dot)) + 1) + rest.substring(dot), e.getValue());
        }
        return out;
    }

    private static void conv(Map<String, SafeTensors.Tensor> w, String name, int out, int in, SplittableRandom rng, boolean bias) {
        float[] k = new float[out * in * 9];
        for (int i = 0; i < k.length; i++) k[i] = (float) (rng.nextGaussian() * 0.25);
        w.put(name + ".weight", new SafeTensors.Tensor(new long[] {out, in, 3, 3}, k));
        if (bias) {
            float[] b = new float[out];
            for (int i = 0; i < out; i++) b[i] = (float) (rng.nextGaussian() * 0.1);
            w.put(name + ".bias", new SafeTensors.Tensor(new long[] {out}, b));
        }
    }
}
