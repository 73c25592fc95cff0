package cinegen.engine.diffusers.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The name maps between diffusers and the original single-file layouts of Stable Diffusion 1.x components and
 * AnimateDiff motion modules. UNet and VAE maps are computed from their layout (levels, resnets per level, where the
 * attention is), so any channel widths, depths and input channel counts (9-channel inpainting) map the same way.
 */
public final class KeyMaps {
    /** Where the components live in an original SD 1.x checkpoint. */
    public static final String UNET_PREFIX = "model.diffusion_model.";
    public static final String VAE_PREFIX = "first_stage_model.";
    public static final String TEXT_ENCODER_PREFIX = "cond_stage_model.transformer.";

    private static final String[][] UNET_RESNET = {
            {"norm1", "in_layers.0"}, {"conv1", "in_layers.2"}, {"time_emb_proj", "emb_layers.1"},
            {"norm2", "out_layers.0"}, {"conv2", "out_layers.3"}, {"conv_shortcut", "skip_connection"}};
    private static final String[][] VAE_RESNET = {
            {"norm1", "norm1"}, {"conv1", "conv1"}, {"norm2", "norm2"}, {"conv2", "conv2"}, {"conv_shortcut", "nin_shortcut"}};
    private static final String[][] VAE_ATTENTION = {
            {"group_norm", "norm"}, {"to_q", "q"}, {"to_k", "k"}, {"to_v", "v"}, {"to_out.0", "proj_out"}};
    private static final String[][] ANY = {};

    private KeyMaps() {}

    /** UNet2DConditionModel (and the 2D part of UNetMotionModel) <-> {@code model.diffusion_model.*}. */
    public static KeyMap unet(UnetLayout layout) { return unet(layout, UNET_PREFIX); }

    public static KeyMap unet(UnetLayout layout, String prefix) {
        RuleMap m = new RuleMap("UNet", prefix);
        int n = layout.levels(), per = layout.layersPerBlock() + 1;
        m.add("time_embedding.linear_1", "time_embed.0", ANY);
        m.add("time_embedding.linear_2", "time_embed.2", ANY);
        // LCM-distilled UNets converted to the single-file layout keep diffusers' name for the guidance projection
        m.add("time_embedding.cond_proj", "time_embedding.cond_proj", ANY);
        m.add("conv_in", "input_blocks.0.0", ANY);
        m.add("conv_norm_out", "out.0", ANY);
        m.add("conv_out", "out.2", ANY);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < layout.layersPerBlock(); j++) {
                int block = 1 + i * per + j;
                m.add("down_blocks." + i + ".resnets." + j, "input_blocks." + block + ".0", UNET_RESNET);
                if (layout.downAttention().get(i)) m.add("down_blocks." + i + ".attentions." + j, "input_blocks." + block + ".1", ANY);
            }
            if (i < n - 1) m.add("down_blocks." + i + ".downsamplers.0.conv", "input_blocks." + ((i + 1) * per) + ".0.op", ANY);
        }
        m.add("mid_block.resnets.0", "middle_block.0", UNET_RESNET);
        if (layout.midAttention()) {
            m.add("mid_block.attentions.0", "middle_block.1", ANY);
            m.add("mid_block.resnets.1", "middle_block.2", UNET_RESNET);
        } else {
            m.add("mid_block.resnets.1", "middle_block.1", UNET_RESNET);
        }
        for (int i = 0; i < n; i++) {
            boolean attn = layout.upAttention().get(i);
            for (int j = 0; j < per; j++) {
                int block = i * per + j;
                m.add("up_blocks." + i + ".resnets." + j, "output_blocks." + block + ".0", UNET_RESNET);
                if (attn) m.add("up_blocks." + i + ".attentions." + j, "output_blocks." + block + ".1", ANY);
            }
            if (i < n - 1) m.add("up_blocks." + i + ".upsamplers.0.conv", "output_blocks." + (i * per + per - 1) + "." + (attn ? 2 : 1) + ".conv", ANY);
        }
        return m;
    }

    /** AutoencoderKL <-> {@code first_stage_model.*} (as in a full checkpoint). */
    public static KeyMap vae(VaeLayout layout) { return vae(layout, VAE_PREFIX); }

    /** AutoencoderKL <-> the original layout under {@code prefix} ("" for a VAE file of its own). */
    public static KeyMap vae(VaeLayout layout, String prefix) {
        RuleMap m = new RuleMap("VAE", prefix);
        int n = layout.levels();
        m.add("quant_conv", "quant_conv", ANY);
        m.add("post_quant_conv", "post_quant_conv", ANY);
        for (String part : new String[]{"encoder", "decoder"}) {
            m.add(part + ".conv_in", part + ".conv_in", ANY);
            m.add(part + ".conv_norm_out", part + ".norm_out", ANY);
            m.add(part + ".conv_out", part + ".conv_out", ANY);
            m.add(part + ".mid_block.resnets.0", part + ".mid.block_1", VAE_RESNET);
            m.add(part + ".mid_block.resnets.1", part + ".mid.block_2", VAE_RESNET);
            m.addLinearAttention(part + ".mid_block.attentions.0", part + ".mid.attn_1", VAE_ATTENTION);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < layout.layersPerBlock(); j++) {
                m.add("encoder.down_blocks." + i + ".resnets." + j, "encoder.down." + i + ".block." + j, VAE_RESNET);
            }
            if (i < n - 1) m.add("encoder.down_blocks." + i + ".downsamplers.0.conv", "encoder.down." + i + ".downsample.conv", ANY);
            int orig = n - 1 - i; // the original decoder numbers its levels from the highest resolution
            for (int j = 0; j <= layout.layersPerBlock(); j++) {
                m.add("decoder.up_blocks." + i + ".resnets." + j, "decoder.up." + orig + ".block." + j, VAE_RESNET);
            }
            if (i < n - 1) m.add("decoder.up_blocks." + i + ".upsamplers.0.conv", "decoder.up." + orig + ".upsample.conv", ANY);
        }
        m.ignorePrefix("loss.");
        return m;
    }

    /** transformers CLIPTextModel <-> {@code cond_stage_model.transformer.*}. */
    public static KeyMap textEncoder() { return textEncoder(TEXT_ENCODER_PREFIX); }

    /** CLIPTextModel <-> {@code prefix + "text_model.*"}; files without the {@code text_model.} level are read too. */
    public static KeyMap textEncoder(String prefix) {
        RuleMap m = new RuleMap("text encoder", prefix);
        m.add("text_model", "text_model", ANY);
        for (String part : new String[]{"embeddings", "encoder", "final_layer_norm"}) m.addAlias("text_model." + part, part);
        m.ignoreKey("text_model.embeddings.position_ids");
        m.ignoreKey("embeddings.position_ids");
        return m;
    }

    /** MotionAdapter (and the motion modules of UNetMotionModel) <-> AnimateDiff's original motion module names. */
    public static KeyMap motionModule() { return new MotionMap(""); }

    public static KeyMap motionModule(String prefix) { return new MotionMap(prefix); }

    /** Where ComfyUI keeps TAESD's decoder when it holds both halves in one state dict. */
    public static final String TAESD_DECODER_PREFIX = "taesd_decoder.";

    /**
     * TAESD's decoder: diffusers' AutoencoderTiny {@code decoder.layers.N.*} <-> the {@code nn.Sequential} of
     * madebyollin's taesd.py ({@code taesd_decoder.pth}, ComfyUI's {@code vae_approx/}) under {@code prefix}, whose
     * module 0 is the weightless clamp, so its module N+1 is diffusers' layer N ({@code 1.weight} is
     * {@code decoder.layers.0.weight}, {@code 3.conv.0.weight} is {@code decoder.layers.2.conv.0.weight}).
     */
    public static KeyMap taesdDecoder(String prefix) {
        String layers = "decoder.layers.";
        return new KeyMap() {
            @Override public String component() { return "TAESD decoder"; }

            @Override public String originalPrefix() { return prefix; }

            @Override
            public String toOriginal(String diffusersKey) {
                int[] split = leadingIndex(diffusersKey, layers);
                if (split == null) throw new IllegalArgumentException("'" + diffusersKey + "' is not a weight of the TAESD decoder");
                return prefix + (split[0] + 1) + diffusersKey.substring(split[1]);
            }

            @Override
            public String toDiffusers(String originalKey) {
                int[] split = leadingIndex(originalKey, prefix);
                if (split == null || split[0] < 1) return null;
                return layers + (split[0] - 1) + originalKey.substring(split[1]);
            }

            @Override public boolean isIgnored(String originalKey) { return false; }
        };
    }

    /** {index, end of the index} of a key "{prefix}{index}.{rest}", or null when it is not of that form. */
    private static int[] leadingIndex(String key, String prefix) {
        if (!key.startsWith(prefix)) return null;
        int start = prefix.length(), end = start;
        while (end < key.length() && Character.isDigit(key.charAt(end))) end++;
        if (end == start || end - start > 4 || end >= key.length() || key.charAt(end) != '.') return null;
        return new int[] {Integer.parseInt(key.substring(start, end)), end};
    }

    /**
     * UNetMotionModel <-> an original UNet ({@code model.diffusion_model.*}) plus original motion module names:
     * keys with {@code .motion_modules.} go to the motion map, the rest to the UNet map.
     */
    public static KeyMap unetMotion(UnetLayout layout) {
        KeyMap unet = unet(layout), motion = motionModule();
        return new KeyMap() {
            public String component() { return "motion UNet"; }
            public String originalPrefix() { return ""; }
            private KeyMap forDiffusers(String k) { return k.contains(".motion_modules.") ? motion : unet; }
            private KeyMap forOriginal(String k) { return k.startsWith(unet.originalPrefix()) ? unet : motion; }
            public String toOriginal(String k) { return forDiffusers(k).toOriginal(k); }
            public String toDiffusers(String k) { return forOriginal(k).toDiffusers(k); }
            public boolean isIgnored(String k) { return forOriginal(k).isIgnored(k); }
        };
    }

    /** A map made of module-level rules: a diffusers module path <-> an original one, with renamed children. */
    static final class RuleMap implements KeyMap {
        private record Rule(String diffusers, String original, String[][] children, boolean linearAttention) {
            String child(String rest, boolean toOriginal) {
                if (children.length == 0) return rest;
                for (String[] c : children) {
                    String from = toOriginal ? c[0] : c[1], to = toOriginal ? c[1] : c[0];
                    if (rest.equals(from)) return to;
                    if (rest.startsWith(from + ".")) return to + rest.substring(from.length());
                }
                return null; // a module with known children: anything else is not of this layout
            }
        }

        private final String component, prefix;
        private final Map<String, Rule> byDiffusers = new HashMap<>(), byOriginal = new HashMap<>();
        private final List<String> ignoredKeys = new ArrayList<>(), ignoredPrefixes = new ArrayList<>();

        RuleMap(String component, String prefix) {
            this.component = component;
            this.prefix = prefix;
        }

        void add(String diffusers, String original, String[][] children) { add(new Rule(diffusers, original, children, false), true); }

        void addLinearAttention(String diffusers, String original, String[][] children) { add(new Rule(diffusers, original, children, true), true); }

        /** An original module name read into {@code diffusers} but never written. */
        void addAlias(String diffusers, String original) {
            Rule r = new Rule(diffusers, original, ANY, false);
            if (byOriginal.putIfAbsent(original, r) != null) throw new IllegalStateException("two rules for " + original);
        }

        private void add(Rule r, boolean both) {
            if (byDiffusers.putIfAbsent(r.diffusers(), r) != null) throw new IllegalStateException("two rules for " + r.diffusers());
            if (both && byOriginal.putIfAbsent(r.original(), r) != null) throw new IllegalStateException("two rules for " + r.original());
        }

        void ignoreKey(String relative) { ignoredKeys.add(relative); }

        void ignorePrefix(String relative) { ignoredPrefixes.add(relative); }

        @Override public String component() { return component; }

        @Override public String originalPrefix() { return prefix; }

        /** The rule of the longest module path that {@code key} starts with, and the rest after it. */
        private static Object[] find(Map<String, Rule> rules, String key) {
            int end = key.length();
            while (end > 0) {
                Rule r = rules.get(key.substring(0, end));
                if (r != null) return new Object[]{r, end == key.length() ? "" : key.substring(end + 1)};
                end = key.lastIndexOf('.', end - 1);
            }
            return null;
        }

        @Override
        public String toOriginal(String diffusersKey) {
            Object[] f = find(byDiffusers, diffusersKey);
            String rest = f == null ? null : ((Rule) f[0]).child((String) f[1], true);
            if (rest == null) throw new IllegalArgumentException("'" + diffusersKey + "' is not a weight of this " + component + " layout");
            Rule r = (Rule) f[0];
            return prefix + r.original() + (rest.isEmpty() ? "" : "." + rest);
        }

        @Override
        public String toDiffusers(String originalKey) {
            if (!originalKey.startsWith(prefix) || isIgnored(originalKey)) return null;
            String rel = originalKey.substring(prefix.length());
            Object[] f = find(byOriginal, rel);
            if (f == null) return null;
            Rule r = (Rule) f[0];
            String rest = r.child((String) f[1], false);
            if (rest == null) return null;
            return r.diffusers() + (rest.isEmpty() ? "" : "." + rest);
        }

        @Override
        public boolean isIgnored(String originalKey) {
            if (!originalKey.startsWith(prefix)) return false;
            String rel = originalKey.substring(prefix.length());
            if (ignoredKeys.contains(rel)) return true;
            for (String p : ignoredPrefixes) if (rel.startsWith(p)) return true;
            return false;
        }

        private boolean isLinearAttentionWeight(String diffusersKey) {
            Object[] f = find(byDiffusers, diffusersKey);
            return f != null && ((Rule) f[0]).linearAttention() && diffusersKey.endsWith(".weight")
                    && !((String) f[1]).startsWith("group_norm");
        }

        /** The original VAE stores its attention projections as 1x1 convolutions [out, in, 1, 1]. */
        @Override
        public long[] toDiffusersShape(String diffusersKey, long[] s) {
            if (isLinearAttentionWeight(diffusersKey) && s.length == 4 && s[2] == 1 && s[3] == 1) return new long[]{s[0], s[1]};
            return s;
        }

        @Override
        public long[] toOriginalShape(String diffusersKey, long[] s) {
            if (isLinearAttentionWeight(diffusersKey) && s.length == 2) return new long[]{s[0], s[1], 1, 1};
            return s;
        }
    }

    /**
     * AnimateDiff motion modules. Original: {@code <block>.motion_modules.M.temporal_transformer.{norm, proj_in,
     * proj_out, transformer_blocks.T.{attention_blocks.A, norms.A, ff, ff_norm}}}, with a sinusoidal
     * {@code pos_encoder.pe} buffer in each attention block; diffusers drops {@code temporal_transformer}, names the
     * attention blocks attn1/attn2, the norms norm1/norm2 and ff_norm norm3, and keeps one {@code pos_embed.pe}
     * per transformer block (the same table: attention block 0's is read, block 1's is a duplicate).
     */
    static final class MotionMap implements KeyMap {
        private static final String MM = ".motion_modules.", TT = "temporal_transformer.";
        private final String prefix;

        MotionMap(String prefix) { this.prefix = prefix; }

        @Override public String component() { return "motion module"; }

        @Override public String originalPrefix() { return prefix; }

        /** Index just after "motion_modules.M." in {@code key}, or -1. */
        private static int afterModule(String key) {
            int at = key.indexOf(MM);
            if (at < 0 || !isBlock(key.substring(0, at))) return -1;
            int dot = key.indexOf('.', at + MM.length());
            if (dot < 0 || !isIndex(key.substring(at + MM.length(), dot))) return -1;
            return dot + 1;
        }

        private static boolean isBlock(String b) {
            if (b.equals("mid_block")) return true;
            String[] s = b.split("\\.");
            return s.length == 2 && (s[0].equals("down_blocks") || s[0].equals("up_blocks")) && isIndex(s[1]);
        }

        private static boolean isIndex(String s) {
            if (s.isEmpty() || s.length() > 4) return false;
            for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
            return true;
        }

        @Override
        public String toOriginal(String k) {
            int cut = afterModule(k);
            String rest = cut < 0 ? null : restToOriginal(k.substring(cut));
            if (rest == null) throw new IllegalArgumentException("'" + k + "' is not a motion module weight");
            return prefix + k.substring(0, cut) + TT + rest;
        }

        private static String restToOriginal(String r) {
            for (String top : new String[]{"norm.", "proj_in.", "proj_out."}) if (r.startsWith(top)) return r;
            String[] s = r.split("\\.", 4); // transformer_blocks, T, module, leaf...
            if (s.length < 4 || !s[0].equals("transformer_blocks") || !isIndex(s[1])) return null;
            String head = "transformer_blocks." + s[1] + ".";
            String leaf = s[3];
            return switch (s[2]) {
                case "attn1" -> head + "attention_blocks.0." + leaf;
                case "attn2" -> head + "attention_blocks.1." + leaf;
                case "norm1" -> head + "norms.0." + leaf;
                case "norm2" -> head + "norms.1." + leaf;
                case "norm3" -> head + "ff_norm." + leaf;
                case "ff" -> head + "ff." + leaf;
                case "pos_embed" -> leaf.equals("pe") ? head + "attention_blocks.0.pos_encoder.pe" : null;
                default -> null;
            };
        }

        @Override
        public String toDiffusers(String originalKey) {
            if (!originalKey.startsWith(prefix) || isIgnored(originalKey)) return null;
            String k = originalKey.substring(prefix.length());
            int cut = afterModule(k);
            if (cut < 0 || !k.startsWith(TT, cut)) return null;
            String r = k.substring(cut + TT.length());
            for (String top : new String[]{"norm.", "proj_in.", "proj_out."}) if (r.startsWith(top)) return k.substring(0, cut) + r;
            String[] s = r.split("\\.", 5); // transformer_blocks, T, module, [index], leaf...
            if (s.length < 4 || !s[0].equals("transformer_blocks") || !isIndex(s[1])) return null;
            String head = k.substring(0, cut) + "transformer_blocks." + s[1] + ".";
            switch (s[2]) {
                case "ff": return head + "ff." + r.substring(("transformer_blocks." + s[1] + ".ff.").length());
                case "ff_norm": return head + "norm3." + r.substring(("transformer_blocks." + s[1] + ".ff_norm.").length());
                case "attention_blocks", "norms": {
                    if (s.length < 5 || !(s[3].equals("0") || s[3].equals("1"))) return null;
                    int a = Integer.parseInt(s[3]);
                    if (s[2].equals("norms")) return head + "norm" + (a + 1) + "." + s[4];
                    if (s[4].equals("pos_encoder.pe")) return a == 0 ? head + "pos_embed.pe" : null;
                    return head + "attn" + (a + 1) + "." + s[4];
                }
                default: return null;
            }
        }

        @Override
        public boolean isIgnored(String originalKey) {
            return originalKey.startsWith(prefix) && originalKey.endsWith(".attention_blocks.1.pos_encoder.pe")
                    && originalKey.contains(MM);
        }
    }
}
