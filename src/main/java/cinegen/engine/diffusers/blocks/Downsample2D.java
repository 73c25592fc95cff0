package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

/**
 * diffusers' Downsample2D with a convolution: a 3x3 convolution of stride 2. With padding 0 (the autoencoder's
 * encoder) the input is first padded by one zero row and column at the bottom and right, as diffusers does.
 */
public final class Downsample2D {
    private final Params p;
    private final int padding;

    public Downsample2D(Params p, int padding) {
        this.p = p;
        this.padding = padding;
    }

    public NDArray forward(NDArray x) {
        if (padding == 0) {
            Shape s = x.getShape();
            x = x.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2), 1), x.getDataType()), 3);
            x = x.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), 1, s.get(3) + 1), x.getDataType()), 2);
        }
        return Ops.conv2d(p, "conv", x, 2, padding);
    }
}
