package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;

/**
 * A pre-norm transformer layer over tokens (N, L, C): self-attention with positions added to the normalised
 * tokens, then a feed-forward layer, both residual and zero-initialised at their outputs (identity at the start).
 * Subclasses decide which video positions form a token sequence.
 */
abstract class TokenAttention extends Module {
    private final LayerNormBlock n1, n2;
    private final Attention attention;
    private final FeedForward ff;

    /** @param attentionName the attention child's name in weight files (kept for packs already written) */
    TokenAttention(int channels, int heads, String attentionName) {
        n1 = child("n1", new LayerNormBlock(channels));
        attention = child(attentionName, new Attention(channels, channels, heads));
        n2 = child("n2", new LayerNormBlock(channels));
        ff = child("ff", new FeedForward(channels, channels * 2));
    }

    /** @param positions (1, L, C), added to the normalised tokens before attention */
    final NDArray attend(NDArray tokens, NDArray positions) { return attend(tokens, positions, null); }

    /** @param bias added to the attention logits, (N·heads, L, L), or null */
    final NDArray attend(NDArray tokens, NDArray positions, NDArray bias) {
        NDArray n = n1.apply(tokens).add(positions);
        NDArray out = tokens.add(attention.apply(n, n, bias));
        return out.add(ff.apply(n2.apply(out)));
    }
}
