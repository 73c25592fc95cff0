package cinegen.engine.pipeline;

import java.util.Arrays;

/** Latents as plain floats with their shape, (1, C, T, h, w) in diffusers' layout: initial noise in, final latents out. */
public record Latents(long[] shape, float[] values) {
    public Latents {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        if (n != values.length) throw new IllegalArgumentException("latents of shape " + Arrays.toString(shape) + " need " + n + " values, got " + values.length);
    }
}
