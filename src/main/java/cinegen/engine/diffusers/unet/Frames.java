package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Folding videos into image batches as diffusers' video UNets do: frame-major within each video. */
final class Frames {
    private Frames() {}

    /** (B, ...) repeated per frame to (B·F, ...), row b·F+f = row b (torch's repeat_interleave(F, dim=0)). */
    static NDArray repeatPerFrame(NDArray x, int frames) {
        if (frames == 1) return x;
        long[] dims = x.getShape().getShape();
        long[] broadcast = new long[dims.length + 1];
        broadcast[0] = dims[0];
        broadcast[1] = frames;
        System.arraycopy(dims, 1, broadcast, 2, dims.length - 1);
        long[] folded = dims.clone();
        folded[0] = dims[0] * frames;
        return x.expandDims(1).broadcast(new Shape(broadcast)).reshape(new Shape(folded));
    }

    /**
     * The denoiser call of a video UNet: the time embedding per video repeated per frame, the sample folded from
     * (B, C, F, H, W) to (B·F, C, H, W), the shared walk, and the result unfolded to (B, C', F, H, W).
     *
     * @param perFrameContext (B·F, M, D)
     * @param timestepCond (B, time_cond_proj_dim) or null
     */
    static NDArray denoise(UNetCore core, NDArray sample, NDArray timestep, NDArray perFrameContext, NDArray timestepCond) {
        Shape s = sample.getShape();
        if (s.dimension() != 5) throw new IllegalArgumentException("video sample of shape " + s + ": expected (B, C, F, H, W)");
        long b = s.get(0), c = s.get(1), h = s.get(3), w = s.get(4);
        int frames = Math.toIntExact(s.get(2));
        Shape context = perFrameContext.getShape();
        if (context.dimension() != 3 || context.get(0) != b * frames) {
            throw new IllegalArgumentException("per-frame text states of shape " + context + ": expected (" + b * frames
                    + ", tokens, dim), row b*F+f for frame f of video b");
        }
        NDArray emb = repeatPerFrame(core.timeEmbedding(timestep, b, timestepCond, sample.getManager()), frames);
        NDArray images = sample.transpose(0, 2, 1, 3, 4).reshape(b * frames, c, h, w);
        NDArray out = core.forward(images, emb, perFrameContext, frames);
        return out.reshape(b, frames, out.getShape().get(1), h, w).transpose(0, 2, 1, 3, 4);
    }

    /** The per-frame text states of a {@link VideoDenoiser#predict} call. */
    static NDArray contextOf(NDArray sample, NDArray textStates, NDArray perFrameTextStates) {
        if (perFrameTextStates != null) return perFrameTextStates;
        if (textStates == null) throw new IllegalArgumentException("no text states given");
        if (textStates.getShape().get(0) != sample.getShape().get(0)) {
            throw new IllegalArgumentException("text states of shape " + textStates.getShape() + " for " + sample.getShape().get(0) + " videos");
        }
        return repeatPerFrame(UNetCore.adopt(textStates, sample), Math.toIntExact(sample.getShape().get(2)));
    }
}
