package cinegen.project;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The styles mixed into the model's spatial weights. Each preset appears once; the weights add up to at most 1,
 * the rest being the original weights. Empty means no style.
 */
public record StyleBlend(List<StyleWeight> styles) {
    private static final double EPS = 1e-9;

    public StyleBlend {
        styles = List.copyOf(styles);
        Set<String> seen = new HashSet<>();
        double sum = 0;
        for (StyleWeight s : styles) {
            if (!seen.add(s.preset())) throw new IllegalArgumentException("style '" + s.preset() + "' appears twice");
            sum += s.weight();
        }
        if (sum > 1 + EPS) throw new IllegalArgumentException("style weights add up to " + sum + ", more than 1");
    }

    public static StyleBlend none() { return new StyleBlend(List.of()); }

    public static StyleBlend of(String preset, double weight) { return new StyleBlend(List.of(new StyleWeight(preset, weight))); }

    public boolean isEmpty() { return styles.isEmpty(); }
}
