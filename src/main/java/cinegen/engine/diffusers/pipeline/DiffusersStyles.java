package cinegen.engine.diffusers.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.StyleMix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Style weight sets of a diffusers model, blended live as Lumiere's W = α·W_style + (1−α)·W_base, i.e.
 * W = W_base + Σ α_i·Δ_i with Δ = W_style − W_base: a LoRA (Δ = up·down·scale) or a second checkpoint of the same
 * architecture (Δ = its weight minus the base's, for the UNet's image layers and the text encoder; motion modules
 * untouched). Every Δ is kept in memory, so changing α reloads nothing; an empty mix restores W_base exactly.
 */
public final class DiffusersStyles {
    /** Which weight store a delta applies to. */
    public enum Target { DENOISER, TEXT_ENCODER }

    private record Key(Target target, String name) {}

    private final Map<Target, Params> stores;
    private final Map<String, Map<Key, NDArray>> styles = new LinkedHashMap<>();
    private final Map<Key, NDArray> base = new HashMap<>();
    private StyleMix current = StyleMix.NONE;

    public DiffusersStyles(Params denoiser, Params textEncoder) {
        stores = Map.of(Target.DENOISER, denoiser, Target.TEXT_ENCODER, textEncoder);
    }

    /** A model with no styles. */
    public static DiffusersStyles none(Params denoiser, Params textEncoder) { return new DiffusersStyles(denoiser, textEncoder); }

    /**
     * Registers a style by its deltas (arrays on the model's manager, shaped as the weights they change).
     *
     * @throws ModelPackException when a delta names a weight the model does not have or has another shape
     */
    public void add(String name, Map<String, NDArray> denoiserDeltas, Map<String, NDArray> textDeltas) throws ModelPackException {
        Map<Key, NDArray> d = new LinkedHashMap<>();
        put(d, Target.DENOISER, denoiserDeltas, name);
        put(d, Target.TEXT_ENCODER, textDeltas, name);
        if (d.isEmpty()) throw new ModelPackException("style " + name + " changes no weight of this model");
        styles.put(name.toLowerCase(java.util.Locale.ROOT), d);
    }

    private void put(Map<Key, NDArray> d, Target target, Map<String, NDArray> deltas, String style) throws ModelPackException {
        Params store = stores.get(target);
        for (Map.Entry<String, NDArray> e : deltas.entrySet()) {
            if (!store.has(e.getKey())) throw new ModelPackException("style " + style + " changes '" + e.getKey() + "', which this model does not have (made for another model?)");
            if (!store.get(e.getKey()).getShape().equals(e.getValue().getShape())) {
                throw new ModelPackException("style " + style + ": '" + e.getKey() + "' has shape " + e.getValue().getShape()
                        + ", the model's weight " + store.get(e.getKey()).getShape() + " (made for another model?)");
            }
            d.put(new Key(target, e.getKey()), e.getValue());
        }
    }

    /** Reads a style's weights when it is first used. */
    @FunctionalInterface
    public interface Source {
        void addTo(DiffusersStyles styles) throws ModelPackException;
    }

    private final Map<String, Source> pending = new LinkedHashMap<>();

    /**
     * Names a style whose weights are read only when a mix first uses it (the models folder's LoRAs: listing them
     * must not cost their memory). {@code source} must call {@link #add} with the same name.
     */
    public void addLater(String name, Source source) { pending.put(name.toLowerCase(java.util.Locale.ROOT), source); }

    public List<String> names() {
        List<String> all = new ArrayList<>(styles.keySet());
        for (String n : pending.keySet()) if (!all.contains(n)) all.add(n);
        return all;
    }

    public StyleMix current() { return current; }

    /** Sets the weights to the base plus the mix; only weights some style touches are rebuilt. */
    public synchronized void apply(StyleMix mix) throws ModelPackException {
        for (StyleMix.Entry e : mix.entries()) {
            Source later = e.alpha() != 0 ? pending.remove(e.name()) : null;
            if (later != null) later.addTo(this);
        }
        for (StyleMix.Entry e : mix.entries()) {
            if (e.alpha() == 0 && !styles.containsKey(e.name()) && pending.containsKey(e.name())) continue;
            if (!styles.containsKey(e.name())) throw new ModelPackException("no style '" + e.name() + "' (this model has: "
                    + (styles.isEmpty() ? "none" : String.join(", ", styles.keySet())) + ")");
        }
        Set<Key> touched = new LinkedHashSet<>();
        for (StyleMix.Entry e : current.entries()) touched.addAll(styles.getOrDefault(e.name(), Map.of()).keySet());
        for (StyleMix.Entry e : mix.entries()) touched.addAll(styles.getOrDefault(e.name(), Map.of()).keySet());
        for (Key k : touched) {
            Params store = stores.get(k.target());
            NDArray original = base.computeIfAbsent(k, key -> store.get(key.name()));
            NDArray now = store.get(k.name());
            List<NDArray> terms = new ArrayList<>();
            List<Float> alphas = new ArrayList<>();
            for (StyleMix.Entry e : mix.entries()) {
                NDArray d = styles.getOrDefault(e.name(), Map.of()).get(k);
                if (d != null && e.alpha() != 0) {
                    terms.add(d);
                    alphas.add((float) e.alpha());
                }
            }
            NDArray next = original;
            if (!terms.isEmpty()) {
                NDManager m = original.getManager();
                next = original.duplicate();
                next.attach(m);
                for (int i = 0; i < terms.size(); i++) {
                    try (NDArray scaled = terms.get(i).mul(alphas.get(i))) {
                        next.addi(scaled);
                    }
                }
            }
            store.put(k.name(), next);
            if (now != original && now != next) now.close();
        }
        current = mix;
    }
}
