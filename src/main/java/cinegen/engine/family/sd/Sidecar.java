package cinegen.engine.family.sd;

import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Config overrides for a single-file model, our convention: {@code NAME.json} beside {@code NAME.safetensors} (the
 * weights file's name with its last extension replaced by {@code .json}), a JSON object with one section per
 * component, each holding keys of that component's diffusers/transformers config:
 *
 * <pre>{@code
 * {
 *   "unet":           { ... UNet2DConditionModel config.json keys ... },
 *   "vae":            { ... AutoencoderKL config.json keys ... },
 *   "text_encoder":   { ... CLIPTextModel config.json keys ... },
 *   "scheduler":      { ... scheduler_config.json keys, "_class_name" picks the scheduler ... },
 *   "motion_adapter": { ... MotionAdapter config.json keys ... }
 * }
 * }</pre>
 *
 * A checkpoint's sidecar may have unet, vae, text_encoder and scheduler; a motion module's motion_adapter; a VAE
 * file's vae. Every section is optional; its keys replace what is inferred from the weights and the published
 * defaults, key by key. Top-level keys starting with "_" are comments and ignored.
 */
final class Sidecar {
    static final String UNET = "unet", VAE = "vae", TEXT_ENCODER = "text_encoder", SCHEDULER = "scheduler",
            MOTION_ADAPTER = "motion_adapter";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, ObjectNode> sections;

    private Sidecar(Path file, Map<String, ObjectNode> sections) {
        this.file = file;
        this.sections = sections;
    }

    /** Where the sidecar of {@code weights} is (whether or not it exists). */
    static Path pathFor(Path weights) {
        String name = weights.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return weights.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /** The sidecar of {@code weights}, or an empty one when there is no such file; only {@code allowed} sections may appear. */
    static Sidecar read(Path weights, Set<String> allowed) throws ModelPackException {
        Path file = pathFor(weights);
        if (!Files.isRegularFile(file)) return new Sidecar(null, Map.of());
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelPackException(name + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "); fix or remove it");
        }
        if (root == null || !root.isObject()) throw new ModelPackException(name + ": must be a JSON object with sections " + allowed);
        Map<String, ObjectNode> sections = new LinkedHashMap<>();
        for (var it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().startsWith("_")) continue;
            if (!allowed.contains(e.getKey())) {
                throw new ModelPackException(name + ": unknown section \"" + e.getKey() + "\" beside " + weights.getFileName()
                        + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            if (!e.getValue().isObject()) {
                throw new ModelPackException(name + ": section \"" + e.getKey() + "\" must be a JSON object of config keys");
            }
            sections.put(e.getKey(), (ObjectNode) e.getValue());
        }
        return new Sidecar(file, sections);
    }

    /** The sidecar file, or null when there is none. */
    Path file() { return file; }

    boolean has(String section) { return sections.containsKey(section); }

    /** A section's keys (empty when absent). */
    ObjectNode section(String section) {
        ObjectNode s = sections.get(section);
        return s == null ? JSON.createObjectNode() : s.deepCopy();
    }

    /** Where to set a config key, for messages: "the "unet" section of NAME.json beside it". */
    String hint(Path weights, String section) {
        return "set it in the \"" + section + "\" section of " + pathFor(weights).getFileName() + " beside " + weights.getFileName();
    }
}
