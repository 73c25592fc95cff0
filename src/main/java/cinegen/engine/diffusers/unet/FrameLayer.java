package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;

/** A layer that mixes information across the frames of each video: (B·F, C, H, W) in and out, frames frame-major per video. */
interface FrameLayer {
    NDArray forward(NDArray x, int frames);

    /** The layer's weight prefix ("down_blocks.0.motion_modules.0"), naming it in probes and errors. */
    String name();

    /** The number of videos in a (B·F, ...) batch; refuses a batch that is not a whole number of videos. */
    static long videos(NDArray x, int frames, String layer) {
        long n = x.getShape().get(0);
        if (frames <= 0 || n % frames != 0) {
            throw new IllegalArgumentException(layer + ": a batch of " + n + " images is not a whole number of " + frames + "-frame videos");
        }
        return n / frames;
    }

    /** The weight prefix of a view, without its trailing dot. */
    static String nameOf(cinegen.engine.diffusers.Params p) {
        String k = p.key("");
        return k.endsWith(".") ? k.substring(0, k.length() - 1) : k;
    }
}
