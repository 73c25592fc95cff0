package cinegen.engine.diffusers.clip;

import cinegen.engine.diffusers.ConfigJson;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Path;

/**
 * The fields of transformers' {@code CLIPTextConfig} that the text encoder uses, from a text_encoder/config.json
 * (or the {@code text_config} of a full CLIPModel config).
 *
 * @param eosTokenId the token whose first position gives the pooled output; the value 2, a conversion leftover in real
 *                   SD1.5 configs, makes transformers pool at the argmax of the ids instead ({@link #legacyEosPooling})
 */
public record ClipTextConfig(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
                             int numAttentionHeads, int maxPositionEmbeddings, String hiddenAct, float layerNormEps,
                             int bosTokenId, int eosTokenId, int padTokenId) {

    public ClipTextConfig {
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads "
                    + numAttentionHeads);
        }
        if (!hiddenAct.equals("quick_gelu") && !hiddenAct.equals("gelu")) {
            throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported (quick_gelu or gelu)");
        }
    }

    /** Reads config.json. The sizes are required; the rest default as in transformers' CLIPTextConfig. */
    public static ClipTextConfig load(Path configJson) throws ModelPackException {
        ConfigJson c = ConfigJson.read(configJson);
        if (c.isSet("text_config") && !c.isSet("hidden_size")) c = c.section("text_config");
        try {
            return new ClipTextConfig(
                    positive(c, "vocab_size"), positive(c, "hidden_size"), positive(c, "intermediate_size"),
                    positive(c, "num_hidden_layers"), positive(c, "num_attention_heads"),
                    c.integer("max_position_embeddings", 77), c.string("hidden_act", "quick_gelu"),
                    c.number("layer_norm_eps", 1e-5f),
                    c.integer("bos_token_id", 49406), c.integer("eos_token_id", 49407), c.integer("pad_token_id", 1));
        } catch (IllegalArgumentException e) {
            throw new ModelPackException(c.source() + ": " + e.getMessage());
        }
    }

    /** Whether pooling takes the argmax of the ids (transformers' legacy branch for {@code eos_token_id == 2}). */
    public boolean legacyEosPooling() { return eosTokenId == 2; }

    public int headDim() { return hiddenSize / numAttentionHeads; }

    private static int positive(ConfigJson c, String key) throws ModelPackException {
        int v = c.requiredInteger(key);
        if (v <= 0) throw c.error(key, "is not a positive integer: " + v);
        return v;
    }
}
