package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/** Frames (N, 3, H, W) in [-1, 1] to latents (N, L, H/4, W/4), frame by frame. */
public final class VideoEncoder extends Module {
    private final AutoencoderConfig cfg;
    private final Conv in, down1, down2, out;
    private final ImageResBlock r0, r1, r2;
    private final GroupNorm norm;

    public VideoEncoder(AutoencoderConfig cfg) {
        this.cfg = cfg;
        int[] c = cfg.channels();
        in = child("in", Conv.image(3, c[0], 3, 1));
        r0 = child("r0", new ImageResBlock(c[0]));
        down1 = child("down1", Conv.image(c[0], c[1], 3, 2));
        r1 = child("r1", new ImageResBlock(c[1]));
        down2 = child("down2", Conv.image(c[1], c[2], 3, 2));
        r2 = child("r2", new ImageResBlock(c[2]));
        norm = child("norm", new GroupNorm(c[2], ResBlock.groups(c[2])));
        out = child("out", Conv.image(c[2], cfg.latentChannels(), 3, 1));
    }

    public NDArray apply(NDArray frames) {
        NDArray h = r0.apply(in.apply(frames));
        h = r1.apply(down1.apply(h));
        h = r2.apply(down2.apply(h));
        return out.apply(silu(norm.apply(h)));
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] s) {
        return new Shape[] {new Shape(s[0].get(0), cfg.latentChannels(), s[0].get(2) / 4, s[0].get(3) / 4)};
    }
}
