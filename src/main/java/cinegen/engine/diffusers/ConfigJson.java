package cinegen.engine.diffusers;

import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A diffusers/transformers config.json, read key by key with the model class's defaults; errors name the file
 * ("vae/config.json") and the key.
 */
public final class ConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String source;
    private final JsonNode root;

    private ConfigJson(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    public static ConfigJson read(Path file) throws ModelPackException {
        String name = file.getParent() == null ? file.toString() : file.getParent().getFileName() + "/" + file.getFileName();
        if (!Files.isRegularFile(file)) throw new ModelPackException(name + ": file is missing");
        try {
            return parse(name, Files.readString(file));
        } catch (IOException e) {
            throw new ModelPackException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    public static ConfigJson parse(String source, String json) throws ModelPackException {
        try {
            return of(source, JSON.readTree(json));
        } catch (IOException e) {
            throw new ModelPackException(source + ": not valid JSON (" + e.getMessage() + ")");
        }
    }

    /** An already parsed config; {@code source} names it in messages. */
    public static ConfigJson of(String source, JsonNode root) throws ModelPackException {
        if (root == null || !root.isObject()) throw new ModelPackException(source + ": not a JSON object");
        return new ConfigJson(source, root);
    }

    public String source() { return source; }

    /** A nested object (e.g. a CLIP config's "text_config"), read with the same file name in messages. */
    public ConfigJson section(String key) throws ModelPackException {
        JsonNode v = root.get(key);
        if (v == null || !v.isObject()) throw error(key, "must be a JSON object, got " + v);
        return new ConfigJson(source, v);
    }

    /** Whether the key is present with a non-null value. */
    public boolean isSet(String key) { return root.hasNonNull(key); }

    public ModelPackException error(String key, String problem) {
        return new ModelPackException(source + ": '" + key + "' " + problem);
    }

    public String string(String key, String fallback) throws ModelPackException {
        if (!isSet(key)) return fallback;
        JsonNode v = root.get(key);
        if (!v.isTextual()) throw error(key, "must be a string, got " + v);
        return v.asText();
    }

    public int integer(String key, int fallback) throws ModelPackException {
        return isSet(key) ? toInt(key, root.get(key)) : fallback;
    }

    public float number(String key, float fallback) throws ModelPackException {
        if (!isSet(key)) return fallback;
        JsonNode v = root.get(key);
        if (!v.isNumber()) throw error(key, "must be a number, got " + v);
        return (float) v.asDouble();
    }

    public boolean bool(String key, boolean fallback) throws ModelPackException {
        if (!isSet(key)) return fallback;
        JsonNode v = root.get(key);
        if (!v.isBoolean()) throw error(key, "must be true or false, got " + v);
        return v.asBoolean();
    }

    /** A required integer. */
    public int requiredInteger(String key) throws ModelPackException {
        if (!isSet(key)) throw error(key, "is missing");
        return toInt(key, root.get(key));
    }

    /** An optional list of numbers: null when absent or null. */
    public float[] numbersOrNull(String key) throws ModelPackException {
        if (!isSet(key)) return null;
        JsonNode v = root.get(key);
        if (!v.isArray()) throw error(key, "must be a list of numbers or null, got " + v);
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) throw error(key, "must be a list of numbers, got " + v);
            out[i] = (float) v.get(i).asDouble();
        }
        return out;
    }

    /** As {@link #integers} as a list. */
    public List<Integer> integerList(String key, List<Integer> fallback) throws ModelPackException {
        if (!isSet(key)) return fallback;
        List<Integer> out = new ArrayList<>();
        for (int i : integers(key, new int[0])) out.add(i);
        return List.copyOf(out);
    }

    /** An optional integer: null when absent or null. */
    public Integer optionalInteger(String key) throws ModelPackException {
        return isSet(key) ? toInt(key, root.get(key)) : null;
    }

    public List<String> strings(String key, List<String> fallback) throws ModelPackException {
        if (!isSet(key)) return fallback;
        JsonNode v = root.get(key);
        if (!v.isArray() || v.isEmpty()) throw error(key, "must be a non-empty list of strings, got " + v);
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) throw error(key, "must be a list of strings, got " + v);
            out.add(e.asText());
        }
        return List.copyOf(out);
    }

    public int[] integers(String key, int[] fallback) throws ModelPackException {
        if (!isSet(key)) return fallback.clone();
        JsonNode v = root.get(key);
        if (!v.isArray() || v.isEmpty()) throw error(key, "must be a non-empty list of integers, got " + v);
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = toInt(key, v.get(i));
        return out;
    }

    /** diffusers' "int or one per block": an integer repeated {@code blocks} times, or a list of that length. */
    public int[] perBlock(String key, int fallback, int blocks) throws ModelPackException {
        return perBlock(key, root.get(key), fallback, blocks);
    }

    /** As {@link #perBlock(String, int, int)} for a value already looked up (e.g. a fallback key's). */
    public int[] perBlock(String key, JsonNode v, int fallback, int blocks) throws ModelPackException {
        int[] out = new int[blocks];
        if (v == null || v.isNull()) {
            java.util.Arrays.fill(out, fallback);
        } else if (v.isArray()) {
            if (v.size() != blocks) throw error(key, "must have one value per block (" + blocks + "), got " + v);
            for (int i = 0; i < blocks; i++) out[i] = toInt(key, v.get(i));
        } else {
            java.util.Arrays.fill(out, toInt(key, v));
        }
        return out;
    }

    /** A boolean or one per block. */
    public boolean[] boolPerBlock(String key, boolean fallback, int blocks) throws ModelPackException {
        boolean[] out = new boolean[blocks];
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            java.util.Arrays.fill(out, fallback);
        } else if (v.isArray()) {
            if (v.size() != blocks) throw error(key, "must have one value per block (" + blocks + "), got " + v);
            for (int i = 0; i < blocks; i++) {
                if (!v.get(i).isBoolean()) throw error(key, "must hold true or false, got " + v);
                out[i] = v.get(i).asBoolean();
            }
        } else if (v.isBoolean()) {
            java.util.Arrays.fill(out, v.asBoolean());
        } else {
            throw error(key, "must be true, false or one per block, got " + v);
        }
        return out;
    }

    public JsonNode raw(String key) { return root.get(key); }

    /** The block types under {@code key}, one per block. */
    public List<String> blockTypes(String key, List<String> fallback, int blocks) throws ModelPackException {
        List<String> types = strings(key, fallback);
        if (types.size() != blocks) throw error(key, "has " + types.size() + " entries for " + blocks + " block_out_channels");
        return types;
    }

    /** Per-block divisors (heads, head widths, norm groups: {@code what}) that split each block's channels evenly. */
    public void requireDivides(String key, int[] divisors, int[] channels, String what) throws ModelPackException {
        for (int i = 0; i < divisors.length; i++) {
            if (channels[i] <= 0) throw error("block_out_channels", "must be positive, got " + channels[i]);
            if (divisors[i] <= 0 || channels[i] % divisors[i] != 0) {
                throw error(key, "gives " + divisors[i] + " (" + what + ") for block " + i + ", not a divisor of its "
                        + channels[i] + " channels");
            }
        }
    }

    /** The norm groups, which must split every block's channels. */
    public int normGroups(int[] channels) throws ModelPackException {
        if (!isSet("norm_num_groups") && root.get("norm_num_groups") != null) {
            throw error("norm_num_groups", "is null: UNets without group norms are not supported");
        }
        int groups = integer("norm_num_groups", 32);
        int[] each = new int[channels.length];
        java.util.Arrays.fill(each, groups);
        requireDivides("norm_num_groups", each, channels, "groups");
        return groups;
    }

    /** The activation: UNets compute SiLU only. */
    public String siluActivation() throws ModelPackException {
        String act = string("act_fn", "silu");
        if (!act.equals("silu") && !act.equals("swish")) throw error("act_fn", "is \"" + act + "\": only silu is supported");
        return act;
    }

    /** Refuses a set option this implementation does not compute. */
    public void refuseIfSet(String key, String what) throws ModelPackException {
        if (isSet(key) && !(root.get(key).isBoolean() && !root.get(key).asBoolean())) {
            throw error(key, "is " + root.get(key) + ": " + what + " is not supported");
        }
    }

    private int toInt(String key, JsonNode v) throws ModelPackException {
        if (v == null || !v.isNumber() || v.asDouble() != Math.rint(v.asDouble())) {
            throw error(key, "must be an integer, got " + v);
        }
        return v.asInt();
    }
}
