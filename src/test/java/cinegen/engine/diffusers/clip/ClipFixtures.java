package cinegen.engine.diffusers.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a parity fixture of src/test/resources/diffusers: its cases.json and cases.safetensors. */
final class ClipFixtures {
    static final Path ROOT = Path.of("src/test/resources/diffusers");

    final Path folder;
    final JsonNode json;
    final Map<String, SafeTensors.Tensor> tensors;

    private ClipFixtures(Path folder) throws Exception {
        this.folder = folder;
        this.json = new ObjectMapper().readTree(Files.readString(folder.resolve("cases.json")));
        this.tensors = SafeTensors.read(folder.resolve("cases.safetensors"));
    }

    static ClipFixtures of(String name) {
        try {
            return new ClipFixtures(ROOT.resolve(name));
        } catch (Exception e) {
            throw new IllegalStateException("fixture " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    List<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        json.get("cases").forEach(out::add);
        return out;
    }

    SafeTensors.Tensor tensor(String key) {
        SafeTensors.Tensor t = tensors.get(key);
        if (t == null) throw new IllegalStateException(folder + "/cases.safetensors has no tensor " + key);
        return t;
    }

    /** An integer-valued tensor (ids, masks) as ints, checking every value is exact. */
    int[] ints(String key) {
        float[] f = tensor(key).data();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (int) f[i];
            if (out[i] != f[i]) throw new IllegalStateException(key + "[" + i + "] = " + f[i] + " is not an integer");
        }
        return out;
    }

    NDArray array(NDManager m, String key) {
        SafeTensors.Tensor t = tensor(key);
        return m.create(t.data(), new Shape(t.shape()));
    }

    static int[] intArray(JsonNode list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i).asInt();
        return out;
    }

    /** The case's suggested_atol for an output, by exact name or by a "prefix.*" entry. */
    static double atol(JsonNode c, String output) {
        JsonNode atol = c.get("tolerance").get("suggested_atol");
        if (atol.has(output)) return atol.get(output).asDouble();
        int dot = output.lastIndexOf('.');
        if (dot > 0 && atol.has(output.substring(0, dot) + ".*")) return atol.get(output.substring(0, dot) + ".*").asDouble();
        throw new IllegalStateException("case " + c.get("name").asText() + " names no suggested_atol for " + output);
    }

    static float maxAbsDiff(NDArray actual, NDArray expected) {
        if (!actual.getShape().equals(expected.getShape())) {
            throw new AssertionError("shape " + actual.getShape() + " != expected " + expected.getShape());
        }
        return actual.sub(expected).abs().max().getFloat();
    }
}
