package cinegen.engine.diffusers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One parity fixture folder of src/test/resources/diffusers (its README explains them): cases.json and cases.safetensors. */
public final class Fixtures {
    public static final Path ROOT = Path.of("src/test/resources/diffusers");

    public final Path folder;
    public final JsonNode cases;
    public final Map<String, SafeTensors.Tensor> tensors;

    public Fixtures(String name) throws Exception {
        folder = ROOT.resolve(name);
        cases = new ObjectMapper().readTree(folder.resolve("cases.json").toFile());
        tensors = SafeTensors.read(folder.resolve("cases.safetensors"));
    }

    public JsonNode testCase(String name) {
        for (JsonNode c : cases.get("cases")) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no case " + name + " in " + folder);
    }

    public SafeTensors.Tensor tensor(String key) {
        SafeTensors.Tensor t = tensors.get(key);
        assertNotNull(t, "tensor " + key + " missing from " + folder);
        return t;
    }

    public SafeTensors.Tensor input(String caseName, String input) {
        return tensor(testCase(caseName).get("inputs").get(input).asText());
    }

    public SafeTensors.Tensor output(String caseName, String output) {
        return tensor(testCase(caseName).get("outputs").get(output).asText());
    }

    public NDArray array(NDManager m, SafeTensors.Tensor t) { return m.create(t.data(), new Shape(t.shape())); }

    /** The case's suggested tolerance for an output; "latents.3" falls back to the "latents.*" entry. */
    public double atol(String caseName, String output) {
        JsonNode s = testCase(caseName).get("tolerance").get("suggested_atol");
        if (s.has(output)) return s.get(output).asDouble();
        String family = output.replaceAll("\\.\\d+$", ".*");
        assertTrue(s.has(family), "no tolerance for " + output);
        return s.get(family).asDouble();
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

    public static double maxAbsDiff(float[] a, float[] b) {
        assertTrue(a.length == b.length, "lengths " + a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }
}
