package cinegen.engine.family.bundled;

import cinegen.engine.pack.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import cinegen.engine.family.bundled.net.Weights;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Style presets as real weight sets (Lumiere 4.1): each style stores, for some spatial layers of the denoiser,
 * a low-rank delta Delta = up . down (in half precision). Applying a mix rebuilds those weights in place as
 * W = W_base + sum(alpha_i * Delta_i), without reloading the model; an empty mix restores W_base exactly.
 * Style files hold tensors "PARAM.up" (out x r) and "PARAM.down" (r x fan_in), or "PARAM.delta" (dense).
 */
public final class StyleWeights {
    private final VideoModel model;
    private final Map<String, Parameter> params;
    private final Map<String, NDArray> base = new HashMap<>();
    private final Map<String, Map<String, NDArray>> deltas = new HashMap<>();
    private StyleMix current = StyleMix.NONE;

    StyleWeights(VideoModel model) {
        this.model = model;
        this.params = Weights.named(model.denoiser());
    }

    public StyleMix current() { return current; }

    /** Sets the denoiser's weights to the base plus the given mix. Call from the thread that owns the model. */
    public synchronized void apply(StyleMix mix) throws ModelPackException {
        for (StyleMix.Entry e : mix.entries()) if (e.alpha() != 0) deltasOf(e.name());
        Map<String, Double> touched = new LinkedHashMap<>();
        for (StyleMix.Entry e : current.entries()) deltas.getOrDefault(e.name(), Map.of()).keySet().forEach(k -> touched.put(k, 0.0));
        for (StyleMix.Entry e : mix.entries()) deltas.getOrDefault(e.name(), Map.of()).keySet().forEach(k -> touched.put(k, 0.0));
        NDManager m = model.manager();
        for (String key : touched.keySet()) {
            NDArray target = params.get(key).getArray();
            try (NDManager tmp = m.newSubManager()) {
                NDArray value = base.get(key).duplicate();
                value.attach(tmp);
                for (StyleMix.Entry e : mix.entries()) {
                    NDArray d = deltas.get(e.name()) == null ? null : deltas.get(e.name()).get(key);
                    if (d != null && e.alpha() != 0) value.addi(d.mul((float) e.alpha()));
                }
                tmp.tempAttachAll(target);
                target.set(value.toFloatArray());
            }
        }
        current = mix;
    }

    private Map<String, NDArray> deltasOf(String name) throws ModelPackException {
        Map<String, NDArray> loaded = deltas.get(name);
        if (loaded != null) return loaded;
        Manifest.StyleJson style = model.pack().styles().stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new ModelPackException("style '" + name + "' is not in model pack " + model.pack().name()
                        + " (it has: " + String.join(", ", model.pack().styles().stream().map(Manifest.StyleJson::name).toList()) + ")"));
        Map<String, SafeTensors.Tensor> t = SafeTensors.read(model.pack().file(style.file()));
        Map<String, NDArray> out = new LinkedHashMap<>();
        NDManager m = model.manager();
        for (String key : t.keySet()) {
            String param;
            NDArray delta;
            if (key.endsWith(".delta")) {
                param = key.substring(0, key.length() - 6);
                delta = m.create(t.get(key).data(), new Shape(t.get(key).shape()));
            } else if (key.endsWith(".up")) {
                param = key.substring(0, key.length() - 3);
                SafeTensors.Tensor up = t.get(key), down = t.get(param + ".down");
                if (down == null) throw new ModelPackException(style.file() + ": tensor '" + param + ".down' is missing");
                try (NDManager tmp = m.newSubManager()) {
                    NDArray u = tmp.create(up.data(), new Shape(up.shape())), d = tmp.create(down.data(), new Shape(down.shape()));
                    delta = u.matMul(d);
                    delta.attach(m);
                }
            } else {
                continue;
            }
            Parameter p = params.get(param);
            if (p == null) throw new ModelPackException(style.file() + ": '" + param + "' is not a parameter of this denoiser");
            Shape target = p.getArray().getShape();
            if (delta.getShape().size() != target.size()) {
                throw new ModelPackException(style.file() + ": delta of '" + param + "' has " + delta.getShape().size()
                        + " values, the weight has " + target.size());
            }
            out.put(param, delta.reshape(target));
            base.computeIfAbsent(param, k -> {
                NDArray copy = p.getArray().duplicate();
                copy.attach(m);
                return copy;
            });
        }
        deltas.put(name, out);
        return out;
    }
}
