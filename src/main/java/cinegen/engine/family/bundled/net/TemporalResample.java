package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Learned temporal resampling of a video (B, C, T, H, W) by a factor of 2, initialised to the fixed resampling
 * it replaces (Lumiere learns its temporal down- and up-sampling, initialised as simple resampling).
 *
 * <p>Fixed resampling makes the coarsest level's frames piecewise constant: pairs averaged on the way down, frames
 * repeated on the way up, so a decision taken there (is the object here yet?) switches on at block boundaries.
 * This module adds a per-channel blend toward smooth resampling: {@code down = pair mean + g * (blur - pair mean)}
 * with the anti-aliasing kernel [1, 3, 3, 1] / 8, and {@code up = repeat + g * (linear - repeat)} with linear
 * interpolation (0.75, 0.25). The gate g starts at zero, so a network grown with it computes exactly what it
 * computed before and training decides, channel by channel, how smooth to be. The gate is stored divided by
 * {@link #GATE_SCALE} so that Adam, whose steps are about the learning rate in size, can open it fully within a
 * few thousand steps of fine-tuning.
 */
public final class TemporalResample extends Module {
    static final float GATE_SCALE = 4f;
    private final int channels;
    private final boolean down;
    private final Parameter gate;

    private TemporalResample(int channels, boolean down) {
        this.channels = channels;
        this.down = down;
        gate = param("gate", new Shape(channels), Init.ZERO);
    }

    public static TemporalResample down(int channels) { return new TemporalResample(channels, true); }
    public static TemporalResample up(int channels) { return new TemporalResample(channels, false); }

    public NDArray apply(NDArray x) {
        NDArray g = local(v(gate).reshape(1, channels, 1, 1, 1), x).mul(GATE_SCALE);
        return down ? downsample(x, g) : upsample(x, g);
    }

    /** Pair mean plus g times the difference to the [1, 3, 3, 1] / 8 blur (edges replicated): T -> T / 2. */
    static NDArray downsample(NDArray x, NDArray g) {
        Shape s = x.getShape();
        long t = s.get(2);
        NDArray pairs = x.reshape(s.get(0), s.get(1), t / 2, 2, s.get(3), s.get(4));
        NDArray even = pairs.get(new NDIndex(":, :, :, 0")), odd = pairs.get(new NDIndex(":, :, :, 1"));
        NDArray mean = even.add(odd).mul(0.5f);
        // blur - mean = (x[2i-1] - x[2i] - x[2i+1] + x[2i+2]) / 8
        NDArray before = x.get(new NDIndex(":, :, 0:1")).concat(odd.get(new NDIndex(":, :, 0:{}", t / 2 - 1)), 2);
        NDArray after = even.get(new NDIndex(":, :, 1:")).concat(x.get(new NDIndex(":, :, {}:", t - 1)), 2);
        NDArray toBlur = before.sub(even).sub(odd).add(after).mul(0.125f);
        return mean.add(toBlur.mul(g));
    }

    /** Repetition plus g times the difference to linear interpolation (edges replicated): T -> 2T. */
    static NDArray upsample(NDArray x, NDArray g) {
        Shape s = x.getShape();
        long t = s.get(2);
        NDArray previous = x.get(new NDIndex(":, :, 0:1")).concat(x.get(new NDIndex(":, :, 0:{}", t - 1)), 2);
        NDArray next = x.get(new NDIndex(":, :, 1:")).concat(x.get(new NDIndex(":, :, {}:", t - 1)), 2);
        NDArray even = x.add(previous.sub(x).mul(g.mul(0.25f)));
        NDArray odd = x.add(next.sub(x).mul(g.mul(0.25f)));
        return even.expandDims(3).concat(odd.expandDims(3), 3).reshape(s.get(0), s.get(1), 2 * t, s.get(3), s.get(4));
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] d = inputShapes[0].getShape().clone();
        d[2] = down ? d[2] / 2 : d[2] * 2;
        return new Shape[] {new Shape(d)};
    }
}
