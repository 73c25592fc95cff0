package cinegen.engine.diffusers.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Kohya's LoRA names flatten a module path by replacing every dot with an underscore
 * ({@code down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q}). The dots come back by reading the name as
 * a sequence of known identifiers: the multi-word ones of diffusers', the original SD and CLIP's modules are matched
 * first (longest first), anything else is one underscore-free word.
 */
final class KohyaNames {
    private static final List<String> COMPOUND = new ArrayList<>(List.of(
            // diffusers UNet / motion modules
            "down_blocks", "up_blocks", "mid_block", "transformer_blocks", "motion_modules", "time_emb_proj",
            "conv_shortcut", "conv_in", "conv_out", "conv_norm_out", "proj_in", "proj_out", "to_q", "to_k", "to_v",
            "to_out", "time_embedding", "linear_1", "linear_2", "pos_embed", "add_embedding", "class_embedding",
            // original SD UNet and AnimateDiff
            "input_blocks", "middle_block", "output_blocks", "in_layers", "out_layers", "emb_layers",
            "skip_connection", "time_embed", "label_emb", "temporal_transformer", "attention_blocks", "ff_norm",
            "pos_encoder",
            // CLIP text model
            "text_model", "self_attn", "q_proj", "k_proj", "v_proj", "out_proj", "layer_norm1", "layer_norm2",
            "final_layer_norm", "token_embedding", "position_embedding", "text_projection"));

    static {
        COMPOUND.sort(Comparator.comparingInt(String::length).reversed());
    }

    private KohyaNames() {}

    /** The dotted module path of an underscored one. */
    static String toDotted(String underscored) {
        StringBuilder out = new StringBuilder();
        int i = 0, n = underscored.length();
        while (i < n) {
            String word = null;
            for (String c : COMPOUND) {
                if (underscored.startsWith(c, i) && (i + c.length() == n || underscored.charAt(i + c.length()) == '_')) {
                    word = c;
                    break;
                }
            }
            if (word == null) {
                int end = underscored.indexOf('_', i);
                word = underscored.substring(i, end < 0 ? n : end);
            }
            if (out.length() > 0) out.append('.');
            out.append(word);
            i += word.length() + 1;
        }
        return out.toString();
    }

    /** The underscored form kohya writes. */
    static String toUnderscored(String dotted) { return dotted.replace('.', '_'); }
}
