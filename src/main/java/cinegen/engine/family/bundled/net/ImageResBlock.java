package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Residual block on images (N, C, H, W): norm, SiLU, 3x3 conv, twice, plus the input. A block made with
 * {@link #identityAtStart} has its last convolution zero-initialised, so it passes its input through unchanged
 * until trained: a decoder can grow by such blocks without changing what it computes.
 */
public final class ImageResBlock extends Module {
    private final GroupNorm n1, n2;
    private final Conv c1, c2;

    public ImageResBlock(int channels) { this(channels, false); }

    public static ImageResBlock identityAtStart(int channels) { return new ImageResBlock(channels, true); }

    private ImageResBlock(int channels, boolean zeroOutput) {
        n1 = child("n1", new GroupNorm(channels, ResBlock.groups(channels)));
        c1 = child("c1", Conv.image(channels, channels, 3, 1));
        n2 = child("n2", new GroupNorm(channels, ResBlock.groups(channels)));
        c2 = child("c2", zeroOutput ? Conv.imageZero(channels, channels, 3) : Conv.image(channels, channels, 3, 1));
    }

    public NDArray apply(NDArray x) {
        return x.add(c2.apply(silu(n2.apply(c1.apply(silu(n1.apply(x)))))));
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }
}
