package cinegen.tools.train;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import cinegen.engine.pack.SafeTensors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential moving average of parameters: the weights a diffusion model ships with. The decay warms up as
 * min(decay, (1 + n) / (10 + n)) over the n updates so far, so early averages are not dominated by the
 * random initialisation.
 */
final class Ema {
    private final Map<String, Parameter> params;
    private final Map<String, NDArray> shadow = new LinkedHashMap<>();
    private final NDManager manager;
    private final float decay;
    private long updates;

    Ema(Map<String, Parameter> params, NDManager manager, double decay) {
        this.params = params;
        this.manager = manager;
        this.decay = (float) decay;
        params.forEach((k, p) -> {
            NDArray copy = p.getArray().duplicate();
            copy.attach(manager);
            copy.setRequiresGradient(false);
            shadow.put(k, copy);
        });
    }

    void update() {
        updates++;
        float d = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray s = shadow.get(e.getKey()), w = e.getValue().getArray();
            try (NDManager tmp = manager.newSubManager()) {
                tmp.tempAttachAll(s, w);
                s.muli(d).addi(w.mul(1 - d));
            }
        }
    }

    Map<String, SafeTensors.Tensor> state() {
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        shadow.forEach((k, v) -> out.put(k, new SafeTensors.Tensor(v.getShape().getShape(), v.toFloatArray())));
        return out;
    }

    long updates() { return updates; }

    void restore(Map<String, SafeTensors.Tensor> state, long updatesSoFar) {
        updates = updatesSoFar;
        state.forEach((k, t) -> { if (shadow.containsKey(k)) shadow.get(k).set(t.data()); });
    }
}
