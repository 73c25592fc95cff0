package cinegen.engine.diffusers.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.preview.LatentPreview;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatentRgbPreviewTest {
    /** The colour the SD 1.x factors give a latent pixel, computed here from the factors' definition. */
    private static int expectedSd15(float[] z) {
        int argb = 0xff000000;
        for (int k = 0; k < 3; k++) {
            double v = 0;
            for (int c = 0; c < 4; c++) v += LatentRgbPreview.SD15_LATENT_RGB_FACTORS[c][k] * z[c];
            int byteValue = (int) Math.max(0, Math.min(255, Math.round((v + 1) * 127.5)));
            argb |= byteValue << (8 * (2 - k));
        }
        return argb;
    }

    @Test
    void sd15FactorsMapEachLatentPixelAndEnlargeIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            int frames = 3, h = 2, w = 3, up = 4;
            NDArray latents = m.randomNormal(new Shape(frames, 4, h, w)); // frames in the batch
            LatentRgbPreview preview = LatentRgbPreview.sd15(up);
            List<int[]> out = preview.frames(latents);
            assertEquals(frames, out.size());
            float[] all = latents.toFloatArray();
            for (int f = 0; f < frames; f++) {
                assertEquals(h * up * w * up, out.get(f).length);
                for (int y = 0; y < h * up; y++) {
                    for (int x = 0; x < w * up; x++) {
                        float[] z = new float[4];
                        for (int c = 0; c < 4; c++) z[c] = all[((f * 4 + c) * h + y / up) * w + x / up];
                        assertEquals(expectedSd15(z), out.get(f)[y * w * up + x], "frame " + f + " at " + x + "," + y);
                    }
                }
            }
            // the same latents as one video (1, C, F, h, w) give the same frames
            List<int[]> video = preview.frames(latents.transpose(1, 0, 2, 3).expandDims(0));
            for (int f = 0; f < frames; f++) assertArrayEquals(out.get(f), video.get(f));
            // two videos give their frames video by video
            NDArray two = latents.transpose(1, 0, 2, 3).expandDims(0).repeat(0, 2);
            assertEquals(2 * frames, preview.frames(two).size());
            assertArrayEquals(out.get(2), preview.frames(two).get(frames + 2));
        }
    }

    @Test
    void anotherFamilyBringsItsOwnFactorsAndBias() {
        float[][] factors = new float[16][3];
        factors[5] = new float[] {1, 0, 0};
        factors[9] = new float[] {0, 0, -1};
        LatentRgbPreview preview = new LatentRgbPreview(factors, new float[] {0, 1, 0}, 1);
        float[] latent = new float[16]; // one frame of 16 x 1 x 1
        latent[5] = 1;
        latent[9] = 1;
        int px = preview.frames(latent, LatentPreview.Layout.FRAMES_FIRST, 16, 1, 1, 1).get(0)[0];
        assertEquals(0xffff_ff00, px); // R from channel 5, G from the bias, B pushed to -1
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LatentRgbPreview.sd15(1).frames(new float[16], LatentPreview.Layout.FRAMES_FIRST, 16, 1, 1, 1));
        assertTrue(e.getMessage().contains("4 latent channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LatentRgbPreview(new float[][] {{1, 2}}, null, 1));
    }

    @Test
    void sixteenSdFramesCostAFewMilliseconds() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray latents = m.randomNormal(new Shape(1, 4, 16, 64, 64)); // 16 frames at 512 x 512
            LatentRgbPreview preview = LatentRgbPreview.sd15(2);
            for (int i = 0; i < 5; i++) preview.frames(latents); // warm up
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                List<int[]> frames = preview.frames(latents);
                best = Math.min(best, System.nanoTime() - t0);
                assertEquals(16, frames.size());
                assertEquals(128 * 128, frames.get(0).length);
            }
            System.out.printf("latent RGB preview of 16 frames of 4 x 64 x 64 to 128 x 128: %.2f ms%n", best / 1e6);
            // a denoising step of SD 1.5 over 16 frames at 512 x 512 takes many seconds on a CPU: 2 % of that is far above this
            assertTrue(best < 100_000_000L, "preview took " + best / 1e6 + " ms");
        }
    }
}
