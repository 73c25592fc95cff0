package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The diffusers scheduler fixture (src/test/resources/diffusers/schedulers): cases.json and its tensors. */
final class SchedulerFixtures {
    final Path dir;
    final JsonNode root;
    final Map<String, SafeTensors.Tensor> tensors;

    private SchedulerFixtures(Path dir) throws Exception {
        this.dir = dir;
        this.root = new ObjectMapper().readTree(dir.resolve("cases.json").toFile());
        this.tensors = SafeTensors.read(dir.resolve(root.get("tensor_file").asText()));
    }

    private static SchedulerFixtures instance;

    static synchronized SchedulerFixtures get() {
        if (instance == null) {
            try {
                URL url = SchedulerFixtures.class.getResource("/diffusers/schedulers/cases.json");
                if (url == null) throw new IllegalStateException("fixture diffusers/schedulers/cases.json is not on the test classpath");
                instance = new SchedulerFixtures(Path.of(url.toURI()).getParent());
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the scheduler fixture: " + e, e);
            }
        }
        return instance;
    }

    List<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        root.get("cases").forEach(out::add);
        return out;
    }

    JsonNode caseNamed(String name) {
        for (JsonNode c : root.get("cases")) if (c.get("name").asText().equals(name)) return c;
        throw new IllegalArgumentException("no fixture case " + name);
    }

    /** The scheduler config the case was made with (its sub-folder is the case name's first part). */
    SchedulerConfig config(String caseName) throws Exception {
        return SchedulerConfig.load(dir.resolve(caseName.substring(0, caseName.indexOf('.'))).resolve("scheduler_config.json"));
    }

    boolean has(String key) { return tensors.containsKey(key); }

    SafeTensors.Tensor tensor(String key) {
        SafeTensors.Tensor t = tensors.get(key);
        if (t == null) throw new IllegalArgumentException("fixture tensor " + key + " is missing");
        return t;
    }

    NDArray array(NDManager manager, String key) {
        SafeTensors.Tensor t = tensor(key);
        return manager.create(t.data(), new Shape(t.shape()));
    }

    /** suggested_atol for an output name: the exact entry or its "prefix.*" group. */
    static double atol(JsonNode testCase, String output) {
        JsonNode atol = testCase.get("tolerance").get("suggested_atol");
        if (atol.has(output)) return atol.get(output).asDouble();
        int dot = output.lastIndexOf('.');
        if (dot > 0 && atol.has(output.substring(0, dot) + ".*")) return atol.get(output.substring(0, dot) + ".*").asDouble();
        throw new IllegalArgumentException(testCase.get("name").asText() + ": no suggested_atol for " + output);
    }

    static double maxAbsDiff(float[] actual, float[] expected) {
        if (actual.length != expected.length) throw new AssertionError("length " + actual.length + " != expected " + expected.length);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (Double.isNaN(d)) return Double.POSITIVE_INFINITY;
            max = Math.max(max, d);
        }
        return max;
    }
}
