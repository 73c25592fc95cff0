package cinegen.engine.diffusers.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * transformers' {@code CLIPTextModel}: token + position embeddings, pre-LayerNorm encoder layers (causal
 * self-attention, MLP with quick_gelu or gelu), final LayerNorm, and the pooled output at the EOS position.
 * Weights are read by transformers' names ({@code text_model.encoder.layers.0.self_attn.q_proj.weight}, ...) from a
 * {@link Params} view, looked up at every forward pass so LoRAs can replace them.
 *
 * <p>Every result lands in the manager of the ids passed in.
 */
public final class ClipTextEncoder {
    private static final float MASKED = -Float.MAX_VALUE; // torch.finfo(float32).min, as transformers masks

    private final ClipTextConfig config;
    private final Params weights;

    /** The encoder on weights whose names start at "embeddings." / "encoder." / "final_layer_norm." in {@code weights}. */
    /** The weights (scoped under {@code text_model} when the file has that prefix). */
    public Params weights() { return weights; }

    public ClipTextEncoder(ClipTextConfig config, Params weights) {
        this.config = config;
        this.weights = weights;
    }

    /**
     * A diffusers text_encoder folder: config.json and model.safetensors (weights named as transformers saves them,
     * with or without the {@code text_model.} prefix). Checks every weight the config needs, and its shape.
     */
    public static ClipTextEncoder load(Path folder, NDManager manager) throws ModelPackException {
        ClipTextConfig config = ClipTextConfig.load(folder.resolve("config.json"));
        Path file = folder.resolve("model.safetensors");
        if (!Files.isRegularFile(file)) throw new ModelPackException(folder.getFileName() + "/model.safetensors: file is missing");
        Params all = Params.load(file, manager);
        Params scoped = all.has("text_model.embeddings.token_embedding.weight") ? all.at("text_model") : all;
        checkWeights(config, scoped, "model.safetensors");
        return new ClipTextEncoder(config, scoped);
    }

    public ClipTextConfig config() { return config; }

    /** The model's outputs; {@code hiddenStates} holds the embedding output then each layer's output (may be empty). */
    public record Output(NDArray lastHiddenState, NDArray pooled, List<NDArray> hiddenStates) {}

    /**
     * The prompt embeddings a diffusers pipeline passes to its UNet: {@code last_hidden_state} for {@code clipSkip}
     * 0, otherwise {@code final_layer_norm(hidden_states[-(clipSkip + 1)])} (clip skip 1 = the penultimate layer).
     *
     * @param ids                  (B, L) token ids, any numeric type, L at most max_position_embeddings
     * @param attentionMaskOrNull  (B, L) 1 for tokens, 0 for padding, or null for the causal mask alone (what the
     *                             SD, AnimateDiff and ModelScope pipelines do)
     * @return (B, L, hidden_size)
     */
    public NDArray encode(NDArray ids, NDArray attentionMaskOrNull, int clipSkip) {
        if (clipSkip < 0 || clipSkip > config.numHiddenLayers()) {
            throw new IllegalArgumentException("clip skip " + clipSkip + " is outside 0.." + config.numHiddenLayers());
        }
        List<NDArray> states = hiddenStates(ids, attentionMaskOrNull, config.numHiddenLayers() - clipSkip, false);
        return finalLayerNorm(states.get(states.size() - 1));
    }

    /** The full forward pass, as {@code CLIPTextModel(input_ids, attention_mask, output_hidden_states)}. */
    public Output forward(NDArray ids, NDArray attentionMaskOrNull, boolean outputHiddenStates) {
        List<NDArray> states = hiddenStates(ids, attentionMaskOrNull, config.numHiddenLayers(), outputHiddenStates);
        NDArray last = finalLayerNorm(states.get(states.size() - 1));
        return new Output(last, pool(last, ids), outputHiddenStates ? Collections.unmodifiableList(states) : List.of());
    }

    /** {@code final_layer_norm} of a hidden state (what clip skip applies to an earlier layer's output). */
    public NDArray finalLayerNorm(NDArray hidden) {
        return Ops.layerNorm(weights, "final_layer_norm", hidden, config.layerNormEps());
    }

    /** The embedding output then the outputs of the first {@code layers} layers (only the last one unless {@code keepAll}). */
    private List<NDArray> hiddenStates(NDArray ids, NDArray mask, int layers, boolean keepAll) {
        Shape s = ids.getShape();
        if (s.dimension() != 2) throw new IllegalArgumentException("input ids must be (batch, length), got " + s);
        int length = (int) s.get(1);
        if (length < 1 || length > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("sequence length " + length + " is outside 1.." + config.maxPositionEmbeddings());
        }
        if (mask != null && !mask.getShape().equals(s)) {
            throw new IllegalArgumentException("attention mask shape " + mask.getShape() + " differs from the ids' " + s);
        }
        NDManager m = ids.getManager();
        NDArray longIds = ids.toType(DataType.INT64, false);
        for (long id : longIds.toLongArray()) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary 0.." + (config.vocabSize() - 1));
            }
        }
        NDArray tokens = Ops.local(Embedding.embedding(longIds, weights.get("embeddings.token_embedding.weight"),
                SparseFormat.DENSE).singletonOrThrow(), ids);
        NDArray positions = weights.get("embeddings.position_embedding.weight").get(m, new NDIndex("0:{}", length));
        NDArray hidden = tokens.add(positions);

        NDArray bias = attentionBias(m, length, mask);
        List<NDArray> states = new ArrayList<>();
        states.add(hidden);
        for (int i = 0; i < layers; i++) {
            hidden = layer(weights.at("encoder.layers", i), hidden, bias);
            if (!keepAll) states.clear();
            states.add(hidden);
        }
        return states;
    }

    private NDArray layer(Params p, NDArray x, NDArray bias) {
        float eps = config.layerNormEps();
        NDArray h = Ops.layerNorm(p, "layer_norm1", x, eps);
        NDArray q = Ops.linear(p, "self_attn.q_proj", h);
        NDArray k = Ops.linear(p, "self_attn.k_proj", h);
        NDArray v = Ops.linear(p, "self_attn.v_proj", h);
        NDArray attended = Ops.attention(q, k, v, config.numAttentionHeads(), bias);
        x = x.add(Ops.linear(p, "self_attn.out_proj", attended));
        h = Ops.linear(p, "mlp.fc1", Ops.layerNorm(p, "layer_norm2", x, eps));
        h = config.hiddenAct().equals("gelu") ? Ops.gelu(h) : Ops.quickGelu(h);
        return x.add(Ops.linear(p, "mlp.fc2", h));
    }

    /**
     * The additive attention bias: the causal mask (1, 1, L, L) plus, when given, the padding mask (B, 1, 1, L), each
     * {@code finfo.min} where masked, as transformers adds them one after the other.
     */
    private static NDArray attentionBias(NDManager m, int length, NDArray mask) {
        float[] causal = new float[length * length];
        for (int i = 0; i < length; i++) for (int j = i + 1; j < length; j++) causal[i * length + j] = MASKED;
        NDArray bias = m.create(causal, new Shape(1, 1, length, length));
        if (mask == null) return bias;
        // transformers masks where 1 - mask is non-zero
        NDArray padding = mask.toType(DataType.FLOAT32, false).neq(1).toType(DataType.FLOAT32, false).mul(MASKED);
        return bias.add(padding.reshape(mask.getShape().get(0), 1, 1, length));
    }

    /** last_hidden_state at each row's first EOS (or the argmax of the ids for the legacy eos id 2). */
    private NDArray pool(NDArray last, NDArray ids) {
        long[] flat = ids.toType(DataType.INT64, false).toLongArray();
        int batch = (int) ids.getShape().get(0), length = (int) ids.getShape().get(1);
        NDList rows = new NDList();
        for (int b = 0; b < batch; b++) {
            int at = 0;
            for (int i = 0; i < length; i++) {
                long id = flat[b * length + i];
                if (config.legacyEosPooling() ? id > flat[b * length + at] : id == config.eosTokenId()) {
                    at = i;
                    if (!config.legacyEosPooling()) break;
                }
            }
            rows.add(last.get(new NDIndex("{}, {}", b, at)));
        }
        return NDArrays.stack(rows);
    }

    /** Checks that {@code p} holds every weight {@code c} needs with its shape; {@code file} names the weights in errors. */
    public static void checkWeights(ClipTextConfig c, Params p, String file) throws ModelPackException {
        int d = c.hiddenSize(), f = c.intermediateSize();
        expect(p, "embeddings.token_embedding.weight", file, c.vocabSize(), d);
        expect(p, "embeddings.position_embedding.weight", file, c.maxPositionEmbeddings(), d);
        expect(p, "final_layer_norm.weight", file, d);
        expect(p, "final_layer_norm.bias", file, d);
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            Params l = p.at("encoder.layers", i);
            for (String proj : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
                expect(l, "self_attn." + proj + ".weight", file, d, d);
                expect(l, "self_attn." + proj + ".bias", file, d);
            }
            for (String norm : List.of("layer_norm1", "layer_norm2")) {
                expect(l, norm + ".weight", file, d);
                expect(l, norm + ".bias", file, d);
            }
            expect(l, "mlp.fc1.weight", file, f, d);
            expect(l, "mlp.fc1.bias", file, f);
            expect(l, "mlp.fc2.weight", file, d, f);
            expect(l, "mlp.fc2.bias", file, d);
        }
    }

    private static void expect(Params p, String name, String file, long... shape) throws ModelPackException {
        if (!p.has(name)) throw new ModelPackException(file + ": weight '" + p.key(name) + "' is missing");
        Shape actual = p.get(name).getShape();
        if (!actual.equals(new Shape(shape))) {
            throw new ModelPackException(file + ": weight '" + p.key(name) + "' has shape " + actual + ", the config needs "
                    + new Shape(shape));
        }
    }
}
