package cinegen.engine.condition;

import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.frames.Pixels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C and M for each mode, exactly as the product defines them (Lumiere 4.2). */
class ConditioningTest {
    static final int W = 8, H = 8, T = 4;
    static final int BLACK = 0xff000000;

    static FrameSequence image(int colour) {
        int[] px = new int[W * H];
        Arrays.fill(px, colour);
        return FrameSequence.single(W, H, px);
    }

    /** White (1) on the left half: the region to regenerate or animate. */
    static Mask leftHalf() {
        float[] v = new float[W * H];
        for (int y = 0; y < H; y++) for (int x = 0; x < W / 2; x++) v[y * W + x] = 1f;
        return new Mask(W, H, v);
    }

    static void assertAll(float[] values, float expected) {
        for (float v : values) assertEquals(expected, v, 1e-6);
    }

    @Test
    void textToVideoHasEmptyConditioningAndNothingKept() {
        ConditionPlan p = Conditioning.plan(GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).frames(T).build(), W, H, T);
        assertEquals(T, p.frames());
        for (int f = 0; f < T; f++) {
            assertAll(p.keep().get(f), 0f);
            for (int px : p.conditionFrames().get(f)) assertEquals(BLACK, px);
        }
        assertFalse(p.keepsAnything());
    }

    @Test
    void imageToVideoKeepsTheImageAsFrameOneOnly() {
        int red = Pixels.argb(200, 10, 10);
        ConditionPlan p = Conditioning.plan(GenerationRequest.builder().mode(GenerationMode.IMAGE_TO_VIDEO).image(image(red)).frames(T).build(), W, H, T);
        assertAll(p.keep().get(0), 1f);
        for (int px : p.conditionFrames().get(0)) assertEquals(red, px);
        for (int f = 1; f < T; f++) {
            assertAll(p.keep().get(f), 0f);
            for (int px : p.conditionFrames().get(f)) assertEquals(BLACK, px);
        }
    }

    @Test
    void inpaintingKeepsTheVideoOutsideThePaintedRegionFrameByFrame() {
        FrameSequence video = new FrameSequence(W, H, 8, List.of(image(0xff112233).frame(0), image(0xff445566).frame(0)));
        Mask all = Mask.filled(W, H, 1f);
        GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.INPAINT).video(video).masks(List.of(leftHalf(), all)).frames(T).build();
        ConditionPlan p = Conditioning.plan(r, W, H, T);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) assertEquals(x < W / 2 ? 0f : 1f, p.keep().get(0)[y * W + x], "frame 1 keeps the right half");
        }
        for (int f = 1; f < T; f++) assertAll(p.keep().get(f), 0f); // the second mask (repeated) regenerates everything
        assertEquals(0xff112233, p.conditionFrames().get(0)[0]);
        assertEquals(0xff445566, p.conditionFrames().get(1)[0]);
        assertEquals(0xff445566, p.conditionFrames().get(3)[0], "a short video repeats its last frame");
    }

    @Test
    void cinemagraphKeepsFrameOneWholeAndOnlyTheRegionMovesAfter() {
        int blue = Pixels.argb(10, 10, 200);
        GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.CINEMAGRAPH).image(image(blue)).mask(leftHalf()).frames(T).build();
        ConditionPlan p = Conditioning.plan(r, W, H, T);
        assertAll(p.keep().get(0), 1f);
        for (int f = 0; f < T; f++) {
            for (int px : p.conditionFrames().get(f)) assertEquals(blue, px, "C is the image on every frame");
        }
        for (int f = 1; f < T; f++) {
            for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) assertEquals(x < W / 2 ? 0f : 1f, p.keep().get(f)[y * W + x]);
        }
    }

    @Test
    void masksOfAnySizeAreResizedByAreaAveraging() {
        // A 16x16 mask whose left 4 columns are white: on an 8x8 grid, columns 0-1 are fully painted.
        float[] v = new float[16 * 16];
        for (int y = 0; y < 16; y++) for (int x = 0; x < 3; x++) v[y * 16 + x] = 1f;
        GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.CINEMAGRAPH).image(image(BLACK)).mask(new Mask(16, 16, v)).frames(2).build();
        float[] keep = Conditioning.plan(r, W, H, 2).keep().get(1);
        assertEquals(0f, keep[0], 1e-6);
        assertEquals(0.5f, keep[1], 1e-6, "half of the cell is painted");
        assertEquals(1f, keep[2], 1e-6);
        float[] latent = Conditioning.toLatentGrid(keep, W, H, 4, 4);
        assertEquals((0f + 0.5f) / 2, latent[0], 1e-6);
    }

    @Test
    void featheringSoftensOnlyTheKeptSideOfTheEdge() {
        float[] keep = new float[W * H];
        for (int y = 0; y < H; y++) for (int x = W / 2; x < W; x++) keep[y * W + x] = 1f;
        float[] f = Conditioning.featheredKeep(keep, W, H, 1);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W / 2; x++) assertEquals(0f, f[y * W + x], "generated pixels stay fully generated");
            assertTrue(f[y * W + W / 2] > 0f && f[y * W + W / 2] < 1f, "the band lies on the kept side");
            for (int x = W / 2 + 1; x < W; x++) assertEquals(1f, f[y * W + x], "beyond the band pixels are exact copies");
        }
        assertArrayEquals(keep, Conditioning.featheredKeep(keep, W, H, 0));
    }
}
