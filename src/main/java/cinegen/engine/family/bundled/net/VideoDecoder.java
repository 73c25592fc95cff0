package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/** Latents (N, L, h, w) to frames (N, 3, 4h, 4w) in about [-1, 1], frame by frame. */
public final class VideoDecoder extends Module {
    private final Conv in, up1, up2, out;
    private final ImageResBlock r2a, r2b, r1, r0;
    private final GroupNorm norm;
    private final ImageResBlock[] extra1, extra0; // optional deeper decoder: more blocks at half and full resolution

    public VideoDecoder(AutoencoderConfig cfg) {
        int[] c = cfg.channels();
        in = child("in", Conv.image(cfg.latentChannels(), c[2], 3, 1));
        r2a = child("r2a", new ImageResBlock(c[2]));
        r2b = child("r2b", new ImageResBlock(c[2]));
        up1 = child("up1", Conv.image(c[2], c[1], 3, 1));
        r1 = child("r1", new ImageResBlock(c[1]));
        extra1 = new ImageResBlock[cfg.extraDecoderBlocks()];
        for (int i = 0; i < extra1.length; i++) extra1[i] = child("r1_extra" + i, ImageResBlock.identityAtStart(c[1]));
        up2 = child("up2", Conv.image(c[1], c[0], 3, 1));
        r0 = child("r0", new ImageResBlock(c[0]));
        extra0 = new ImageResBlock[cfg.extraDecoderBlocks()];
        for (int i = 0; i < extra0.length; i++) extra0[i] = child("r0_extra" + i, ImageResBlock.identityAtStart(c[0]));
        norm = child("norm", new GroupNorm(c[0], ResBlock.groups(c[0])));
        out = child("out", Conv.image(c[0], 3, 3, 1));
    }

    public NDArray apply(NDArray latents) {
        NDArray h = r2b.apply(r2a.apply(in.apply(latents)));
        h = r1.apply(up1.apply(up2x(h)));
        for (ImageResBlock b : extra1) h = b.apply(h);
        h = r0.apply(up2.apply(up2x(h)));
        for (ImageResBlock b : extra0) h = b.apply(h);
        return out.apply(silu(norm.apply(h)));
    }

    private static NDArray up2x(NDArray x) { return x.repeat(2, 2).repeat(3, 2); }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] s) {
        return new Shape[] {new Shape(s[0].get(0), 3, s[0].get(2) * 4, s[0].get(3) * 4)};
    }
}
