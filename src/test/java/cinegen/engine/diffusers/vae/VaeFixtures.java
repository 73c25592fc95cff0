package cinegen.engine.diffusers.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One parity fixture folder of src/test/resources/diffusers: its cases.json and cases.safetensors. */
final class VaeFixtures {
    static final Path ROOT = Path.of("src/test/resources/diffusers");

    final Path folder;
    final JsonNode cases;
    final Map<String, SafeTensors.Tensor> tensors;

    VaeFixtures(String name) throws Exception {
        folder = ROOT.resolve(name);
        cases = new ObjectMapper().readTree(folder.resolve("cases.json").toFile());
        tensors = SafeTensors.read(folder.resolve("cases.safetensors"));
    }

    JsonNode testCase(String name) {
        for (JsonNode c : cases.get("cases")) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no case " + name + " in " + folder);
    }

    SafeTensors.Tensor tensor(String key) {
        SafeTensors.Tensor t = tensors.get(key);
        assertNotNull(t, "tensor " + key + " missing from " + folder);
        return t;
    }

    NDArray input(NDManager m, String caseName, String input) {
        SafeTensors.Tensor t = tensor(testCase(caseName).get("inputs").get(input).asText());
        return m.create(t.data(), new Shape(t.shape()));
    }

    double atol(String caseName, String output) {
        return testCase(caseName).get("tolerance").get("suggested_atol").get(output).asDouble();
    }

    /** Asserts max|actual - expected| <= the case's suggested_atol for the output; returns the max error. */
    double check(String caseName, String output, NDArray actual) {
        SafeTensors.Tensor expected = tensor(testCase(caseName).get("outputs").get(output).asText());
        assertArrayEquals(expected.shape(), actual.getShape().getShape(), caseName + "." + output + " shape");
        double err = maxAbsDiff(actual.toFloatArray(), expected.data());
        double atol = atol(caseName, output);
        System.out.printf("%s.%s: max error %.3g (atol %.1g)%n", caseName, output, err, atol);
        assertTrue(err <= atol, caseName + "." + output + ": max error " + err + " > atol " + atol);
        return err;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("lengths " + a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (!(d <= m)) m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        }
        return m;
    }

    static String shape(long[] s) { return Arrays.toString(s); }
}
