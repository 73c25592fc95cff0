package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;

/**
 * A convolution over images (N, C, H, W) or videos (N, C, T, H, W). On video, a kernel of (1, k, k) is a
 * spatial convolution applied to every frame and (k, 1, 1) a temporal convolution applied at every pixel:
 * the factorized space-time convolutions of Lumiere's STUNet.
 */
public final class Conv extends Module {
    private final int in, out;
    private final long[] kernel, stride, padding;
    private final Parameter weight, bias;

    private Conv(int in, int out, long[] kernel, long[] stride, boolean zeroInit) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = new long[kernel.length];
        for (int i = 0; i < kernel.length; i++) padding[i] = kernel[i] / 2;
        long[] wShape = new long[kernel.length + 2];
        wShape[0] = out;
        wShape[1] = in;
        System.arraycopy(kernel, 0, wShape, 2, kernel.length);
        weight = param("weight", new Shape(wShape), zeroInit ? Init.ZERO : Init.FAN_IN);
        bias = param("bias", new Shape(out), Init.ZERO);
    }

    public static Conv image(int in, int out, int k, int stride) {
        return new Conv(in, out, new long[] {k, k}, new long[] {stride, stride}, false);
    }

    /** Image convolution initialised to zero: a new residual path that starts as identity. */
    public static Conv imageZero(int in, int out, int k) {
        return new Conv(in, out, new long[] {k, k}, new long[] {1, 1}, true);
    }

    /** Spatial (1, k, k) convolution of a video, optionally strided in space. */
    public static Conv spatial(int in, int out, int k, int spatialStride) {
        return new Conv(in, out, new long[] {1, k, k}, new long[] {1, spatialStride, spatialStride}, false);
    }

    /** Temporal (k, 1, 1) convolution of a video, initialised to zero so a new temporal path starts as identity. */
    public static Conv temporal(int in, int out, int k) {
        return new Conv(in, out, new long[] {k, 1, 1}, new long[] {1, 1, 1}, true);
    }

    public static Conv pointwise3d(int in, int out, boolean zeroInit) {
        return new Conv(in, out, new long[] {1, 1, 1}, new long[] {1, 1, 1}, zeroInit);
    }

    public static Conv spatialZero(int in, int out, int k) {
        return new Conv(in, out, new long[] {1, k, k}, new long[] {1, 1, 1}, true);
    }

    @Override
    public NDList forward(NDList inputs, boolean training) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    public NDArray apply(NDArray x) {
        Shape s = new Shape(stride), p = new Shape(padding), d = kernel.length == 2 ? new Shape(1, 1) : new Shape(1, 1, 1);
        NDArray w = v(weight);
        int missing = (CHANNEL_ALIGNMENT - in % CHANNEL_ALIGNMENT) % CHANNEL_ALIGNMENT;
        if (missing > 0) {
            // PyTorch's oneDNN convolution on the CPU pads unaligned input channels in its blocked layout and was
            // seen to read that padding uninitialised: NaN outputs that came and went with the state of memory
            // (decision 27). Explicit zero channels, in the input and the weight, give the same sum without it.
            x = x.concat(x.getManager().zeros(withChannels(x.getShape(), missing), x.getDataType()), 1);
            w = local(w.concat(x.getManager().zeros(withChannels(w.getShape(), missing), w.getDataType()), 1), x);
        }
        NDList r = kernel.length == 2
                ? Conv2d.conv2d(x, w, v(bias), s, p, d, 1)
                : Conv3d.conv3d(x, w, v(bias), s, p, d, 1);
        return r.singletonOrThrow();
    }

    /** Input channels are padded with zeros to a multiple of this (see {@link #apply}). */
    static final int CHANNEL_ALIGNMENT = 16;

    private static Shape withChannels(Shape shape, long channels) {
        long[] dims = shape.getShape().clone();
        dims[1] = channels;
        return new Shape(dims);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        long[] dims = x.getShape().clone();
        dims[1] = out;
        for (int i = 0; i < kernel.length; i++) {
            int a = i + 2;
            dims[a] = (dims[a] + 2 * padding[i] - kernel[i]) / stride[i] + 1;
        }
        return new Shape[] {new Shape(dims)};
    }

    public int inChannels() { return in; }
}
