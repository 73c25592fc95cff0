package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * Seeded Gaussian noise made in Java, not by the tensor engine: the same seed gives bit-identical noise on any
 * machine and thread count, which makes generations reproducible. Video noise (B, C, T, H, W) can share part of its
 * value across frames (the schedule's frame correlation), as the model was trained.
 */
public final class NoiseSource {
    private final SplittableRandom rng;
    private final double frameCorrelation;

    public NoiseSource(long seed) { this(seed, 0); }

    /** @param frameCorrelation correlation between frames of the video noise that {@link #next} makes, in [0, 1) */
    public NoiseSource(long seed, double frameCorrelation) {
        this.rng = new SplittableRandom(seed);
        this.frameCorrelation = frameCorrelation;
    }

    public NDArray next(NDManager manager, Shape shape) {
        float[] values = floats(Math.toIntExact(shape.size()));
        if (frameCorrelation > 0 && shape.dimension() == 5) {
            correlateFrames(values, Math.toIntExact(shape.get(0) * shape.get(1)), Math.toIntExact(shape.get(2)),
                    Math.toIntExact(shape.get(3) * shape.get(4)), frameCorrelation, rng);
        }
        return manager.create(values, shape);
    }

    /**
     * Mixes i.i.d. noise laid out as (series, frames, plane) in place into sqrt(rho) * shared + sqrt(1 - rho) * own,
     * with one shared draw per series and plane position: unit variance, correlation rho between any two frames.
     */
    public static void correlateFrames(float[] noise, int series, int frames, int plane, double rho, SplittableRandom rng) {
        if (rho <= 0) return;
        float[] shared = new float[series * plane];
        fill(rng, shared);
        float a = (float) Math.sqrt(rho), b = (float) Math.sqrt(1 - rho);
        for (int s = 0; s < series; s++) {
            for (int f = 0; f < frames; f++) {
                int base = (s * frames + f) * plane;
                for (int p = 0; p < plane; p++) noise[base + p] = a * shared[s * plane + p] + b * noise[base + p];
            }
        }
    }

    public float[] floats(int n) {
        float[] out = new float[n];
        fill(rng, out);
        return out;
    }

    /** Fills {@code out} with standard normal values (Box-Muller, two per draw pair). */
    public static void fill(SplittableRandom rng, float[] out) {
        for (int i = 0; i < out.length; i += 2) {
            double u1 = rng.nextDouble(), u2 = rng.nextDouble();
            double r = Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300)));
            out[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < out.length) out[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
        }
    }

    /** One standard normal value. */
    public static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
    }
}
