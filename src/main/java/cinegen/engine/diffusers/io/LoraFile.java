package cinegen.engine.diffusers.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A LoRA file: pairs of low-rank factors whose product, scaled by alpha/rank, is added to one weight of the UNet
 * or the text encoder. Reads kohya's names ({@code lora_unet_<module>.lora_down.weight}, {@code .lora_up.weight},
 * {@code .alpha}; UNet modules in diffusers' or in the original SD layout; {@code lora_te_} for the text encoder),
 * diffusers/PEFT names ({@code unet.<module>.lora_A.weight} / {@code lora_B.weight}, {@code .lora.down/up},
 * {@code text_encoder.<module>.lora_linear_layer.down/up}) and the older attention-processor names
 * ({@code <attn>.processor.to_q_lora.down.weight}), AnimateDiff motion LoRAs included. Every target is a diffusers
 * weight name ({@code down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight}).
 */
public final class LoraFile implements AutoCloseable {
    /** Which model a LoRA entry changes. */
    public enum Component { UNET, TEXT_ENCODER }

    /** How the file names its tensors. */
    public enum Format { KOHYA, PEFT, DIFFUSERS }

    /**
     * One low-rank update: {@code target} (a diffusers weight name of {@code component}) gets
     * {@code up @ down * scale}; {@code down} is [rank, in] or [rank, in, kh, kw], {@code up} [out, rank] or
     * [out, rank, 1, 1].
     */
    public record Entry(Component component, String target, String downKey, String upKey, float scale, long[] downShape, long[] upShape) {
        public int rank() { return (int) downShape[0]; }

        /** The shape of the update: [out, in] or [out, in, kh, kw]. */
        public long[] deltaShape() {
            long[] s = downShape.clone();
            s[0] = upShape[0];
            return s;
        }
    }

    /** What a LoRA file is for, read from its header alone. {@code unusableReason} is null when it can be applied. */
    public record Inspection(Format format, String family, boolean touchesUnet, boolean touchesTextEncoder, boolean touchesMotionModules,
                             int layers, int rank, String unusableReason) {
        public boolean isMotionLora() { return touchesMotionModules && !touchesTextEncoder; }

        public String description() {
            String what = isMotionLora() ? "AnimateDiff motion LoRA" : family + " LoRA";
            List<String> parts = new ArrayList<>();
            if (touchesUnet) parts.add(touchesMotionModules ? "motion modules" : "UNet");
            if (touchesTextEncoder) parts.add("text encoder");
            return what + " (" + String.join(" and ", parts) + ", " + layers + (layers == 1 ? " layer" : " layers") + ", rank " + rank + ")";
        }
    }

    private static final String[][] SUFFIXES = {
            // {suffix, role}: d = down, u = up, a = alpha
            {".lora_down.weight", "d"}, {".lora_up.weight", "u"}, {".alpha", "a"},
            {".lora_A.weight", "d"}, {".lora_B.weight", "u"},
            {".lora_A.default.weight", "d"}, {".lora_B.default.weight", "u"},
            {".lora.down.weight", "d"}, {".lora.up.weight", "u"},
            {".lora_linear_layer.down.weight", "d"}, {".lora_linear_layer.up.weight", "u"},
            {"_lora.down.weight", "d"}, {"_lora.up.weight", "u"}};
    /** Key endings of the LyCORIS variants, which are not low-rank pairs. */
    private static final String[][] OTHER_KINDS = {
            {".hada_w1_a", "LoHa"}, {".hada_w1_b", "LoHa"}, {".lokr_w1", "LoKr"}, {".lokr_w1_a", "LoKr"},
            {".lora_mid.weight", "LoCon with CP decomposition"}, {".dora_scale", "DoRA"}, {".diff", "full-difference (LyCORIS diff)"},
            {".oft_blocks", "OFT"}, {".oft_diag", "OFT"}};

    private final TensorSource src;
    private final Inspection inspection;
    private final List<Entry> entries;

    private LoraFile(TensorSource src, Inspection inspection, List<Entry> entries) {
        this.src = src;
        this.inspection = inspection;
        this.entries = entries;
    }

    /**
     * Opens a LoRA and resolves every target. {@code unet} (the layout of the UNet it will be applied to) is needed
     * only for kohya names in the original SD layout ({@code lora_unet_input_blocks_1_1_...}); it may be null
     * otherwise. Throws, naming the file, for a LoRA that cannot be applied (SDXL, LyCORIS kinds, broken pairs).
     */
    public static LoraFile open(Path file, UnetLayout unet) throws ModelFileException {
        TensorFile tf = TensorFile.open(file);
        try {
            return open(tf, unet);
        } catch (ModelFileException | RuntimeException e) {
            tf.close();
            throw e;
        }
    }

    /** {@link #open(Path, UnetLayout)} on an open source; closing the LoRA closes it. */
    public static LoraFile open(TensorSource src, UnetLayout unet) throws ModelFileException {
        Inspection ins = inspect(src);
        if (ins.unusableReason() != null) throw new ModelFileException(src.path(), ins.unusableReason());
        List<Entry> entries = new ArrayList<>();
        Map<String, Component> seen = new LinkedHashMap<>();
        for (Pair p : pairs(src).values()) {
            if (p.down == null || p.up == null) {
                throw new ModelFileException(src.path(), "the LoRA layer '" + p.base + "' has " + (p.down == null ? "an up" : "a down")
                        + " matrix but no " + (p.down == null ? "down" : "up") + " matrix");
            }
            Resolved r = resolve(src.path(), p.base, unet);
            String target = r.module + ".weight";
            if (seen.put(r.component + ":" + target, r.component) != null) {
                throw new ModelFileException(src.path(), "two LoRA layers change the same weight '" + target + "'");
            }
            TensorInfo down = src.info(p.down), up = src.info(p.up);
            long rank = down.dim(0);
            if (rank < 1 || up.rank() < 2 || up.dim(1) != rank || (down.rank() != 2 && down.rank() != 4)) {
                throw new ModelFileException(src.path(), "the LoRA layer '" + p.base + "' has factors of shapes "
                        + Arrays.toString(down.shape()) + " and " + Arrays.toString(up.shape()) + " that do not multiply");
            }
            float scale = 1f;
            if (p.alpha != null) {
                float[] alpha = src.loadFloats(p.alpha);
                if (alpha.length != 1) throw new ModelFileException(src.path(), "the LoRA alpha '" + p.alpha + "' is not a single number");
                scale = alpha[0] / rank;
            }
            entries.add(new Entry(r.component, target, p.down, p.up, scale, down.shape(), up.shape()));
        }
        return new LoraFile(src, ins, Collections.unmodifiableList(entries));
    }

    public List<Entry> entries() { return entries; }

    public Inspection inspection() { return inspection; }

    public Path path() { return src.path(); }

    /** The update of one entry, {@code up @ down * scale}, shaped [out, in] or [out, in, kh, kw]. */
    public NDArray delta(Entry e, NDManager manager) throws ModelFileException {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray down = src.load(e.downKey(), scratch), up = src.load(e.upKey(), scratch);
            long r = e.rank();
            NDArray d = up.reshape(e.upShape()[0], r).matMul(down.reshape(r, -1)).mul(e.scale()).reshape(new Shape(e.deltaShape()));
            d.attach(manager);
            return d;
        }
    }

    /**
     * {@link #delta} reshaped to the target weight's shape (a 1x1-conv LoRA on a linear weight or the reverse);
     * throws naming the layer when the element counts differ.
     */
    public NDArray delta(Entry e, long[] targetShape, NDManager manager) throws ModelFileException {
        long[] s = e.deltaShape();
        if (Arrays.equals(s, targetShape)) return delta(e, manager);
        if (Arrays.stream(s).reduce(1, Math::multiplyExact) != Arrays.stream(targetShape).reduce(1, Math::multiplyExact)) {
            throw new ModelFileException(src.path(), "the LoRA layer for '" + e.target() + "' makes an update of shape " + Arrays.toString(s)
                    + " but the weight has shape " + Arrays.toString(targetShape));
        }
        NDArray d = delta(e, manager);
        NDArray r = d.reshape(new Shape(targetShape));
        d.close();
        return r;
    }

    @Override
    public void close() { src.close(); }

    // ---- reading names ----

    private static final class Pair {
        final String base;
        String down, up, alpha;

        Pair(String base) { this.base = base; }
    }

    private record Resolved(Component component, String module) {}

    /** The layers of the file: base name -> its down/up/alpha keys. */
    private static Map<String, Pair> pairs(TensorSource src) {
        Map<String, Pair> out = new LinkedHashMap<>();
        for (String k : src.names()) {
            for (String[] s : SUFFIXES) {
                if (k.endsWith(s[0])) {
                    String base = k.substring(0, k.length() - s[0].length());
                    if (s[0].startsWith("_lora.")) base = base.replace(".processor.", ".") + "_lora"; // marks processor names
                    Pair p = out.computeIfAbsent(base, Pair::new);
                    switch (s[1]) {
                        case "d" -> p.down = k;
                        case "u" -> p.up = k;
                        default -> p.alpha = k;
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** The diffusers module a layer's base name points to. */
    private static Resolved resolve(Path file, String base, UnetLayout unet) throws ModelFileException {
        Component component;
        String module;
        boolean processor = base.endsWith("_lora");
        if (processor) base = base.substring(0, base.length() - "_lora".length());
        if (base.startsWith("lora_unet_")) {
            component = Component.UNET;
            module = KohyaNames.toDotted(base.substring("lora_unet_".length()));
        } else if (base.startsWith("lora_te_")) {
            component = Component.TEXT_ENCODER;
            module = KohyaNames.toDotted(base.substring("lora_te_".length()));
        } else if (base.startsWith("unet.")) {
            component = Component.UNET;
            module = base.substring("unet.".length());
        } else if (base.startsWith("text_encoder.")) {
            component = Component.TEXT_ENCODER;
            module = base.substring("text_encoder.".length());
        } else {
            module = base;
            component = module.startsWith("text_model.") ? Component.TEXT_ENCODER : Component.UNET;
        }
        if (processor) {
            // <attn>.to_q_lora -> <attn>.to_q, to_out_lora -> to_out.0
            module = module.endsWith(".to_out") ? module + ".0" : module;
        }
        if (component == Component.TEXT_ENCODER) {
            if (!module.startsWith("text_model.")) module = "text_model." + module;
            return new Resolved(component, module);
        }
        if (module.contains(".temporal_transformer.")) {
            String d = KeyMaps.motionModule().toDiffusers(module + ".weight");
            if (d == null) throw new ModelFileException(file, "the LoRA layer '" + base + "' names a motion module part that does not exist");
            return new Resolved(component, stripWeight(d));
        }
        if (isOriginalUnet(module)) {
            if (unet == null) {
                throw new ModelFileException(file, "the LoRA names UNet layers in the original SD layout ('" + base
                        + "'), which needs the layout of the model it is applied to");
            }
            String d = KeyMaps.unet(unet).toDiffusers(KeyMaps.UNET_PREFIX + module + ".weight");
            if (d == null) {
                throw new ModelFileException(file, "the LoRA layer '" + base + "' targets a UNet layer the model does not have");
            }
            return new Resolved(component, stripWeight(d));
        }
        return new Resolved(component, module);
    }

    private static boolean isOriginalUnet(String module) {
        return module.startsWith("input_blocks.") || module.startsWith("middle_block.") || module.startsWith("output_blocks.")
                || module.startsWith("time_embed.") || module.startsWith("out.");
    }

    private static String stripWeight(String k) { return k.substring(0, k.length() - ".weight".length()); }

    // ---- what a LoRA is for ----

    /**
     * Reads what a LoRA is for from names, shapes and metadata only: its format, base-model family (metadata
     * {@code ss_base_model_version} / {@code modelspec.architecture}, SDXL's second text encoder or
     * {@code label_emb}, else the cross-attention width 768 / 1024 / 2048), which parts it touches, and why it
     * cannot be used when it cannot.
     */
    public static Inspection inspect(TensorSource src) throws ModelFileException {
        Map<String, Pair> pairs = pairs(src);
        String other = null;
        for (String k : src.names()) {
            for (String[] o : OTHER_KINDS) if (k.endsWith(o[0]) || k.contains(o[0] + ".")) other = o[1];
        }
        boolean kohya = false, peft = false, unet = false, te = false, motion = false, xl = false;
        int rank = 0;
        long contextDim = -1;
        for (Pair p : pairs.values()) {
            String b = p.base;
            kohya |= b.startsWith("lora_");
            peft |= p.down != null && p.down.endsWith(".lora_A.weight");
            boolean isTe = b.startsWith("lora_te") || b.startsWith("text_encoder") || b.startsWith("text_model.");
            te |= isTe;
            unet |= !isTe;
            motion |= b.contains("motion_modules");
            xl |= b.startsWith("lora_te1_") || b.startsWith("lora_te2_") || b.startsWith("text_encoder_2.")
                    || b.contains("label_emb") || b.contains("add_embedding");
            if (p.down != null) {
                TensorInfo d = src.info(p.down);
                if (d.rank() >= 2) rank = Math.max(rank, (int) d.dim(0));
                boolean crossKv = (b.contains("attn2") && (b.endsWith("to_k") || b.endsWith("to_v") || b.endsWith("to_k_lora") || b.endsWith("to_v_lora")));
                if (crossKv && !b.contains("motion_modules") && d.rank() >= 2) contextDim = d.dim(1);
            }
        }
        Format format = kohya ? Format.KOHYA : peft ? Format.PEFT : Format.DIFFUSERS;
        String family = family(src.metadata(), xl, contextDim);
        String reason = null;
        if (pairs.isEmpty() && other == null) {
            reason = "has no LoRA layers (no lora_down/lora_up or lora_A/lora_B pairs)";
        } else if (other != null) {
            reason = "is a LyCORIS " + other + " file, which cannot be applied here; only plain LoRA (and LoCon) files are supported";
        } else if (family.equals("SDXL")) {
            reason = "is an SDXL LoRA; only Stable Diffusion 1.x LoRAs can be used (SDXL is not supported yet)";
        } else if (family.equals("SD2.x")) {
            reason = "is a Stable Diffusion 2.x LoRA; only Stable Diffusion 1.x LoRAs can be used (SD 2.x is not supported yet)";
        }
        return new Inspection(format, family, unet, te, motion, pairs.size(), rank, reason);
    }

    private static String family(Map<String, String> meta, boolean xlKeys, long contextDim) {
        String v = (meta.getOrDefault("ss_base_model_version", "") + " " + meta.getOrDefault("modelspec.architecture", "")).toLowerCase(Locale.ROOT);
        if (xlKeys || v.contains("sdxl") || v.contains("-xl-") || contextDim == 2048) return "SDXL";
        if (v.contains("sd_v2") || v.contains("stable-diffusion-v2") || contextDim == 1024) return "SD2.x";
        return "SD1.x";
    }
}
