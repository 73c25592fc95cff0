package cinegen.engine.diffusers.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.io.KeyMap;
import cinegen.engine.diffusers.io.KeyMaps;
import cinegen.engine.diffusers.io.ModelKind;
import cinegen.engine.diffusers.io.ModelScanner;
import cinegen.engine.diffusers.io.ScannedModel;
import cinegen.engine.diffusers.io.TorchCheckpointWriter;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TAESD's decoder in the files ComfyUI keeps in {@code models/vae_approx/}: the raw {@code nn.Sequential} layout of
 * madebyollin's taesd.py ({@code 1.weight}, {@code 3.conv.0.weight}, ...) as safetensors and as a PyTorch {@code .pth},
 * ComfyUI's combined {@code taesd_decoder.}/{@code taesd_encoder.} state dict, and diffusers' layout as a single file:
 * each written from the same random AutoencoderTiny folder and decoding exactly what the folder decodes.
 */
class TaesdFileLayoutsTest {
    @TempDir static Path dir;
    static Path folder;

    @BeforeAll
    static void writeFolder() throws Exception {
        folder = TaesdFixtures.writeRandom(dir.resolve("taesd-diffusers"), 11);
    }

    /** The decoder's output for fixed latents (1.5 x N(0, 1), past the clamp's knee) through the decoder at {@code path}. */
    private static float[] decode(Path path) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyAutoencoderDecoder taesd = TinyAutoencoderDecoder.load(path, m);
            java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
            float[] z = new float[2 * 4 * 3 * 5];
            for (int i = 0; i < z.length; i++) z[i] = (float) (rng.nextGaussian() * 1.5);
            NDArray image = taesd.decode(m.create(z, new Shape(2, 4, 3, 5)));
            assertEquals(new Shape(2, 3, 12, 20), image.getShape());
            return image.toFloatArray();
        }
    }

    @Test
    void rawLayoutFilesDecodeExactlyAsTheDiffusersFolder() throws Exception {
        float[] expected = decode(folder);
        boolean nonTrivial = false;
        for (float v : expected) nonTrivial |= Math.abs(v) > 1e-3;
        assertTrue(nonTrivial, "the reference decodes to something");

        Map<String, SafeTensors.Tensor> raw = TaesdFixtures.rawDecoderLayout(folder, "");
        assertTrue(raw.containsKey("1.weight") && raw.containsKey("3.conv.0.weight") && raw.containsKey("7.conv.4.bias")
                && raw.containsKey("11.bias"), raw.keySet().toString());
        assertFalse(raw.containsKey("0.weight"), "module 0 is the clamp");

        Path safetensors = dir.resolve("taesd_decoder.safetensors");
        SafeTensors.write(safetensors, raw, SafeTensors.DType.F32);
        assertArrayEquals(expected, decode(safetensors), "taesd_decoder.safetensors");

        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        raw.forEach((k, t) -> {
            shapes.put(k, t.shape());
            values.put(k, t.data());
        });
        Path pth = TorchCheckpointWriter.write(dir.resolve("taesd_decoder.pth"), shapes, values);
        assertArrayEquals(expected, decode(pth), "taesd_decoder.pth");

        // ComfyUI's state dict of both halves: the decoder under taesd_decoder., the encoder and the latent scale beside it
        Map<String, SafeTensors.Tensor> combined = new LinkedHashMap<>(TaesdFixtures.rawDecoderLayout(folder, KeyMaps.TAESD_DECODER_PREFIX));
        combined.put("taesd_encoder.0.weight", new SafeTensors.Tensor(new long[] {6, 3, 3, 3}, new float[6 * 27]));
        combined.put("vae_scale", new SafeTensors.Tensor(new long[] {1}, new float[] {1}));
        Path both = dir.resolve("taesd.safetensors");
        SafeTensors.write(both, combined, SafeTensors.DType.F32);
        assertArrayEquals(expected, decode(both), "taesd_decoder. prefix");

        // diffusers' names in one file without its config.json: the configuration read from the shapes
        Path single = dir.resolve("autoencoder_tiny.safetensors");
        Files.copy(folder.resolve("diffusion_pytorch_model.safetensors"), single);
        assertArrayEquals(expected, decode(single), "diffusers layout, no config");

        // fp16 files widen as they load: the same as the fp32 reference within half precision
        Path half = dir.resolve("taesd_decoder_fp16.safetensors");
        SafeTensors.write(half, raw, SafeTensors.DType.F16);
        float[] h = decode(half);
        double maxErr = 0, maxAbs = 0;
        for (int i = 0; i < h.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(h[i] - expected[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        }
        assertTrue(maxErr > 0 && maxErr < 0.01 * maxAbs, "fp16 differs from fp32 by rounding only: " + maxErr + " of " + maxAbs);
    }

    @Test
    void theConfigurationIsReadFromTheWeights() throws Exception {
        Path raw = dir.resolve("config-check.safetensors");
        SafeTensors.write(raw, TaesdFixtures.rawDecoderLayout(folder, ""), SafeTensors.DType.F32);
        try (NDManager m = NDManager.newBaseManager()) {
            TinyAutoencoderDecoder.Config fromJson = TinyAutoencoderDecoder.load(folder, m).config();
            TinyAutoencoderDecoder.Config fromWeights = TinyAutoencoderDecoder.load(raw, m).config();
            assertEquals(fromJson, fromWeights);
            assertEquals(new TinyAutoencoderDecoder.Config(4, 3, java.util.List.of(6, 6, 6), java.util.List.of(1, 2, 1), 2), fromWeights);
        }
    }

    @Test
    void theKeyMapShiftsTheSequentialIndexByTheClamp() {
        KeyMap map = KeyMaps.taesdDecoder("");
        assertEquals("decoder.layers.0.weight", map.toDiffusers("1.weight"));
        assertEquals("decoder.layers.2.conv.4.bias", map.toDiffusers("3.conv.4.bias"));
        assertEquals("decoder.layers.17.weight", map.toDiffusers("18.weight"));
        assertNull(map.toDiffusers("0.weight"), "the clamp has no weights");
        assertNull(map.toDiffusers("vae_scale"));
        assertEquals("12.conv.2.weight", map.toOriginal("decoder.layers.11.conv.2.weight"));
        KeyMap comfy = KeyMaps.taesdDecoder(KeyMaps.TAESD_DECODER_PREFIX);
        assertEquals("decoder.layers.0.bias", comfy.toDiffusers("taesd_decoder.1.bias"));
        assertNull(comfy.toDiffusers("taesd_encoder.1.conv.0.weight"));
        assertEquals("taesd_decoder.19.weight", comfy.toOriginal("decoder.layers.18.weight"));
        assertThrows(IllegalArgumentException.class, () -> map.toOriginal("encoder.layers.0.weight"));
    }

    @Test
    void theEncoderHalfAndOtherLayoutsAreRefusedWithASentence() throws Exception {
        // taesd_encoder.pth: conv(3, 64) at 0, then blocks; no decoder input convolution
        Map<String, SafeTensors.Tensor> encoder = new LinkedHashMap<>();
        encoder.put("0.weight", new SafeTensors.Tensor(new long[] {6, 3, 3, 3}, new float[6 * 27]));
        encoder.put("1.conv.0.weight", new SafeTensors.Tensor(new long[] {6, 6, 3, 3}, new float[6 * 54]));
        Path enc = dir.resolve("taesd_encoder.safetensors");
        SafeTensors.write(enc, encoder, SafeTensors.DType.F32);
        try (NDManager m = NDManager.newBaseManager()) {
            ModelPackException e = assertThrows(ModelPackException.class, () -> TinyAutoencoderDecoder.load(enc, m));
            assertEquals("taesd_encoder.safetensors: is the encoder half of TAESD; previews need its decoder (taesd_decoder.pth"
                    + " or taesd_decoder.safetensors)", e.getMessage());

            // a weight beyond the output convolution: not TAESD's decoder
            Map<String, SafeTensors.Tensor> extra = new LinkedHashMap<>(TaesdFixtures.rawDecoderLayout(folder, ""));
            extra.put("12.weight", new SafeTensors.Tensor(new long[] {3, 3, 3, 3}, new float[81]));
            Path other = dir.resolve("taesd_other.safetensors");
            SafeTensors.write(other, extra, SafeTensors.DType.F32);
            e = assertThrows(ModelPackException.class, () -> TinyAutoencoderDecoder.load(other, m));
            assertTrue(e.getMessage().startsWith("taesd_other.safetensors: weight 'decoder.layers.11.weight' has no place"), e.getMessage());

            // a stage's convolution missing
            Map<String, SafeTensors.Tensor> cut = new LinkedHashMap<>(TaesdFixtures.rawDecoderLayout(folder, ""));
            cut.remove("5.weight");
            Path broken = dir.resolve("taesd_cut.safetensors");
            SafeTensors.write(broken, cut, SafeTensors.DType.F32);
            e = assertThrows(ModelPackException.class, () -> TinyAutoencoderDecoder.load(broken, m));
            assertTrue(e.getMessage().startsWith("taesd_cut.safetensors: ") && e.getMessage().contains("decoder.layers.4.weight"), e.getMessage());

            e = assertThrows(ModelPackException.class, () -> TinyAutoencoderDecoder.load(dir.resolve("nowhere.pth"), m));
            assertTrue(e.getMessage().endsWith("nowhere.pth does not exist"), e.getMessage());
        }
    }

    @Test
    void theScannerListsRawFilesAsPreviewDecodersAndTheEncoderAsUnusable() throws Exception {
        Path models = dir.resolve("models");
        Files.createDirectories(models.resolve("vae_approx"));
        Map<String, SafeTensors.Tensor> raw = TaesdFixtures.rawDecoderLayout(folder, "");
        SafeTensors.write(models.resolve("vae_approx/taesd_decoder.safetensors"), raw, SafeTensors.DType.F16);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        raw.forEach((k, t) -> {
            shapes.put(k, t.shape());
            values.put(k, t.data());
        });
        TorchCheckpointWriter.write(models.resolve("vae_approx/taesd_decoder.pth"), shapes, values);
        // renamed by its owner: still recognised by its names alone
        SafeTensors.write(models.resolve("vae_approx/my_previews.safetensors"), raw, SafeTensors.DType.F32);
        Map<String, SafeTensors.Tensor> encoder = new LinkedHashMap<>();
        encoder.put("0.weight", new SafeTensors.Tensor(new long[] {6, 3, 3, 3}, new float[6 * 27]));
        encoder.put("1.conv.0.weight", new SafeTensors.Tensor(new long[] {6, 6, 3, 3}, new float[6 * 54]));
        SafeTensors.write(models.resolve("vae_approx/taesd_encoder.safetensors"), encoder, SafeTensors.DType.F32);

        Map<String, ScannedModel> byName = new LinkedHashMap<>();
        for (ScannedModel s : ModelScanner.scanFolder(models)) byName.put(s.path().getFileName().toString(), s);
        for (String n : new String[] {"taesd_decoder.safetensors", "taesd_decoder.pth", "my_previews.safetensors"}) {
            ScannedModel s = byName.get(n);
            assertEquals(ModelKind.TAESD, s.kind(), n);
            assertEquals("SD1.x", s.family(), n);
            assertTrue(s.usable(), n + ": " + s.unusableReason());
            assertTrue(s.description().startsWith("TAESD preview decoder (taesd.py layout, 4 latent channels; "), s.description());
        }
        ScannedModel enc = byName.get("taesd_encoder.safetensors");
        assertEquals(ModelKind.TAESD, enc.kind());
        assertFalse(enc.usable());
        assertTrue(enc.unusableReason().contains("encoder half of TAESD"), enc.unusableReason());

        // what the scanner lists as usable, the decoder loads
        try (NDManager m = NDManager.newBaseManager()) {
            for (ScannedModel s : byName.values()) {
                if (s.usable()) assertEquals(4, TinyAutoencoderDecoder.load(s.path(), m).config().latentChannels());
            }
        }
    }
}
