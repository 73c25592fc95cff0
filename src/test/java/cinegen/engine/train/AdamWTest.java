package cinegen.engine.train;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** AdamW's per-parameter learning-rate factor: the first step moves each weight by lr·factor against its gradient. */
class AdamWTest {
    @Test
    void aLearningRateScaleMultipliesOneParametersStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            for (String name : new String[] {"plain", "fast", "frozen"}) {
                Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.OTHER).build();
                p.setArray(m.create(new float[] {1f, -2f}, new Shape(2)));
                params.put(name, p);
            }
            AdamW opt = new AdamW(params, m, 0);
            opt.setLearningRateScale(name -> name.equals("fast") ? 3.0 : name.equals("frozen") ? 0.0 : 1.0);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = null;
                for (Parameter p : params.values()) loss = loss == null ? p.getArray().sum() : loss.add(p.getArray().sum());
                gc.backward(loss); // every gradient is +1
            }
            opt.update(0.1, 0);
            assertArrayEquals(new float[] {0.9f, -2.1f}, params.get("plain").getArray().toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {0.7f, -2.3f}, params.get("fast").getArray().toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {1f, -2f}, params.get("frozen").getArray().toFloatArray(), 0f);
        }
    }
}
