package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The diffusers scheduler fixture (src/test/resources/diffusers/schedulers), with its per-case scheduler configs. */
final class SchedulerFixtures {
    private final Fixtures fx;

    private SchedulerFixtures(Fixtures fx) { this.fx = fx; }

    private static SchedulerFixtures instance;

    static synchronized SchedulerFixtures get() {
        if (instance == null) instance = new SchedulerFixtures(Fixtures.of("schedulers"));
        return instance;
    }

    List<JsonNode> cases() { return fx.cases(); }

    JsonNode caseNamed(String name) { return fx.testCase(name); }

    /** The scheduler config the case was made with (its sub-folder is the case name's first part). */
    SchedulerConfig config(String caseName) throws Exception {
        return SchedulerConfig.load(fx.folder.resolve(caseName.substring(0, caseName.indexOf('.'))).resolve("scheduler_config.json"));
    }

    boolean has(String key) { return fx.tensors.containsKey(key); }

    SafeTensors.Tensor tensor(String key) { return fx.tensor(key); }

    NDArray array(NDManager manager, String key) { return fx.array(manager, key); }
}
