package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.blocks.Downsample2D;
import cinegen.engine.diffusers.blocks.ResnetBlock2D;
import cinegen.engine.diffusers.blocks.TimestepEmbedding;
import cinegen.engine.diffusers.blocks.Transformer2DModel;
import cinegen.engine.diffusers.blocks.Upsample2D;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The walk shared by diffusers' conditional UNets (UNet2DConditionModel, UNetMotionModel, UNet3DConditionModel):
 * conv_in, down blocks of resnets (and spatial transformers) with their outputs kept as skips, the mid block, up
 * blocks that concatenate the skips back, conv_norm_out, SiLU, conv_out. Video UNets add {@link FrameLayer}s at the
 * sites {@link TemporalLayers} chooses; frames are folded into the batch (B·F, C, H, W).
 */
final class UNetCore {
    enum Section { DOWN, MID, UP }

    /**
     * Where a frame layer may sit: after resnet {@code layer} of a block, or after its pair {@code layer} (down and up
     * blocks: after the resnet and its transformer, if any; the mid block: after its transformer {@code layer}).
     */
    record Site(Params block, Section section, int blockIndex, int layer, int channels, boolean hasAttention) {
        /** The down block of the same width, whose entry of a per-block config list applies here (the last for mid). */
        int configIndex(int blocks) {
            return switch (section) {
                case DOWN -> blockIndex;
                case UP -> blocks - 1 - blockIndex;
                case MID -> blocks - 1;
            };
        }
    }

    /** The temporal layers a video UNet inserts (null: none at that site). */
    interface TemporalLayers {
        FrameLayer afterResnet(Site site);

        FrameLayer afterPair(Site site);

        TemporalLayers NONE = new TemporalLayers() {
            @Override public FrameLayer afterResnet(Site site) { return null; }
            @Override public FrameLayer afterPair(Site site) { return null; }
        };
    }

    private final Params p;
    private final UNetLayout layout;
    private final FrameLayer afterConvIn;
    private final List<Block> down = new ArrayList<>(), up = new ArrayList<>();
    private final List<Layer> mid = new ArrayList<>();
    private BiConsumer<String, NDArray> probe;

    UNetCore(Params p, UNetLayout layout, TemporalLayers temporal, FrameLayer afterConvIn) {
        this.p = p;
        this.layout = layout;
        this.afterConvIn = afterConvIn;
        checkWeight(p, "conv_in.weight", 1, layout.inChannels());
        checkWeight(p, "conv_out.weight", 0, layout.outChannels());
        p.get("time_embedding.linear_1.weight");
        p.get("conv_norm_out.weight");
        int n = layout.blocks();
        for (int i = 0; i < n; i++) {
            Params b = p.at("down_blocks", i);
            List<Layer> layers = new ArrayList<>();
            for (int j = 0; j < layout.downLayers()[i]; j++) {
                Site site = new Site(b, Section.DOWN, i, j, layout.blockOut()[i], layout.downAttention()[i]);
                layers.add(new Layer(false, resnet(b, j, 1f), temporal.afterResnet(site),
                        layout.downAttention()[i] ? transformer(b, j, layout.downHeads()[i], layout.downTransformerLayers()[i], layout.downOnlyCross()[i]) : null,
                        temporal.afterPair(site)));
            }
            requireChildren(b, "resnets", layout.downLayers()[i]);
            down.add(new Block(layers, i < n - 1 ? new Downsample2D(child(b, "downsamplers.0"), layout.downsamplePadding()) : null, null));
        }
        if (layout.midLayers() > 0) {
            Params b = p.at("mid_block");
            int c = layout.blockOut()[n - 1];
            mid.add(new Layer(false, resnet(b, 0, layout.midScale()), temporal.afterResnet(new Site(b, Section.MID, 0, 0, c, true)), null, null));
            for (int i = 0; i < layout.midLayers(); i++) {
                mid.add(new Layer(true, resnet(b, i + 1, layout.midScale()),
                        temporal.afterResnet(new Site(b, Section.MID, 0, i + 1, c, true)),
                        transformer(b, i, layout.midHeads(), layout.midTransformerLayers(), false),
                        temporal.afterPair(new Site(b, Section.MID, 0, i, c, true))));
            }
            requireChildren(b, "resnets", layout.midLayers() + 1);
        }
        for (int i = 0; i < n; i++) {
            Params b = p.at("up_blocks", i);
            List<Layer> layers = new ArrayList<>();
            for (int j = 0; j < layout.upLayers(i); j++) {
                Site site = new Site(b, Section.UP, i, j, layout.upChannels(i), layout.upAttention()[i]);
                layers.add(new Layer(false, resnet(b, j, 1f), temporal.afterResnet(site),
                        layout.upAttention()[i] ? transformer(b, j, layout.upHeads()[i], layout.upTransformerLayers()[i], layout.upOnlyCross()[i]) : null,
                        temporal.afterPair(site)));
            }
            requireChildren(b, "resnets", layout.upLayers(i));
            up.add(new Block(layers, null, i < n - 1 ? new Upsample2D(child(b, "upsamplers.0")) : null));
        }
    }

    UNetLayout layout() { return layout; }

    /**
     * The timestep condition's projection ({@code time_embedding.cond_proj.weight}, (projection width, dim)) is there
     * exactly when the config names its width {@code dim}: a UNet whose weights have one but whose config does not
     * would run without the guidance it was distilled for.
     */
    static void checkCondition(Params p, Integer dim) {
        String key = "time_embedding.cond_proj.weight";
        NDArray w = p.getOrNull(key);
        if (dim == null) {
            if (w != null) {
                throw new IllegalArgumentException("the weights have a guidance embedding projection '" + key + "' " + w.getShape()
                        + " but the config sets no time_cond_proj_dim");
            }
            return;
        }
        if (w == null) throw new IllegalArgumentException("the config sets time_cond_proj_dim " + dim + " but weight '" + key + "' is missing");
        if (w.getShape().dimension() != 2 || w.getShape().get(1) != dim) {
            throw new IllegalArgumentException("weight '" + key + "' has shape " + w.getShape() + "; time_cond_proj_dim " + dim
                    + " needs (" + w.getShape().get(0) + ", " + dim + ")");
        }
    }

    /** Receives named intermediate activations (tests localise mismatches with it); null for none. */
    void setProbe(BiConsumer<String, NDArray> probe) { this.probe = probe; }

    /**
     * The time embedding of each batch entry: sinusoid, optional LCM condition projection, linear_1, SiLU, linear_2.
     *
     * @param timesteps one value for the whole batch or one per entry (any numeric type)
     * @param condition (batch, time_cond_proj_dim) or null
     */
    NDArray timeEmbedding(NDArray timesteps, long batch, NDArray condition, NDManager manager) {
        float[] t = floats(timesteps);
        if (t.length == 1 && batch > 1) {
            float v = t[0];
            t = new float[(int) batch];
            java.util.Arrays.fill(t, v);
        }
        if (t.length != batch) throw new IllegalArgumentException(t.length + " timesteps for a batch of " + batch);
        NDArray projected = TimestepEmbedding.sinusoid(manager.create(t), layout.timeProjectionChannels(),
                layout.flipSinToCos(), layout.freqShift());
        Params time = p.at("time_embedding");
        if (condition != null) {
            if (!time.has("cond_proj.weight")) {
                throw new IllegalArgumentException("a timestep condition was given but the UNet has no '" + time.key("cond_proj.weight") + "'");
            }
            projected = projected.add(Ops.linear(time, "cond_proj", adopt(condition, projected)));
        }
        NDArray emb = TimestepEmbedding.mlp(time, projected);
        record("time_embedding", emb);
        return emb;
    }

    /**
     * @param x (N, C, H, W) with N = videos · frames
     * @param emb (N, D) time embedding per image
     * @param context (N, M, D) text states per image
     */
    NDArray forward(NDArray x, NDArray emb, NDArray context, int frames) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != layout.inChannels()) {
            throw new IllegalArgumentException("sample of shape " + s + ": expected (N, " + layout.inChannels() + ", H, W)");
        }
        if (context.getShape().get(0) != s.get(0) || emb.getShape().get(0) != s.get(0)) {
            throw new IllegalArgumentException("text states " + context.getShape() + " and time embedding " + emb.getShape()
                    + " must have one row per image of the sample " + s);
        }
        NDArray text = adopt(context, x), time = adopt(emb, x);
        NDArray h = scoped(x, in -> Ops.conv2d(p, "conv_in", layout.centerInput() ? in.mul(2f).sub(1f) : in, 1, layout.convInKernel() / 2));
        record("conv_in", h);
        if (afterConvIn != null) h = scoped(h, in -> frameLayer(afterConvIn, in, frames));
        long factor = 1L << (layout.blocks() - 1);
        boolean forwardSize = s.get(2) % factor != 0 || s.get(3) % factor != 0;

        // every block output is a skip (kept until its up block); anything else is closed once consumed
        List<NDArray> skips = new ArrayList<>();
        skips.add(h);
        for (int i = 0; i < down.size(); i++) {
            Block block = down.get(i);
            for (Layer layer : block.layers) {
                h = scoped(h, in -> layer.forward(in, time, text, frames), time, text);
                skips.add(h);
            }
            if (block.downsampler != null) {
                h = scoped(h, block.downsampler::forward);
                skips.add(h);
            }
            record("down_blocks." + i, h);
        }
        for (Layer layer : mid) h = release(h, scoped(h, in -> layer.forward(in, time, text, frames), time, text), skips);
        if (!mid.isEmpty()) record("mid_block", h);
        for (int i = 0; i < up.size(); i++) {
            Block block = up.get(i);
            for (Layer layer : block.layers) {
                NDArray skip = skips.remove(skips.size() - 1);
                NDArray out = scoped(h, in -> layer.forward(in.concat(skip, 1), time, text, frames), time, text);
                if (skip != h) skip.close();
                h = release(h, out, skips);
            }
            if (block.upsampler != null) {
                Shape target = skips.get(skips.size() - 1).getShape();
                Upsample2D upsampler = block.upsampler;
                h = release(h, scoped(h, in -> forwardSize ? upsampler.forward(in, target.get(2), target.get(3)) : upsampler.forward(in)), skips);
            }
            record("up_blocks." + i, h);
        }
        NDArray result = scoped(h, in -> Ops.conv2d(p, "conv_out",
                Ops.silu(Ops.groupNorm(p, "conv_norm_out", in, layout.normGroups(), layout.normEps())), 1, layout.convOutKernel() / 2));
        h.close();
        return result;
    }

    /**
     * One step computed in a sub-manager of {@code h}'s, with {@code h} and {@code shared} (time embedding, text
     * states) attached to it meanwhile: every intermediate is freed on return, only the result stays.
     */
    private static NDArray scoped(NDArray h, UnaryOperator<NDArray> step, NDArray... shared) {
        NDManager parent = h.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(h);
            for (NDArray a : shared) scope.tempAttachAll(a);
            return scope.ret(step.apply(h));
        }
    }

    /** {@code next}, after closing {@code previous} unless it is still needed as a skip. */
    private static NDArray release(NDArray previous, NDArray next, List<NDArray> skips) {
        boolean skip = false;
        for (NDArray a : skips) skip |= a == previous;
        if (!skip && previous != next) previous.close();
        return next;
    }

    private NDArray frameLayer(FrameLayer layer, NDArray h, int frames) {
        NDArray out = layer.forward(h, frames);
        record(layer.name(), out);
        return out;
    }

    private void record(String name, NDArray value) {
        if (probe != null) probe.accept(name, value);
    }

    /**
     * A resnet with its frame layer, transformer and frame layer after the pair; in the mid block's later layers the
     * transformer (and its frame layer) come first: attention, frame layer, resnet, frame layer.
     */
    private final class Layer {
        final boolean attentionFirst;
        final ResnetBlock2D resnet;
        final FrameLayer afterResnet, afterPair;
        final Transformer2DModel attention;

        Layer(boolean attentionFirst, ResnetBlock2D resnet, FrameLayer afterResnet, Transformer2DModel attention, FrameLayer afterPair) {
            this.attentionFirst = attentionFirst;
            this.resnet = resnet;
            this.afterResnet = afterResnet;
            this.attention = attention;
            this.afterPair = afterPair;
        }

        /** Each part runs in its own sub-manager, so a part's intermediates are freed before the next part starts. */
        NDArray forward(NDArray h, NDArray emb, NDArray context, int frames) {
            if (!attentionFirst) h = resnetStep(h, emb, frames);
            if (attention != null) h = scoped(h, in -> attention.forward(in, context), context);
            if (afterPair != null) h = scoped(h, in -> frameLayer(afterPair, in, frames));
            if (attentionFirst) h = resnetStep(h, emb, frames);
            return h;
        }

        private NDArray resnetStep(NDArray h, NDArray emb, int frames) {
            h = scoped(h, in -> resnet.forward(in, emb), emb);
            return afterResnet == null ? h : scoped(h, in -> frameLayer(afterResnet, in, frames));
        }
    }

    private record Block(List<Layer> layers, Downsample2D downsampler, Upsample2D upsampler) {}

    private ResnetBlock2D resnet(Params block, int index, float outputScale) {
        Params r = child(block, "resnets." + index);
        r.get("conv1.weight");
        r.get("time_emb_proj.weight");
        return new ResnetBlock2D(r, layout.normGroups(), layout.normEps(), outputScale);
    }

    private Transformer2DModel transformer(Params block, int index, int heads, int layers, boolean onlyCross) {
        Params t = child(block, "attentions." + index);
        requireChildren(t, "transformer_blocks", layers);
        t.get("proj_in.weight");
        return new Transformer2DModel(t, heads, layout.normGroups(), 1e-5f, onlyCross);
    }

    /**
     * {@code a} itself when it lives in {@code like}'s manager, else a view of it attached there, so that what is
     * computed from it (text keys and values, ...) is freed with the step, not kept by the caller's manager.
     */
    static NDArray adopt(NDArray a, NDArray like) {
        return a.getManager() == like.getManager() ? a : Ops.local(a.reshape(a.getShape()), like);
    }

    private static Params child(Params p, String name) {
        if (!p.hasChild(name)) throw new Params.MissingWeightException(p.key(name) + ".*");
        return p.at(name);
    }

    /** Requires exactly {@code count} numbered children {@code name.0 .. name.(count-1)}. */
    static void requireChildren(Params p, String name, int count) {
        for (int i = 0; i < count; i++) child(p, name + "." + i);
        if (p.hasChild(name + "." + count)) {
            throw new IllegalArgumentException("weights '" + p.key(name + "." + count) + ".*' exist but the config gives "
                    + count + " " + name + " here: config and weights do not match");
        }
    }

    private static void checkWeight(Params p, String name, int axis, int expected) {
        Shape s = p.get(name).getShape();
        if (s.get(axis) != expected) {
            throw new IllegalArgumentException("weight '" + p.key(name) + "' has shape " + s + " but the config gives "
                    + expected + (axis == 1 ? " input" : " output") + " channels");
        }
    }

    private static float[] floats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) return a.toFloatArray();
        if (a.getDataType() == DataType.INT64) {
            long[] l = a.toLongArray();
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) f[i] = l[i];
            return f;
        }
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }
}
