package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

/** diffusers' Upsample2D: nearest-neighbour doubling of height and width (or to a given size), then a 3x3 convolution. */
public final class Upsample2D {
    private final Params p;

    public Upsample2D(Params p) { this.p = p; }

    public NDArray forward(NDArray x) { return Ops.conv2d(p, "conv", nearest2x(x), 1, 1); }

    /** Up-sampled to exactly (height, width) (diffusers' upsample_size, used when a skip has an odd size). */
    public NDArray forward(NDArray x, long height, long width) {
        return Ops.conv2d(p, "conv", nearest(x, height, width), 1, 1);
    }

    /** Each pixel repeated into a 2x2 square: (N, C, H, W) to (N, C, 2H, 2W). */
    public static NDArray nearest2x(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        return x.reshape(n, c, h, 1, w, 1).broadcast(new Shape(n, c, h, 2, w, 2)).reshape(n, c, 2 * h, 2 * w);
    }

    /** torch's F.interpolate(mode="nearest", size=(height, width)): source index floor(dst * in / out) in float. */
    public static NDArray nearest(NDArray x, long height, long width) {
        Shape s = x.getShape();
        if (height == 2 * s.get(2) && width == 2 * s.get(3)) return nearest2x(x);
        NDArray rows = sourceIndices(x, s.get(2), height), cols = sourceIndices(x, s.get(3), width);
        return x.get(new NDIndex(":, :, {}", rows)).get(new NDIndex(":, :, :, {}", cols));
    }

    private static NDArray sourceIndices(NDArray like, long in, long out) {
        long[] index = new long[(int) out];
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            index[i] = out == in ? i : out == 2 * in ? i >> 1 : Math.min((long) Math.floor(i * scale), in - 1);
        }
        return like.getManager().create(index);
    }
}
