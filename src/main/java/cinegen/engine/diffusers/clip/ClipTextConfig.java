package cinegen.engine.diffusers.clip;

import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
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
        String name = configJson.getFileName().toString();
        if (!Files.isRegularFile(configJson)) throw new ModelPackException(name + ": file is missing");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(configJson.toFile());
        } catch (IOException e) {
            throw new ModelPackException(name + ": not valid JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new ModelPackException(name + ": expected a JSON object");
        if (root.has("text_config") && !root.has("hidden_size")) root = root.get("text_config");
        try {
            return new ClipTextConfig(
                    required(root, "vocab_size", name), required(root, "hidden_size", name),
                    required(root, "intermediate_size", name), required(root, "num_hidden_layers", name),
                    required(root, "num_attention_heads", name), optional(root, "max_position_embeddings", 77, name),
                    root.path("hidden_act").asText("quick_gelu"),
                    (float) root.path("layer_norm_eps").asDouble(1e-5),
                    optional(root, "bos_token_id", 49406, name), optional(root, "eos_token_id", 49407, name),
                    optional(root, "pad_token_id", 1, name));
        } catch (IllegalArgumentException e) {
            throw new ModelPackException(name + ": " + e.getMessage());
        }
    }

    /** Whether pooling takes the argmax of the ids (transformers' legacy branch for {@code eos_token_id == 2}). */
    public boolean legacyEosPooling() { return eosTokenId == 2; }

    public int headDim() { return hiddenSize / numAttentionHeads; }

    private static int required(JsonNode root, String key, String file) throws ModelPackException {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) throw new ModelPackException(file + ": '" + key + "' is missing");
        if (!v.canConvertToInt() || v.asInt() <= 0) throw new ModelPackException(file + ": '" + key + "' is not a positive integer: " + v);
        return v.asInt();
    }

    private static int optional(JsonNode root, String key, int fallback, String file) throws ModelPackException {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.canConvertToInt()) throw new ModelPackException(file + ": '" + key + "' is not an integer: " + v);
        return v.asInt();
    }
}
