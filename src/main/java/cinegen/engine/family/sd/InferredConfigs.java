package cinegen.engine.family.sd;

import cinegen.engine.diffusers.clip.ClipTextConfig;
import cinegen.engine.diffusers.io.KeyMap;
import cinegen.engine.diffusers.io.ModelFileException;
import cinegen.engine.diffusers.io.TensorSource;
import cinegen.engine.diffusers.io.UnetLayout;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configs of single-file components: what the weights' names and shapes tell (channels, depths, where the
 * attention is, widths), over Stable Diffusion 1.5's published configs (resources beside this class) for what they
 * cannot tell (heads, norm groups, sample size, scaling factor...), under the sidecar's overrides. Reads headers only.
 */
final class InferredConfigs {
    static final String UNET = "unet_config.json", VAE = "vae_config.json", TEXT_ENCODER = "text_encoder_config.json",
            SCHEDULER = "scheduler_config.json";
    /** diffusers' MotionAdapter default; the weights do not tell the head count. */
    static final int MOTION_HEADS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private InferredConfigs() {}

    /** One of SD 1.5's published configs shipped with this class. */
    static ObjectNode published(String resource) {
        try (InputStream in = InferredConfigs.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the build");
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("resource " + resource + " cannot be read", e);
        }
    }

    /** {@code base} with the keys of each later node set over it. */
    static ObjectNode merge(ObjectNode base, ObjectNode... layers) {
        ObjectNode out = base.deepCopy();
        for (ObjectNode l : layers) out.setAll(l.deepCopy());
        return out;
    }

    /** The diffusers names and shapes of {@code map}'s component in an original-layout file (header only). */
    static Map<String, long[]> shapes(TensorSource src, KeyMap map) throws ModelFileException {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String k : src.names()) {
            if (!k.startsWith(map.originalPrefix()) || map.isIgnored(k)) continue;
            String d = map.toDiffusers(k);
            if (d != null) out.put(d, map.toDiffusersShape(d, src.info(k).shape()));
        }
        return out;
    }

    /** Names and shapes of a diffusers-layout file, keys under {@code prefix} with the prefix removed. */
    static Map<String, long[]> shapes(TensorSource src, String prefix) throws ModelFileException {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String k : src.names()) if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), src.info(k).shape());
        return out;
    }

    // ---- UNet2DConditionModel

    static ObjectNode unet(UnetLayout layout, Map<String, long[]> shapes, Path file) throws ModelFileException {
        ObjectNode c = JSON.createObjectNode();
        int n = layout.levels();
        c.put("in_channels", layout.inChannels());
        c.put("out_channels", dim(shapes, "conv_out.weight", 0, file, "UNet"));
        ArrayNode boc = c.putArray("block_out_channels"), down = c.putArray("down_block_types"), up = c.putArray("up_block_types");
        for (int i = 0; i < n; i++) {
            boc.add(layout.blockOutChannels().get(i));
            down.add(layout.downAttention().get(i) ? "CrossAttnDownBlock2D" : "DownBlock2D");
            up.add(layout.upAttention().get(i) ? "CrossAttnUpBlock2D" : "UpBlock2D");
        }
        c.put("layers_per_block", layout.layersPerBlock());
        c.put("mid_block_type", layout.midAttention() ? "UNetMidBlock2DCrossAttn" : "UNetMidBlock2D");
        ArrayNode depth = c.putArray("transformer_layers_per_block");
        for (int i = 0; i < n; i++) {
            int t = count(shapes, "down_blocks." + i + ".attentions.0.transformer_blocks.");
            depth.add(Math.max(1, t));
        }
        if (layout.midAttention()) c.put("transformer_layers_per_mid_block", Math.max(1, count(shapes, "mid_block.attentions.0.transformer_blocks.")));
        long[] cond = shapes.get("time_embedding.cond_proj.weight");
        if (cond != null && cond.length == 2) c.put("time_cond_proj_dim", cond[1]); // an LCM-distilled UNet's guidance embedding
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            if (e.getKey().endsWith(".attn2.to_k.weight")) {
                c.put("cross_attention_dim", e.getValue()[1]);
                break;
            }
        }
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            if (e.getKey().contains(".attentions.") && e.getKey().endsWith(".proj_in.weight")) {
                c.put("use_linear_projection", e.getValue().length == 2);
                break;
            }
        }
        return c;
    }

    // ---- AutoencoderKL

    private static final Pattern VAE_DOWN = Pattern.compile("encoder\\.down_blocks\\.(\\d+)\\.resnets\\.(\\d+)\\..*");

    static ObjectNode vae(Map<String, long[]> shapes, Path file) throws ModelFileException {
        TreeSet<Integer> levels = new TreeSet<>(), resnets = new TreeSet<>();
        for (String k : shapes.keySet()) {
            Matcher m = VAE_DOWN.matcher(k);
            if (m.matches()) {
                levels.add(Integer.parseInt(m.group(1)));
                if (m.group(1).equals("0")) resnets.add(Integer.parseInt(m.group(2)));
            }
        }
        if (levels.isEmpty()) throw new ModelFileException(file, "has no VAE encoder (no encoder down blocks)");
        int n = levels.last() + 1;
        ObjectNode c = JSON.createObjectNode();
        ArrayNode boc = c.putArray("block_out_channels"), down = c.putArray("down_block_types"), up = c.putArray("up_block_types");
        for (int i = 0; i < n; i++) {
            boc.add(dim(shapes, "encoder.down_blocks." + i + ".resnets.0.conv2.weight", 0, file, "VAE"));
            down.add("DownEncoderBlock2D");
            up.add("UpDecoderBlock2D");
        }
        c.put("layers_per_block", resnets.last() + 1);
        c.put("in_channels", dim(shapes, "encoder.conv_in.weight", 1, file, "VAE"));
        c.put("out_channels", dim(shapes, "decoder.conv_out.weight", 0, file, "VAE"));
        c.put("latent_channels", dim(shapes, "decoder.conv_in.weight", 1, file, "VAE"));
        c.put("use_quant_conv", shapes.containsKey("quant_conv.weight"));
        c.put("use_post_quant_conv", shapes.containsKey("post_quant_conv.weight"));
        c.put("mid_block_add_attention", shapes.containsKey("encoder.mid_block.attentions.0.to_q.weight")
                || shapes.containsKey("encoder.mid_block.attentions.0.query.weight"));
        return c;
    }

    // ---- CLIPTextModel (names under text_model.)

    static ObjectNode textEncoder(Map<String, long[]> shapes, Path file) throws ModelFileException {
        ObjectNode c = JSON.createObjectNode();
        String e = "text_model.embeddings.";
        c.put("vocab_size", dim(shapes, e + "token_embedding.weight", 0, file, "text encoder"));
        c.put("hidden_size", dim(shapes, e + "token_embedding.weight", 1, file, "text encoder"));
        c.put("max_position_embeddings", dim(shapes, e + "position_embedding.weight", 0, file, "text encoder"));
        int layers = count(shapes, "text_model.encoder.layers.");
        if (layers == 0) throw new ModelFileException(file, "its text encoder has no layers (no text_model.encoder.layers.0)");
        c.put("num_hidden_layers", layers);
        c.put("intermediate_size", dim(shapes, "text_model.encoder.layers.0.mlp.fc1.weight", 0, file, "text encoder"));
        return c;
    }

    /** transformers' CLIPTextConfig from a merged config (defaults as transformers' for absent optional keys). */
    static ClipTextConfig clipConfig(JsonNode c, String source) throws ModelPackException {
        try {
            return new ClipTextConfig(positive(c, "vocab_size", source), positive(c, "hidden_size", source),
                    positive(c, "intermediate_size", source), positive(c, "num_hidden_layers", source),
                    positive(c, "num_attention_heads", source), positive(c, "max_position_embeddings", source),
                    c.path("hidden_act").asText("quick_gelu"), (float) c.path("layer_norm_eps").asDouble(1e-5),
                    c.path("bos_token_id").asInt(49406), c.path("eos_token_id").asInt(49407), c.path("pad_token_id").asInt(1));
        } catch (IllegalArgumentException e) {
            throw new ModelPackException(source + ": " + e.getMessage());
        }
    }

    private static int positive(JsonNode c, String key, String source) throws ModelPackException {
        JsonNode v = c.get(key);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) throw new ModelPackException(source + ": '" + key + "' is not a positive integer: " + v);
        return v.asInt();
    }

    // ---- MotionAdapter (diffusers names: <block>.motion_modules.M.transformer_blocks.T...)

    private static final Pattern MOTION = Pattern.compile("(down_blocks\\.(\\d+)|up_blocks\\.(\\d+)|mid_block)\\.motion_modules\\.(\\d+)\\.(.*)");

    /**
     * @param unetGroups the base UNet's norm_num_groups, recorded as motion_norm_num_groups (the motion modules
     *     normalise with the UNet's)
     */
    static ObjectNode motionAdapter(Map<String, long[]> shapes, Path file, int unetGroups) throws ModelFileException {
        java.util.TreeMap<Integer, TreeSet<Integer>> down = new java.util.TreeMap<>(), up = new java.util.TreeMap<>();
        TreeSet<Integer> mid = new TreeSet<>();
        long maxSeq = -1;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            Matcher m = MOTION.matcher(e.getKey());
            if (!m.matches()) continue;
            int layer = Integer.parseInt(m.group(4));
            if (m.group(2) != null) down.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new TreeSet<>()).add(layer);
            else if (m.group(3) != null) up.computeIfAbsent(Integer.parseInt(m.group(3)), k -> new TreeSet<>()).add(layer);
            else mid.add(layer);
            if (m.group(5).endsWith("pos_embed.pe") && e.getValue().length == 3) maxSeq = Math.max(maxSeq, e.getValue()[1]);
        }
        if (down.isEmpty()) throw new ModelFileException(file, "has no motion modules in its down blocks (no down_blocks.N.motion_modules)");
        int n = down.size();
        if (down.lastKey() != n - 1) throw new ModelFileException(file, "its motion modules skip a down block (levels " + down.keySet() + ")");
        int layers = down.get(0).size();
        for (var e : down.entrySet()) {
            if (e.getValue().size() != layers) {
                throw new ModelFileException(file, "its down blocks have different numbers of motion modules (" + counts(down) + ")");
            }
        }
        for (int i = 0; i < n; i++) {
            TreeSet<Integer> u = up.get(i);
            if (u == null || u.size() != layers + 1) {
                throw new ModelFileException(file, "its up block " + i + " has " + (u == null ? 0 : u.size()) + " motion modules where "
                        + (layers + 1) + " are expected (down blocks have " + layers + ")");
            }
        }
        ObjectNode c = JSON.createObjectNode();
        ArrayNode boc = c.putArray("block_out_channels");
        for (int i = 0; i < n; i++) boc.add(dim(shapes, "down_blocks." + i + ".motion_modules.0.norm.weight", 0, file, "motion module"));
        c.put("motion_layers_per_block", layers);
        c.put("motion_transformer_layers_per_block", Math.max(1, count(shapes, "down_blocks.0.motion_modules.0.transformer_blocks.")));
        c.put("use_motion_mid_block", !mid.isEmpty());
        if (!mid.isEmpty()) {
            c.put("motion_mid_block_layers_per_block", mid.size());
            c.put("motion_transformer_layers_per_mid_block", Math.max(1, count(shapes, "mid_block.motion_modules.0.transformer_blocks.")));
        }
        c.put("motion_num_attention_heads", MOTION_HEADS);
        c.put("motion_norm_num_groups", unetGroups);
        if (maxSeq > 0) c.put("motion_max_seq_length", maxSeq);
        if (shapes.containsKey("conv_in.weight")) c.put("conv_in_channels", shapes.get("conv_in.weight")[1]);
        return c;
    }

    private static String counts(Map<Integer, TreeSet<Integer>> blocks) {
        StringBuilder b = new StringBuilder();
        blocks.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append("block ").append(k).append(": ").append(v.size()));
        return b.toString();
    }

    // ---- helpers

    /** How many numbered children {@code prefix + "N."} there are (the highest N plus one; 0 for none). */
    static int count(Map<String, long[]> shapes, String prefix) {
        int max = -1;
        for (String k : shapes.keySet()) {
            if (!k.startsWith(prefix)) continue;
            int dot = k.indexOf('.', prefix.length());
            if (dot < 0) continue;
            try {
                max = Math.max(max, Integer.parseInt(k.substring(prefix.length(), dot)));
            } catch (NumberFormatException ignored) {
                // not a numbered child
            }
        }
        return max + 1;
    }

    private static long dim(Map<String, long[]> shapes, String key, int axis, Path file, String component) throws ModelFileException {
        long[] s = shapes.get(key);
        if (s == null) throw new ModelFileException(file, "its " + component + " has no weight '" + key + "' (diffusers name), so it is not a complete " + component);
        if (s.length <= axis) throw new ModelFileException(file, "its " + component + " weight '" + key + "' has rank " + s.length + ", expected more than " + axis);
        return s[axis];
    }
}
