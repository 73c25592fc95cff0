package cinegen.engine.diffusers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.io.TensorFile;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One parity fixture folder of src/test/resources/diffusers (its README explains them): cases.json and its tensors
 * (cases.safetensors, or the file cases.json names as "tensor_file").
 */
public final class Fixtures {
    public static final Path ROOT = Path.of("src/test/resources/diffusers");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Fixtures> OPEN = new ConcurrentHashMap<>();

    public final Path folder;
    public final JsonNode json;
    public final Map<String, SafeTensors.Tensor> tensors;

    public Fixtures(String name) throws Exception {
        folder = ROOT.resolve(name);
        json = json(folder.resolve("cases.json"));
        tensors = SafeTensors.read(folder.resolve(json.has("tensor_file") ? json.get("tensor_file").asText() : "cases.safetensors"));
    }

    /** The fixture, read once per test run. */
    public static Fixtures of(String name) {
        return OPEN.computeIfAbsent(name, n -> {
            try {
                return new Fixtures(n);
            } catch (Exception e) {
                throw new IllegalStateException("fixture " + n + " cannot be read: " + e.getMessage(), e);
            }
        });
    }

    public static JsonNode json(Path file) throws IOException { return JSON.readTree(file.toFile()); }

    /** The weights file of a model folder: diffusion_pytorch_model.safetensors, else model.safetensors. */
    public static Path weights(Path modelFolder) {
        Path f = modelFolder.resolve("diffusion_pytorch_model.safetensors");
        return Files.exists(f) ? f : modelFolder.resolve("model.safetensors");
    }

    /** Every tensor of a weights file as float32 (whatever its dtype), in file order. */
    public static LinkedHashMap<String, SafeTensors.Tensor> readFloats(Path file) throws Exception {
        LinkedHashMap<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        try (TensorFile tf = TensorFile.open(file); NDManager m = NDManager.newBaseManager()) {
            for (String k : tf.names()) {
                try (NDArray a = tf.load(k, m)) {
                    out.put(k, new SafeTensors.Tensor(a.getShape().getShape(), a.toFloatArray()));
                }
            }
        }
        return out;
    }

    public List<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        json.get("cases").forEach(out::add);
        return out;
    }

    public List<String> caseNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode c : json.get("cases")) names.add(c.get("name").asText());
        return names;
    }

    public JsonNode testCase(String name) {
        for (JsonNode c : json.get("cases")) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no case " + name + " in " + folder);
    }

    public boolean hasInput(String caseName, String input) { return testCase(caseName).get("inputs").has(input); }

    public List<String> outputs(String caseName) {
        List<String> names = new ArrayList<>();
        testCase(caseName).get("outputs").fieldNames().forEachRemaining(names::add);
        return names;
    }

    public int frames(String caseName) { return testCase(caseName).get("frames").asInt(); }

    public SafeTensors.Tensor tensor(String key) {
        SafeTensors.Tensor t = tensors.get(key);
        assertNotNull(t, "tensor " + key + " missing from " + folder);
        return t;
    }

    public SafeTensors.Tensor input(String caseName, String input) {
        JsonNode key = testCase(caseName).get("inputs").get(input);
        assertNotNull(key, caseName + " has no input " + input);
        return tensor(key.asText());
    }

    public SafeTensors.Tensor output(String caseName, String output) {
        JsonNode key = testCase(caseName).get("outputs").get(output);
        assertNotNull(key, caseName + " has no output " + output);
        return tensor(key.asText());
    }

    public NDArray array(NDManager m, SafeTensors.Tensor t) { return m.create(t.data(), new Shape(t.shape())); }

    public NDArray array(NDManager m, String key) { return array(m, tensor(key)); }

    public NDArray input(NDManager m, String caseName, String input) { return array(m, input(caseName, input)); }

    public NDArray output(NDManager m, String caseName, String output) { return array(m, output(caseName, output)); }

    /** An integer-valued tensor (ids, masks) as ints, checking every value is exact. */
    public int[] ints(String key) {
        float[] f = tensor(key).data();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (int) f[i];
            if (out[i] != f[i]) throw new IllegalStateException(key + "[" + i + "] = " + f[i] + " is not an integer");
        }
        return out;
    }

    public static int[] intArray(JsonNode list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i).asInt();
        return out;
    }

    public double atol(String caseName, String output) { return atol(testCase(caseName), output); }

    /**
     * The case's suggested_atol for an output: the exact entry, else its "prefix.*" group ("latents.3" ->
     * "latents.*"), else the first entry ending in '*' whose prefix the output starts with.
     */
    public static double atol(JsonNode testCase, String output) {
        JsonNode atols = testCase.get("tolerance").get("suggested_atol");
        if (atols.has(output)) return atols.get(output).asDouble();
        int dot = output.lastIndexOf('.');
        if (dot > 0 && atols.has(output.substring(0, dot) + ".*")) return atols.get(output.substring(0, dot) + ".*").asDouble();
        for (Iterator<String> it = atols.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.endsWith("*") && output.startsWith(k.substring(0, k.length() - 1))) return atols.get(k).asDouble();
        }
        throw new AssertionError("case " + testCase.get("name").asText() + " names no suggested_atol for " + output);
    }

    /** Asserts max|actual - expected| <= the case's suggested_atol; returns the error. */
    public double check(String caseName, String output, float[] actual, long[] shape) {
        SafeTensors.Tensor expected = output(caseName, output);
        assertArrayEquals(expected.shape(), shape, caseName + "." + output + " shape");
        double err = maxAbsDiff(actual, expected.data());
        double atol = atol(caseName, output);
        System.out.printf("%s %s.%s: max error %.3g (atol %.1g)%n", folder.getFileName(), caseName, output, err, atol);
        assertTrue(err <= atol, caseName + "." + output + ": max error " + err + " > atol " + atol);
        return err;
    }

    public double check(String caseName, String output, NDArray actual) {
        return check(caseName, output, actual.toFloatArray(), actual.getShape().getShape());
    }

    /** max|a - b| over equal-length arrays; a NaN difference counts as infinite. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("lengths " + a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (!(d <= m)) m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        }
        return m;
    }

    /** max|actual - expected| of two arrays of the same shape. */
    public static double maxAbsDiff(NDArray actual, NDArray expected) {
        if (!actual.getShape().equals(expected.getShape())) {
            throw new AssertionError("shape " + actual.getShape() + ", expected " + expected.getShape());
        }
        return maxAbsDiff(actual.toFloatArray(), expected.toFloatArray());
    }
}
