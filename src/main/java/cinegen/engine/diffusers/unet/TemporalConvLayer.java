package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

/**
 * diffusers' TemporalConvLayer (ModelScope): four stages of group norm, SiLU and a convolution over frames only
 * (kernel (3, 1, 1)), the input added back. Computed as a 2D convolution over (frames, pixels).
 */
final class TemporalConvLayer implements FrameLayer {
    private static final float NORM_EPS = 1e-5f;
    /** Norm and convolution of each stage, as nn.Sequential names them (dropout sits at index 2 after the first). */
    private static final String[][] STAGES = {{"conv1.0", "conv1.2"}, {"conv2.0", "conv2.3"}, {"conv3.0", "conv3.3"}, {"conv4.0", "conv4.3"}};
    private final Params p;
    private final int groups;

    TemporalConvLayer(Params p, int groups) {
        this.p = p;
        this.groups = groups;
        for (String[] stage : STAGES) {
            p.get(stage[0] + ".weight");
            Shape w = p.get(stage[1] + ".weight").getShape();
            if (w.dimension() != 5 || w.get(3) != 1 || w.get(4) != 1 || w.get(2) % 2 == 0) {
                throw new IllegalArgumentException("weight '" + p.key(stage[1] + ".weight") + "' has shape " + w
                        + ", expected a (out, in, k, 1, 1) temporal kernel with odd k");
            }
        }
    }

    @Override
    public NDArray forward(NDArray x, int frames) {
        Shape s = x.getShape();
        long b = FrameLayer.videos(x, frames, name()), c = s.get(1);
        NDArray video = x.reshape(b, frames, c, s.get(2) * s.get(3)).transpose(0, 2, 1, 3);
        NDArray h = video;
        for (String[] stage : STAGES) {
            NDArray w = p.get(stage[1] + ".weight");
            Shape ws = w.getShape();
            NDArray kernel = Ops.local(w.reshape(ws.get(0), ws.get(1), ws.get(2), 1), x);
            h = Ops.silu(Ops.groupNorm(p, stage[0], h, groups, NORM_EPS));
            h = Ops.conv2d(h, kernel, p.get(stage[1] + ".bias"), new Shape(1, 1), new Shape(ws.get(2) / 2, 0));
        }
        return video.add(h).transpose(0, 2, 1, 3).reshape(s);
    }

    @Override
    public String name() { return FrameLayer.nameOf(p); }
}
