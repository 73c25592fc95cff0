package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * Seeded Gaussian noise made in Java, not by the tensor engine: the same seed gives bit-identical noise on any
 * machine and thread count, which makes generations reproducible.
 */
public final class NoiseSource {
    private final SplittableRandom rng;

    public NoiseSource(long seed) { this.rng = new SplittableRandom(seed); }

    public NDArray next(NDManager manager, Shape shape) {
        return manager.create(floats(Math.toIntExact(shape.size())), shape);
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
