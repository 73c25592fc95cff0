package cinegen.engine.diffusers.vae;

import cinegen.engine.diffusers.Fixtures;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Params;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline helpers (scaling, chunks, video layout, tiles), loading, and the refusals of AutoencoderKL. */
class AutoencoderKLHelpersTest {
    private static Fixtures fx;

    @BeforeAll
    static void fixture() throws Exception { fx = new Fixtures("vae"); }

    @Test
    void animateDiffPipelineVaeDecodesTheRecordedVideo() throws Exception {
        Fixtures pipe = new Fixtures("pipeline_animatediff");
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL vae = AutoencoderKL.load(pipe.folder.resolve("vae"), m);
            assertEquals(List.of(8, 16), vae.config().blockOutChannels());
            for (String c : List.of("cfg_7.5", "no_cfg_1.0")) {
                try (NDManager step = m.newSubManager()) {
                    // the final latents of the run (B, C, F, h, w) and the video the pipeline decoded from them
                    var t = pipe.tensor(pipe.testCase(c).get("outputs").get("latents.3").asText());
                    NDArray last = step.create(t.data(), new Shape(t.shape()));
                    // AnimateDiff decodes frame by frame; chunks of 3 leave a remainder of 2 of the 8 frames
                    pipe.check(c, "decoded_video", vae.decodeVideoScaled(last, 1, null));
                    pipe.check(c, "decoded_video", vae.decodeVideoScaled(last, 3, null));
                }
            }
        }
    }

    @Test
    void encodeScaledIsTheMeanOrASampleTimesTheScalingFactor() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL vae = AutoencoderKL.load(fx.folder, m);
            NDArray x = fx.input(m, "encode", "x");
            float sf = vae.config().scalingFactor();
            assertEquals(0.18215f, sf);
            NDArray mean = m.create(fx.tensor("encode.out.latent_dist_mean").data(), new Shape(2, 4, 16, 16));
            NDArray std = m.create(fx.tensor("encode.out.latent_dist_std").data(), new Shape(2, 4, 16, 16));
            double err = Fixtures.maxAbsDiff(vae.encodeScaled(x, 1, null).toFloatArray(), mean.mul(sf).toFloatArray());
            assertTrue(err <= 1e-5 * sf, "mean * scaling_factor, error " + err);
            NDArray noise = m.randomNormal(new Shape(2, 4, 16, 16));
            NDArray expected = mean.add(std.mul(noise)).mul(sf);
            err = Fixtures.maxAbsDiff(vae.encodeScaled(x, 1, noise).toFloatArray(), expected.toFloatArray());
            assertTrue(err <= 2e-5 * sf * 4, "sample * scaling_factor, error " + err);
            // the video form folds frames frame-major and gives the same latents
            NDArray video = x.expandDims(2); // (2, 3, 1, 32, 32): two videos of one frame
            NDArray lv = vae.encodeVideoScaled(video, 2, null);
            assertEquals(new Shape(2, 4, 1, 16, 16), lv.getShape());
            assertTrue(Fixtures.maxAbsDiff(lv.toFloatArray(), mean.mul(sf).toFloatArray()) <= 1e-5 * sf);
        }
    }

    @Test
    void shiftAndLatentStatisticsAreInvertedByDecodeScaled() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL plain = AutoencoderKL.load(fx.folder, m);
            AutoencoderKLConfig c = plain.config();
            AutoencoderKLConfig shifted = withStats(c, 0.5f, null, null);
            AutoencoderKLConfig stats = withStats(c, 0f, new float[] {0.1f, -0.2f, 0.3f, 0f}, new float[] {1f, 2f, 0.5f, 4f});
            NDArray z = m.randomNormal(new Shape(1, 4, 3, 5));
            AutoencoderKL a = new AutoencoderKL(shifted, plain.params());
            assertArrayEquals(z.sub(0.5f).mul(c.scalingFactor()).toFloatArray(), a.toScaled(z).toFloatArray(), 1e-6f);
            assertArrayEquals(z.toFloatArray(), a.fromScaled(a.toScaled(z)).toFloatArray(), 1e-5f);
            AutoencoderKL b = new AutoencoderKL(stats, plain.params());
            NDArray s = b.toScaled(z);
            // channel 3: mean 0, std 4
            float z3 = z.getFloat(0, 3, 1, 2);
            assertEquals(z3 * c.scalingFactor() / 4f, s.getFloat(0, 3, 1, 2), 1e-6f);
            assertArrayEquals(z.toFloatArray(), b.fromScaled(s).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void tiledDecodeIsDiffusersTiledDecode() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL vae = AutoencoderKL.load(fx.folder, m);
            NDArray z = fx.input(m, "decode", "z"); // 16 x 16 latents, 32 x 32 images
            // 16-pixel tiles: 8 latents, one every 6, blended over 4 pixels, 3 x 3 tiles with a short last row/column;
            // 24-pixel tiles: 12 latents, one every 9, blended over 6 pixels, 2 x 2 tiles
            for (int tile : new int[] {16, 24}) {
                float[] expected = referenceTiledDecode(vae, z, tile, 0.25);
                float[] actual = vae.decode(z, new AutoencoderKL.Tiling(tile, 0.25)).toFloatArray();
                double err = Fixtures.maxAbsDiff(actual, expected);
                System.out.printf("tiled decode, %d-pixel tiles: max error %.3g against the loop reference%n", tile, err);
                assertTrue(err < 1e-5, tile + "-pixel tiles: max error " + err + " against the loop reference");
            }
        }
    }

    @Test
    void tiledDecodeStaysCloseToTheWholeDecode() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL vae = AutoencoderKL.load(fx.folder, m);
            NDArray z = fx.input(m, "decode", "z");
            float[] whole = vae.decode(z).toFloatArray();
            // a tile as large as the image is not tiled at all: the same numbers
            assertArrayEquals(whole, vae.decode(z, new AutoencoderKL.Tiling(32, 0.25)).toFloatArray(), 0f);
            double spread = 0;
            for (float v : whole) spread += v * v;
            spread = Math.sqrt(spread / whole.length);
            for (int tile : new int[] {16, 24}) {
                NDArray tiled = vae.decode(z, new AutoencoderKL.Tiling(tile, 0.25));
                assertEquals(new Shape(2, 3, 32, 32), tiled.getShape());
                float[] t = tiled.toFloatArray();
                double max = Fixtures.maxAbsDiff(t, whole), mean = 0;
                for (int i = 0; i < t.length; i++) mean += Math.abs(t[i] - whole[i]);
                mean /= t.length;
                System.out.printf("tiled decode, %d-pixel tiles: max |tiled - whole| %.3f, mean %.3f (rms of the image %.3f)%n",
                        tile, max, mean, spread);
                // Each tile's group norms and mid-block attention see only the tile, so on this random tiny model
                // (8-12 latent tiles of a 16 x 16 latent) tiles differ visibly. Measured: 16-pixel tiles max 1.80, mean 0.219;
                // 24-pixel tiles max 1.13, mean 0.129 (image rms 0.388). Bounds about 1.3 x those.
                assertTrue(max > 0);
                double maxBound = tile == 16 ? 2.3 : 1.5, meanBound = tile == 16 ? 0.29 : 0.17;
                assertTrue(mean < meanBound && max < maxBound, "tiled decode drifted: max " + max + ", mean " + mean);
            }
            // the chunked pipeline helper tiles the same way
            NDArray viaScaled = vae.decodeScaled(z.mul(vae.config().scalingFactor()), 1, new AutoencoderKL.Tiling(16, 0.25));
            assertTrue(Fixtures.maxAbsDiff(viaScaled.toFloatArray(),
                    vae.decode(z, new AutoencoderKL.Tiling(16, 0.25)).toFloatArray()) < 1e-5);
        }
    }

    /** diffusers' tiled_decode written as its loops (in-place blends over float arrays); tiles decoded whole. */
    private static float[] referenceTiledDecode(AutoencoderKL vae, NDArray z, int sampleTile, double overlapFactor) {
        int latentTile = sampleTile / vae.config().downscale();
        int overlap = (int) (latentTile * (1 - overlapFactor));
        int blendExtent = (int) (sampleTile * overlapFactor);
        int rowLimit = sampleTile - blendExtent;
        int n = (int) z.getShape().get(0), lh = (int) z.getShape().get(2), lw = (int) z.getShape().get(3);
        java.util.List<java.util.List<Tile>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < lh; i += overlap) {
            java.util.List<Tile> row = new java.util.ArrayList<>();
            for (int j = 0; j < lw; j += overlap) {
                NDArray d = vae.decode(z.get(":, :, {}:{}, {}:{}", i, Math.min(lh, i + latentTile), j, Math.min(lw, j + latentTile)));
                row.add(new Tile(d.toFloatArray(), (int) d.getShape().get(1), (int) d.getShape().get(2), (int) d.getShape().get(3)));
            }
            rows.add(row);
        }
        int c = rows.get(0).get(0).c;
        int outH = 0, outW = 0;
        for (var row : rows) outH += Math.min(rowLimit, row.get(0).h);
        for (Tile t : rows.get(0)) outW += Math.min(rowLimit, t.w);
        float[] out = new float[n * c * outH * outW];
        int y0 = 0;
        for (int i = 0; i < rows.size(); i++) {
            int x0 = 0;
            var row = rows.get(i);
            for (int j = 0; j < row.size(); j++) {
                Tile b = row.get(j);
                if (i > 0) {
                    Tile a = rows.get(i - 1).get(j);
                    int e = Math.min(Math.min(a.h, b.h), blendExtent);
                    for (int y = 0; y < e; y++) {
                        float wa = (float) (1 - (double) y / e), wb = (float) ((double) y / e);
                        for (int k = 0; k < n * c; k++) for (int x = 0; x < b.w; x++) {
                            b.set(k, y, x, a.at(k, a.h - e + y, x) * wa + b.at(k, y, x) * wb);
                        }
                    }
                }
                if (j > 0) {
                    Tile a = row.get(j - 1);
                    int e = Math.min(Math.min(a.w, b.w), blendExtent);
                    for (int x = 0; x < e; x++) {
                        float wa = (float) (1 - (double) x / e), wb = (float) ((double) x / e);
                        for (int k = 0; k < n * c; k++) for (int y = 0; y < b.h; y++) {
                            b.set(k, y, x, a.at(k, y, a.w - e + x) * wa + b.at(k, y, x) * wb);
                        }
                    }
                }
                int hh = Math.min(rowLimit, b.h), ww = Math.min(rowLimit, b.w);
                for (int k = 0; k < n * c; k++) for (int y = 0; y < hh; y++) for (int x = 0; x < ww; x++) {
                    out[(k * outH + y0 + y) * outW + x0 + x] = b.at(k, y, x);
                }
                x0 += ww;
            }
            y0 += Math.min(rowLimit, row.get(0).h);
        }
        return out;
    }

    private record Tile(float[] v, int c, int h, int w) {
        float at(int k, int y, int x) { return v[(k * h + y) * w + x]; }
        void set(int k, int y, int x, float value) { v[(k * h + y) * w + x] = value; }
    }

    @Test
    void weightsUnderTheDeprecatedAttentionNamesAreAdopted() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Params original = AutoencoderKL.load(fx.folder, m).params();
            Params legacy = Params.on(m);
            for (String k : original.keys()) {
                String renamed = k.replace(".to_q.", ".query.").replace(".to_k.", ".key.")
                        .replace(".to_v.", ".value.").replace(".to_out.0.", ".proj_attn.");
                NDArray w = original.get(k);
                // the oldest files hold them as 1x1 convolutions
                if (!renamed.equals(k) && k.endsWith("weight")) w = w.reshape(w.getShape().get(0), w.getShape().get(1), 1, 1);
                legacy.put(renamed, w);
            }
            assertFalse(legacy.has("decoder.mid_block.attentions.0.to_q.weight"));
            AutoencoderKL vae = new AutoencoderKL(AutoencoderKLConfig.read(fx.folder.resolve("config.json")), legacy);
            fx.check("decode", "sample", vae.decode(fx.input(m, "decode", "z")));
        }
    }

    @Test
    void configDefaultsAndRefusals() throws Exception {
        ObjectMapper json = new ObjectMapper();
        AutoencoderKLConfig d = AutoencoderKLConfig.parse(json.readTree("{}"), "config.json");
        assertEquals(List.of(64), d.blockOutChannels());
        assertEquals(1, d.layersPerBlock());
        assertEquals(32, d.normNumGroups());
        assertEquals(4, d.latentChannels());
        assertEquals(0.18215f, d.scalingFactor());
        assertEquals(0f, d.shiftFactor());
        assertNull(d.latentsMean());
        assertTrue(d.useQuantConv() && d.usePostQuantConv() && d.midBlockAddAttention() && d.forceUpcast());

        AutoencoderKLConfig fixture = AutoencoderKLConfig.read(fx.folder.resolve("config.json"));
        assertEquals(List.of(32, 64), fixture.blockOutChannels());
        assertEquals(2, fixture.downscale());

        ObjectNode attn = (ObjectNode) json.readTree(fx.folder.resolve("config.json").toFile());
        attn.putArray("down_block_types").add("DownEncoderBlock2D").add("AttnDownEncoderBlock2D");
        ModelPackException e = assertThrows(ModelPackException.class, () -> AutoencoderKLConfig.parse(attn, "vae/config.json"));
        assertTrue(e.getMessage().contains("vae/config.json") && e.getMessage().contains("down_block_types[1]")
                && e.getMessage().contains("AttnDownEncoderBlock2D"), e.getMessage());

        ObjectNode badType = (ObjectNode) json.readTree("{\"layers_per_block\": \"two\"}");
        e = assertThrows(ModelPackException.class, () -> AutoencoderKLConfig.parse(badType, "config.json"));
        assertTrue(e.getMessage().contains("layers_per_block"), e.getMessage());

        ObjectNode tiny = (ObjectNode) json.readTree("{\"_class_name\": \"AutoencoderTiny\"}");
        e = assertThrows(ModelPackException.class, () -> AutoencoderKLConfig.parse(tiny, "config.json"));
        assertTrue(e.getMessage().contains("AutoencoderTiny"), e.getMessage());

        e = assertThrows(ModelPackException.class, () -> AutoencoderKLConfig.read(Path.of("no/such/config.json")));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void missingOrMisshapenWeightsAreNamed() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL vae = AutoencoderKL.load(fx.folder, m);
            Params missing = Params.on(m);
            for (String k : vae.params().keys()) {
                if (!k.equals("decoder.up_blocks.1.resnets.1.conv2.bias")) missing.put(k, vae.params().get(k));
            }
            ModelPackException e = assertThrows(ModelPackException.class, () -> new AutoencoderKL(vae.config(), missing));
            assertTrue(e.getMessage().contains("decoder.up_blocks.1.resnets.1.conv2.bias") && e.getMessage().contains("missing"), e.getMessage());

            Params wrong = Params.on(m);
            for (String k : vae.params().keys()) wrong.put(k, vae.params().get(k));
            wrong.put("quant_conv.weight", m.zeros(new Shape(8, 8, 3, 3)));
            e = assertThrows(ModelPackException.class, () -> new AutoencoderKL(vae.config(), wrong));
            assertTrue(e.getMessage().contains("quant_conv.weight") && e.getMessage().contains("(8, 8, 1, 1)"), e.getMessage());

            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> vae.decode(m.zeros(new Shape(1, 3, 4, 4))));
            assertTrue(bad.getMessage().contains("(N, 4, H, W)"), bad.getMessage());
        }
    }

    private static AutoencoderKLConfig withStats(AutoencoderKLConfig c, float shift, float[] mean, float[] std) {
        return new AutoencoderKLConfig(c.inChannels(), c.outChannels(), c.downBlockTypes(), c.upBlockTypes(),
                c.blockOutChannels(), c.layersPerBlock(), c.actFn(), c.latentChannels(), c.normNumGroups(), c.sampleSize(),
                c.scalingFactor(), shift, mean, std, c.useQuantConv(), c.usePostQuantConv(), c.midBlockAddAttention(),
                c.forceUpcast());
    }
}
