package cinegen.engine.train;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import cinegen.engine.pack.SafeTensors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay and global-norm gradient clipping. Its moments are plain tensors kept by
 * parameter name, so a checkpoint can save them and a resumed run continues exactly.
 */
public final class AdamW {
    private final Map<String, Parameter> params;
    private final Map<String, NDArray> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
    private final NDManager manager;
    private final double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    private final double weightDecay;
    private long step;
    private long skipped;
    private java.util.function.ToDoubleFunction<String> lrScale = name -> 1.0;

    public AdamW(Map<String, Parameter> params, NDManager manager, double weightDecay) {
        this.params = params;
        this.manager = manager;
        this.weightDecay = weightDecay;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Shape s = e.getValue().getArray().getShape();
            m.put(e.getKey(), manager.zeros(s));
            v.put(e.getKey(), manager.zeros(s));
            e.getValue().getArray().setRequiresGradient(true);
        }
    }

    public long step() { return step; }

    /** A learning-rate factor per parameter name (default 1 for all), e.g. faster for a new, zero-initialised layer. */
    public void setLearningRateScale(java.util.function.ToDoubleFunction<String> scale) { this.lrScale = scale; }

    /** Updates skipped because their gradients were not finite. */
    public long skipped() { return skipped; }

    /**
     * Applies one update with learning rate {@code lr}; returns the gradient norm before clipping. Zeroes the
     * gradients. A step whose gradients are not finite is skipped (the weights stay as they were), so one bad
     * batch cannot poison the model.
     */
    public double update(double lr, double clipNorm) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        double sq = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray g = e.getValue().getArray().getGradient();
            grads.put(e.getKey(), g);
            try (NDManager tmp = manager.newSubManager()) {
                tmp.tempAttachAll(g);
                sq += g.square().sum().getFloat();
            }
        }
        double norm = Math.sqrt(sq);
        if (!Double.isFinite(norm)) {
            for (NDArray g : grads.values()) {
                zero(g);
                g.close();
            }
            skipped++;
            return norm;
        }
        step++;
        float scale = (float) (norm > clipNorm && clipNorm > 0 ? clipNorm / norm : 1.0);
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String k = e.getKey();
            NDArray w = e.getValue().getArray(), g = grads.get(k), mk = m.get(k), vk = v.get(k);
            // Temporarily attach everything to a scratch manager so every intermediate is freed with it.
            try (NDManager tmp = manager.newSubManager()) {
                tmp.tempAttachAll(w, g, mk, vk);
                NDArray gs = g.mul(scale);
                mk.muli((float) beta1).addi(gs.mul((float) (1 - beta1)));
                vk.muli((float) beta2).addi(gs.square().mul((float) (1 - beta2)));
                NDArray upd = mk.div((float) bc1).div(vk.div((float) bc2).sqrt().add((float) eps));
                double lrK = lr * lrScale.applyAsDouble(k);
                if (weightDecay > 0 && w.getShape().dimension() > 1) w.muli((float) (1 - lrK * weightDecay));
                w.subi(upd.mul((float) lrK));
                zero(g);
            }
            g.close();
        }
        return norm;
    }

    /** Sets a gradient to zero in place (multiplying by 0 would keep an infinity as NaN). */
    private static void zero(NDArray g) {
        g.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
    }

    public Map<String, SafeTensors.Tensor> state() {
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        for (String k : params.keySet()) {
            out.put("m." + k, new SafeTensors.Tensor(m.get(k).getShape().getShape(), m.get(k).toFloatArray()));
            out.put("v." + k, new SafeTensors.Tensor(v.get(k).getShape().getShape(), v.get(k).toFloatArray()));
        }
        return out;
    }

    public void restore(Map<String, SafeTensors.Tensor> state, long step) {
        for (String k : params.keySet()) {
            SafeTensors.Tensor mt = state.get("m." + k), vt = state.get("v." + k);
            if (mt == null || vt == null) continue; // a new parameter starts with fresh moments
            m.get(k).set(mt.data());
            v.get(k).set(vt.data());
        }
        this.step = step;
    }
}
