package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * A small pre-norm transformer over word tokens: token ids (B, L) to token embeddings (B, L, dim) that the
 * denoiser reads through cross-attention. Trained together with the denoiser.
 */
public final class TextEncoder extends Module {
    private final int vocab, dim, maxTokens;
    private final Parameter tokenTable, positionTable;
    private final LayerNormBlock[] n1, n2;
    private final Attention[] attn;
    private final FeedForward[] ff;
    private final LayerNormBlock normOut;

    public TextEncoder(int vocab, int dim, int maxTokens, int layers, int heads) {
        this.vocab = vocab;
        this.dim = dim;
        this.maxTokens = maxTokens;
        tokenTable = param("tokens", new Shape(vocab, dim), Init.NORMAL_002);
        positionTable = param("positions", new Shape(maxTokens, dim), Init.NORMAL_002);
        n1 = new LayerNormBlock[layers];
        n2 = new LayerNormBlock[layers];
        attn = new Attention[layers];
        ff = new FeedForward[layers];
        for (int i = 0; i < layers; i++) {
            n1[i] = child("n1_" + i, new LayerNormBlock(dim));
            attn[i] = child("attn" + i, new Attention(dim, dim, heads));
            n2[i] = child("n2_" + i, new LayerNormBlock(dim));
            ff[i] = child("ff" + i, new FeedForward(dim, dim * 2));
        }
        normOut = child("norm_out", new LayerNormBlock(dim));
    }

    /** @param ids token ids (B, maxTokens), int32 or int64 */
    public NDArray apply(NDArray ids) {
        NDArray oneHot = ids.toType(DataType.INT64, false).oneHot(vocab).toType(DataType.FLOAT32, false);
        NDArray x = oneHot.matMul(v(tokenTable)).add(local(v(positionTable).expandDims(0), ids));
        for (int i = 0; i < attn.length; i++) {
            NDArray n = n1[i].apply(x);
            x = x.add(attn[i].apply(n, n));
            x = x.add(ff[i].apply(n2[i].apply(x)));
        }
        return normOut.apply(x);
    }

    public int maxTokens() { return maxTokens; }
    public int dim() { return dim; }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), maxTokens, dim)};
    }
}
