package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

/** diffusers' Upsample2D: nearest-neighbour doubling of height and width (or to a given size), then a 3x3 convolution. */
public final class Upsample2D {
    private final Params p;

    public Upsample2D(Params p) { this.p = p; }

    public NDArray forward(NDArray x) { return Ops.conv2d(p, "conv", nearest2x(x), 1, 1); }

    /** Each pixel repeated into a 2x2 square: (N, C, H, W) to (N, C, 2H, 2W). */
    public static NDArray nearest2x(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        return x.reshape(n, c, h, 1, w, 1).broadcast(new Shape(n, c, h, 2, w, 2)).reshape(n, c, 2 * h, 2 * w);
    }
}
