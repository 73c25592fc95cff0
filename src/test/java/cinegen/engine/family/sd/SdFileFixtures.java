package cinegen.engine.family.sd;

import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.diffusers.SafetensorsBuilder;
import cinegen.engine.diffusers.io.KeyMap;
import cinegen.engine.diffusers.io.KeyMaps;
import cinegen.engine.diffusers.io.UnetLayout;
import cinegen.engine.diffusers.io.VaeLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds what artists download from the tiny diffusers fixtures: a single-file SD 1.x checkpoint in the original
 * layout (the UNet's 2D weights, the VAE and the text encoder renamed through {@link KeyMaps}), with the tiny
 * configs in a sidecar and the tokenizer beside it, and an original-layout AnimateDiff motion module.
 */
final class SdFileFixtures {
    static final Path PIPE = Fixtures.ROOT.resolve("pipeline_animatediff");
    static final Path INPAINT = Fixtures.ROOT.resolve("unet_motion_inpaint");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SdFileFixtures() {}

    record Tensor(long[] shape, float[] values) {}

    static Path weightsOf(Path folder) { return Fixtures.weights(folder); }

    static JsonNode json(Path file) throws IOException { return Fixtures.json(file); }

    /** Every tensor of a safetensors file as float32, in file order. */
    static LinkedHashMap<String, Tensor> read(Path file) throws Exception {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Fixtures.readFloats(file).forEach((k, t) -> out.put(k, new Tensor(t.shape(), t.data())));
        return out;
    }

    /** {@code v} as stored in {@code dtype} and read back, as torch's {@code .to(dtype)} rounds (to nearest, ties to even). */
    static float round(float v, String dtype) { return SafetensorsBuilder.stored(v, dtype); }

    /** Renames (and reshapes) every tensor of a diffusers file with {@code map}; {@code skip} filters names out. */
    static void addOriginal(Map<String, Tensor> out, Map<String, Tensor> diffusers, KeyMap map, java.util.function.Predicate<String> skip) {
        for (Map.Entry<String, Tensor> e : diffusers.entrySet()) {
            if (skip.test(e.getKey())) continue;
            out.put(map.toOriginal(e.getKey()), new Tensor(map.toOriginalShape(e.getKey(), e.getValue().shape()), e.getValue().values()));
        }
    }

    /**
     * The original-layout tensors of a base: the 2D part of {@code unetFolder}'s UNet (a UNet2DConditionModel or a
     * UNetMotionModel), and the pipeline fixture's VAE and text encoder.
     */
    static LinkedHashMap<String, Tensor> originalBase(Path unetFolder) throws Exception {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        UnetLayout unet = UnetLayout.fromConfigFile(unetFolder.resolve("config.json"));
        addOriginal(out, read(weightsOf(unetFolder)), KeyMaps.unet(unet), k -> k.contains(".motion_modules."));
        VaeLayout vae = VaeLayout.fromConfigFile(PIPE.resolve("vae/config.json"));
        addOriginal(out, read(weightsOf(PIPE.resolve("vae"))), KeyMaps.vae(vae), k -> false);
        addOriginal(out, read(weightsOf(PIPE.resolve("text_encoder"))), KeyMaps.textEncoder(), k -> false);
        return out;
    }

    /** A motion adapter's weights in AnimateDiff's original layout, with the duplicate position table real files carry. */
    static LinkedHashMap<String, Tensor> originalMotion(Path adapterFolder) throws Exception {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        addOriginal(out, read(weightsOf(adapterFolder)), KeyMaps.motionModule(), k -> false);
        for (String k : java.util.List.copyOf(out.keySet())) {
            if (k.endsWith(".attention_blocks.0.pos_encoder.pe")) out.put(k.replace(".attention_blocks.0.", ".attention_blocks.1."), out.get(k));
        }
        return out;
    }

    /** A safetensors file of float tensors stored as {@code dtype}, plus raw extras (name -> dtype, shape, bytes). */
    static Path writeSafetensors(Path file, Map<String, Tensor> tensors, String dtype, Map<String, Raw> extras) throws IOException {
        LinkedHashMap<String, Raw> all = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) all.put(e.getKey(), encode(e.getValue(), dtype));
        all.putAll(extras);
        return writeRaw(file, all);
    }

    record Raw(String dtype, long[] shape, byte[] data) {}

    static Raw encode(Tensor t, String dtype) { return new Raw(dtype, t.shape(), SafetensorsBuilder.encode(t.values(), dtype)); }

    static Path writeRaw(Path file, Map<String, Raw> tensors) throws IOException {
        SafetensorsBuilder b = new SafetensorsBuilder();
        tensors.forEach((k, r) -> b.raw(k, r.dtype(), r.shape(), r.data()));
        return b.write(file);
    }

    /** What real checkpoints carry beside the weights: CLIP's int64 position ids and the training schedule. */
    static Map<String, Raw> checkpointExtras() {
        ByteBuffer ids = ByteBuffer.allocate(77 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < 77; i++) ids.putLong(i);
        ByteBuffer alphas = ByteBuffer.allocate(1000 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1000; i++) alphas.putFloat(1f - i / 1000f);
        return Map.of(KeyMaps.TEXT_ENCODER_PREFIX + "text_model.embeddings.position_ids", new Raw("I64", new long[] {1, 77}, ids.array()),
                "alphas_cumprod", new Raw("F32", new long[] {1000}, alphas.array()));
    }

    /**
     * The sidecar of a tiny checkpoint: what its weights cannot tell, taken from the fixture configs (heads, norm
     * groups, sample sizes, CLIP's special ids), and the pipeline's scheduler when {@code withScheduler}.
     */
    static ObjectNode baseSidecar(Path unetFolder, boolean withScheduler) throws IOException {
        JsonNode u = json(unetFolder.resolve("config.json")), v = json(PIPE.resolve("vae/config.json")), t = json(PIPE.resolve("text_encoder/config.json"));
        ObjectNode s = JSON.createObjectNode();
        ObjectNode unet = s.putObject("unet");
        unet.set("attention_head_dim", u.hasNonNull("num_attention_heads") ? u.get("num_attention_heads") : u.get("attention_head_dim"));
        for (String k : new String[] {"norm_num_groups", "sample_size"}) unet.set(k, u.get(k));
        ObjectNode vae = s.putObject("vae");
        for (String k : new String[] {"norm_num_groups", "sample_size", "scaling_factor"}) vae.set(k, v.get(k));
        ObjectNode text = s.putObject("text_encoder");
        for (String k : new String[] {"num_attention_heads", "hidden_act", "layer_norm_eps", "bos_token_id", "eos_token_id", "pad_token_id"}) text.set(k, t.get(k));
        if (withScheduler) s.set("scheduler", json(PIPE.resolve("scheduler/scheduler_config.json")));
        return s;
    }

    static ObjectNode motionSidecar(Path adapterFolder) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.putObject("motion_adapter").set("motion_num_attention_heads", json(adapterFolder.resolve("config.json")).get("motion_num_attention_heads"));
        return s;
    }

    static void writeJson(Path file, JsonNode node) throws IOException {
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** A single-file checkpoint of {@code unetFolder}'s UNet with its sidecar and the tokenizer/ folder beside it. */
    static Path writeBase(Path dir, String name, String dtype, Path unetFolder) throws Exception {
        Path file = writeSafetensors(dir.resolve(name), originalBase(unetFolder), dtype, checkpointExtras());
        writeJson(Sidecar.pathFor(file), baseSidecar(unetFolder, true));
        copyTree(PIPE.resolve("tokenizer"), dir.resolve("tokenizer"));
        return file;
    }

    /** An original-layout motion module of {@code adapterFolder}'s weights with its sidecar. */
    static Path writeMotion(Path dir, String name, String dtype, Path adapterFolder) throws Exception {
        Path file = writeSafetensors(dir.resolve(name), originalMotion(adapterFolder), dtype, Map.of());
        writeJson(Sidecar.pathFor(file), motionSidecar(adapterFolder));
        return file;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
