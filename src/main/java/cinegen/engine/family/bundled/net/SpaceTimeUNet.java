package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The denoiser: a space-time U-Net in the spirit of Lumiere's STUNet and VideoCrafter's 3D U-Net.
 *
 * <p>Input (B, 2L+1, T, H, W) = concat(noisy latent, conditioning latent C, mask M) (Lumiere 4.2), so one
 * network serves text-to-video, image-to-video, inpainting and cinemagraphs. It downsamples in space and time
 * (T -> T/2 -> T/4), runs factorized space-time residual blocks at every level, text cross-attention at the
 * two lower levels, and temporal self-attention at the coarsest level where it is cheap (and, when configured, at
 * the middle level too), and, when configured, full space-time attention at the two coarsest levels. Temporal resampling is fixed (pair mean, repetition) or, when configured, learned
 * ({@link TemporalResample}). Timestep and FPS (motion speed, VideoCrafter1) enter as one embedding added inside every residual block, together with the
 * caption's pooled tokens.
 *
 * <p>Inputs: x, timesteps (B), fps (B), text tokens (B, Ltext, D). Output: the model prediction (B, L, T, H, W).
 * T must be a multiple of 4, H and W multiples of 4.
 */
public final class SpaceTimeUNet extends Module {
    private final DenoiserConfig cfg;
    private final Dense timeIn, timeOut, fpsIn, fpsOut, textPool;
    private final Conv convIn, down0, down1, up1Conv, up0Conv, convOut;
    private final ResBlock res0, res1, midA, midB, upRes1, upRes0;
    private final SpatialTransformer attn1, attnMid, upAttn1;
    private final TemporalAttention[] temporal, temporalDown1, temporalUp1;
    private final GroupNorm normOut;
    private final TemporalResample resampleDown0, resampleDown1, resampleUp1, resampleUp0; // null with fixed resampling
    private final Dense frameIn, frameOut; // null without frame conditioning
    private final SpaceTimeAttention spaceTimeDown1, spaceTimeMid; // null without space-time attention
    private final Conv coordinatesIn; // null without coordinate channels
    private final Conv layoutIn0, layoutIn1, layoutIn2; // null without a layout channel
    private final Conv silhouetteIn0, silhouetteIn1; // null without silhouette channels

    public SpaceTimeUNet(DenoiserConfig cfg) {
        this.cfg = cfg;
        int c0 = cfg.channels()[0], c1 = cfg.channels()[1], c2 = cfg.channels()[2], e = cfg.embDim(), d = cfg.textDim(), h = cfg.heads();
        timeIn = child("time_in", new Dense(e, e));
        timeOut = child("time_out", new Dense(e, e));
        fpsIn = child("fps_in", new Dense(e, e));
        fpsOut = child("fps_out", new Dense(e, e));
        // The caption's mean token, added to the step embedding: every residual block sees the prompt directly,
        // which teaches colour, shape and motion far sooner than cross-attention alone (as Imagen pools text).
        textPool = child("text_pool", new Dense(d, e));
        convIn = child("conv_in", Conv.spatial(cfg.inputChannels(), c0, 3, 1));
        res0 = child("res0", new ResBlock(c0, c0, e));
        down0 = child("down0", Conv.spatial(c0, c0, 3, 2));
        res1 = child("res1", new ResBlock(c0, c1, e));
        attn1 = child("attn1", new SpatialTransformer(c1, d, h));
        // Optional temporal attention at the middle level (8 frames): frames agree on where the object is before
        // the coarsest level, which only sees 4 frames at 4x4.
        temporalDown1 = new TemporalAttention[cfg.midTemporalLayers()];
        for (int i = 0; i < temporalDown1.length; i++) temporalDown1[i] = child("temporal_down1_" + i, new TemporalAttention(c1, h));
        down1 = child("down1", Conv.spatial(c1, c1, 3, 2));
        midA = child("midA", new ResBlock(c1, c2, e));
        attnMid = child("attnMid", new SpatialTransformer(c2, d, h));
        temporal = new TemporalAttention[cfg.temporalLayers()];
        for (int i = 0; i < temporal.length; i++) temporal[i] = child("temporal" + i, new TemporalAttention(c2, h));
        midB = child("midB", new ResBlock(c2, c2, e));
        up1Conv = child("up1", Conv.spatial(c2, c1, 3, 1));
        upRes1 = child("upRes1", new ResBlock(c1 + c1, c1, e));
        upAttn1 = child("upAttn1", new SpatialTransformer(c1, d, h));
        temporalUp1 = new TemporalAttention[cfg.midTemporalLayers()];
        for (int i = 0; i < temporalUp1.length; i++) temporalUp1[i] = child("temporal_up1_" + i, new TemporalAttention(c1, h));
        up0Conv = child("up0", Conv.spatial(c1, c0, 3, 1));
        upRes0 = child("upRes0", new ResBlock(c0 + c0, c0, e));
        normOut = child("norm_out", new GroupNorm(c0, ResBlock.groups(c0)));
        convOut = child("conv_out", Conv.spatialZero(c0, cfg.latentChannels(), 3));
        boolean learned = cfg.learnedResampling();
        resampleDown0 = learned ? child("temporal_resample_down0", TemporalResample.down(c0)) : null;
        resampleDown1 = learned ? child("temporal_resample_down1", TemporalResample.down(c1)) : null;
        resampleUp1 = learned ? child("temporal_resample_up1", TemporalResample.up(c1)) : null;
        resampleUp0 = learned ? child("temporal_resample_up0", TemporalResample.up(c0)) : null;
        // Frame conditioning: an MLP of (frame position, pooled caption) gives each frame its own embedding, so the
        // per-frame features can say "frame 12 of a clip moving left". Named temporal: style training freezes it.
        // The output layer starts at zero, so a pack grown into it computes what it did before.
        boolean frames = cfg.frameConditioning();
        frameIn = frames ? child("temporal_frame_in", new Dense(e + d, e)) : null;
        frameOut = frames ? child("temporal_frame_out", new Dense(e, e, true)) : null;
        // Full space-time attention where it is cheap (8x8x8 and 4x4x4 tokens): motion as one attention step.
        // Named temporal: it carries motion, so style fine-tuning leaves it alone. Starts as identity.
        boolean spaceTime = cfg.spaceTimeAttention();
        int steer = cfg.motionBias() ? e : 0;
        spaceTimeDown1 = spaceTime ? child("temporal_spacetime_down1", new SpaceTimeAttention(c1, h, steer)) : null;
        spaceTimeMid = spaceTime ? child("temporal_spacetime_mid", new SpaceTimeAttention(c2, h, steer)) : null;
        // Coordinate channels (column, row, frame) into the first features (decision 24): convolutions are blind to
        // where they are, so without them a caption cannot say "starts on the left, ends on the right" and the
        // layout comes from the noise. Added beside conv_in, zero at the start (a pack grows into it unchanged);
        // named temporal, as it carries where things go over the clip, so style training leaves it alone.
        coordinatesIn = cfg.coordinates() ? child("temporal_coordinates_in", Conv.spatialZero(COORDINATES, c0, 3)) : null;
        // Layout channel (decision 26): where the planned objects are in each frame, added at all three levels so the
        // coarse levels, which decide placement, see it directly. Zero at the start; named temporal, as it carries
        // where things go over the clip, so style training leaves it alone.
        boolean layout = cfg.layout();
        layoutIn0 = layout ? child("temporal_layout_in0", Conv.spatialZero(1, c0, 3)) : null;
        layoutIn1 = layout ? child("temporal_layout_in1", Conv.spatialZero(1, c0, 3)) : null;
        layoutIn2 = layout ? child("temporal_layout_in2", Conv.spatialZero(1, c1, 3)) : null;
        // Silhouette channels (decision 29): the planned objects' outlines at pixel resolution, folded 4x4 onto the
        // latent grid, so a planned star says where its points are. Into the two finer levels; zero at the start.
        boolean silhouette = cfg.silhouette();
        int sc = DenoiserConfig.SILHOUETTE_CHANNELS;
        silhouetteIn0 = silhouette ? child("temporal_layout_silhouette_in0", Conv.spatialZero(sc, c0, 3)) : null;
        silhouetteIn1 = silhouette ? child("temporal_layout_silhouette_in1", Conv.spatialZero(sc, c0, 3)) : null;
    }

    /** Coordinate channels: column and row across the frame and frame along the clip, each from -1 to 1. */
    static final int COORDINATES = 3;

    public DenoiserConfig config() { return cfg; }

    public NDArray apply(NDArray x, NDArray timesteps, NDArray fps, NDArray text) {
        int e = cfg.embDim();
        NDArray emb = timeOut.apply(silu(timeIn.apply(sinusoid(timesteps, e / 2))))
                .add(fpsOut.apply(silu(fpsIn.apply(sinusoid(fps.mul(4f), e / 2)))))
                .add(textPool.apply(text.mean(new int[] {1})));
        NDArray emb0 = emb, emb1 = emb, emb2 = emb;
        if (frameIn != null) { // per-frame embeddings at full, half and quarter frame rate
            emb0 = emb.expandDims(1).add(frameEmbedding(text, (int) x.getShape().get(2)));
            emb1 = pairMean(emb0);
            emb2 = pairMean(emb1);
        }
        // With a layout channel the input may have one channel more than inputChannels(): the layout, after it the
        // silhouettes when the denoiser takes them. Missing ones are zero ("no plan"), as training shows them.
        NDArray layout = null, silhouette = null;
        int inputs = cfg.inputChannels();
        if (layoutIn0 != null) {
            Shape s = x.getShape();
            long extra = s.get(1) - inputs;
            int sc = DenoiserConfig.SILHOUETTE_CHANNELS;
            if (extra >= 1) layout = x.get(new NDIndex(":, {}:{}", inputs, inputs + 1));
            else layout = x.getManager().zeros(new Shape(s.get(0), 1, s.get(2), s.get(3), s.get(4)), x.getDataType());
            if (silhouetteIn0 != null) {
                if (extra == 1 + sc) silhouette = x.get(new NDIndex(":, {}:", inputs + 1));
                else silhouette = x.getManager().zeros(new Shape(s.get(0), sc, s.get(2), s.get(3), s.get(4)), x.getDataType());
            }
            if (extra > 0) x = x.get(new NDIndex(":, :{}", inputs));
        }
        NDArray first = convIn.apply(x);
        if (coordinatesIn != null) first = first.add(coordinatesIn.apply(coordinates(x)));
        if (layout != null) first = first.add(layoutIn0.apply(layout));
        if (silhouette != null) first = first.add(silhouetteIn0.apply(silhouette));
        NDArray h0 = res0.apply(first, emb0);
        NDArray h1 = down(resampleDown0, down0.apply(h0));
        NDArray layout1 = layout == null ? null : poolSpaceTime(layout);
        if (layout1 != null) h1 = h1.add(layoutIn1.apply(layout1));
        if (silhouette != null) h1 = h1.add(silhouetteIn1.apply(poolSpaceTime(silhouette)));
        h1 = attn1.apply(res1.apply(h1, emb1), text);
        for (TemporalAttention t : temporalDown1) h1 = t.apply(h1);
        if (spaceTimeDown1 != null) h1 = spaceTimeDown1.apply(h1, emb);
        NDArray h2 = down(resampleDown1, down1.apply(h1));
        if (layout1 != null) h2 = h2.add(layoutIn2.apply(poolSpaceTime(layout1)));
        h2 = attnMid.apply(midA.apply(h2, emb2), text);
        for (TemporalAttention t : temporal) h2 = t.apply(h2);
        if (spaceTimeMid != null) h2 = spaceTimeMid.apply(h2, emb);
        h2 = midB.apply(h2, emb2);
        NDArray u1 = up(resampleUp1, up1Conv.apply(h2));
        u1 = upAttn1.apply(upRes1.apply(u1.concat(h1, 1), emb1), text);
        for (TemporalAttention t : temporalUp1) u1 = t.apply(u1);
        NDArray u0 = up(resampleUp0, up0Conv.apply(u1));
        u0 = upRes0.apply(u0.concat(h0, 1), emb0);
        return convOut.apply(silu(normOut.apply(u0)));
    }

    /** (B, T, E): an MLP of each frame's sinusoidal position (0 .. T-1) next to the caption's mean token. */
    private NDArray frameEmbedding(NDArray text, int frames) {
        int e = cfg.embDim();
        long b = text.getShape().get(0);
        NDManager m = text.getManager();
        float[] index = new float[frames];
        for (int f = 0; f < frames; f++) index[f] = f;
        NDArray position = sinusoid(m.create(index), e / 2).expandDims(0).repeat(0, b);           // (B, T, E)
        NDArray caption = text.mean(new int[] {1}).expandDims(1).repeat(1, frames);                 // (B, T, D)
        return frameOut.apply(silu(frameIn.apply(position.concat(caption, 2))));
    }

    /** (B, 3, T, H, W) for an input x (B, C, T, H, W): column, row and frame, each spanning -1 .. 1. */
    static NDArray coordinates(NDArray x) {
        Shape s = x.getShape();
        int b = (int) s.get(0), t = (int) s.get(2), h = (int) s.get(3), w = (int) s.get(4);
        float[] grid = new float[COORDINATES * t * h * w];
        int plane = t * h * w;
        for (int f = 0; f < t; f++) {
            for (int y = 0; y < h; y++) {
                for (int c = 0; c < w; c++) {
                    int p = (f * h + y) * w + c;
                    grid[p] = span(c, w);
                    grid[plane + p] = span(y, h);
                    grid[2 * plane + p] = span(f, t);
                }
            }
        }
        return x.getManager().create(grid, new Shape(1, COORDINATES, t, h, w)).repeat(0, b).toType(x.getDataType(), false);
    }

    private static float span(int i, int n) { return n == 1 ? 0f : -1f + 2f * i / (n - 1); }

    /** Mean of frame pairs along axis 1 of (B, T, E). */
    private static NDArray pairMean(NDArray frames) {
        Shape s = frames.getShape();
        return frames.reshape(s.get(0), s.get(1) / 2, 2, s.get(2)).mean(new int[] {2});
    }

    private static NDArray down(TemporalResample learned, NDArray x) { return learned == null ? poolTime(x) : learned.apply(x); }

    private static NDArray up(TemporalResample learned, NDArray x) {
        return learned == null ? upsample(x) : learned.apply(x).repeat(3, 2).repeat(4, 2);
    }

    /** Mean over 2 frames x 2 rows x 2 columns: one U-Net level down. */
    static NDArray poolSpaceTime(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) / 2, 2, s.get(3) / 2, 2, s.get(4) / 2, 2).mean(new int[] {7}).mean(new int[] {5}).mean(new int[] {3});
    }

    /** Temporal downsampling by averaging frame pairs. */
    static NDArray poolTime(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) / 2, 2, s.get(3), s.get(4)).mean(new int[] {3});
    }

    /** Nearest-neighbour upsampling in time and space (the paper initialises its resampling as nearest). */
    static NDArray upsample(NDArray x) { return x.repeat(2, 2).repeat(3, 2).repeat(4, 2); }

    /** Sinusoidal embedding of a (B) vector on the device: (B, 2 * half). */
    private static NDArray sinusoid(NDArray values, int half) {
        NDManager m = values.getManager();
        float[] freqs = new float[half];
        for (int j = 0; j < half; j++) freqs[j] = (float) Math.exp(-Math.log(10000.0) * j / half);
        NDArray a = values.reshape(-1, 1).mul(m.create(freqs, new Shape(1, half)));
        return a.sin().concat(a.cos(), 1);
    }

    @Override
    public NDList forward(NDList in, boolean training) {
        return new NDList(apply(in.get(0), in.get(1), in.get(2), in.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] d = inputShapes[0].getShape().clone();
        d[1] = cfg.latentChannels();
        return new Shape[] {new Shape(d)};
    }
}
