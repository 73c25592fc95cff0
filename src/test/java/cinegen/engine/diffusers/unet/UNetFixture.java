package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A parity fixture of src/test/resources/diffusers: its cases.json and the tensors of cases.safetensors. */
final class UNetFixture {
    private static final Map<String, UNetFixture> OPEN = new ConcurrentHashMap<>();
    final Path dir;
    private final JsonNode root;
    private final Map<String, SafeTensors.Tensor> tensors;

    private UNetFixture(Path dir) throws Exception {
        this.dir = dir;
        this.root = new ObjectMapper().readTree(Files.readString(dir.resolve("cases.json")));
        this.tensors = SafeTensors.read(dir.resolve("cases.safetensors"));
    }

    static UNetFixture of(String name) {
        return OPEN.computeIfAbsent(name, n -> {
            try {
                return new UNetFixture(Path.of(UNetFixture.class.getResource("/diffusers/" + n + "/cases.json").toURI()).getParent());
            } catch (Exception e) {
                throw new IllegalStateException("fixture " + n + " cannot be read", e);
            }
        });
    }

    JsonNode root() { return root; }

    List<String> caseNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode c : root.get("cases")) names.add(c.get("name").asText());
        return names;
    }

    JsonNode caseNode(String name) {
        for (JsonNode c : root.get("cases")) if (c.get("name").asText().equals(name)) return c;
        throw new IllegalArgumentException("no case " + name);
    }

    boolean hasInput(String caseName, String input) { return caseNode(caseName).get("inputs").has(input); }

    NDArray input(NDManager m, String caseName, String input) {
        JsonNode key = caseNode(caseName).get("inputs").get(input);
        if (key == null) throw new IllegalArgumentException(caseName + " has no input " + input);
        return tensor(m, key.asText());
    }

    List<String> outputs(String caseName) {
        List<String> names = new ArrayList<>();
        caseNode(caseName).get("outputs").fieldNames().forEachRemaining(names::add);
        return names;
    }

    NDArray output(NDManager m, String caseName, String output) {
        return tensor(m, caseNode(caseName).get("outputs").get(output).asText());
    }

    /** suggested_atol of an output; keys may end in '*' (e.g. "debug_down_blocks.0.motion_modules.*"). */
    double atol(String caseName, String output) {
        JsonNode atols = caseNode(caseName).get("tolerance").get("suggested_atol");
        if (atols.has(output)) return atols.get(output).asDouble();
        for (Iterator<String> it = atols.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.endsWith("*") && output.startsWith(k.substring(0, k.length() - 1))) return atols.get(k).asDouble();
        }
        throw new IllegalArgumentException(caseName + " has no tolerance for " + output);
    }

    int frames(String caseName) { return caseNode(caseName).get("frames").asInt(); }

    private NDArray tensor(NDManager m, String key) {
        SafeTensors.Tensor t = tensors.get(key);
        if (t == null) throw new IllegalArgumentException("cases.safetensors has no " + key);
        return m.create(t.data(), new Shape(t.shape()));
    }

    static double maxAbsDiff(NDArray actual, NDArray expected) {
        if (!actual.getShape().equals(expected.getShape())) {
            throw new AssertionError("shape " + actual.getShape() + ", expected " + expected.getShape());
        }
        float[] a = actual.toFloatArray(), e = expected.toFloatArray();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - e[i]);
            if (!(d <= max)) max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        }
        return max;
    }
}
