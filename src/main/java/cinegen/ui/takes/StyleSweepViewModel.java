package cinegen.ui.takes;

import cinegen.ui.presets.StylePreset;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A style sweep: the same prompt, settings and seed generated at several strengths α of one style, one take per α,
 * shown side by side (a {@link TakeStrip}). Picking a take hands its α to the shelf; Add to Timeline keeps it.
 */
public final class StyleSweepViewModel extends TakeStrip<StyleSweepViewModel.Cell> {
    /** One strength of the sweep. */
    public static final class Cell extends Take {
        private final double alpha;

        Cell(int index, double alpha) {
            super(index, "α " + String.format(Locale.ROOT, "%.2f", alpha));
            this.alpha = alpha;
        }

        public double alpha() { return alpha; }
    }

    private final ReadOnlyObjectWrapper<StylePreset> preset = new ReadOnlyObjectWrapper<>(this, "preset");
    private long seed;

    public StyleSweepViewModel() {
        super("Click a result to use its strength.");
    }

    /** The style being swept. */
    public ReadOnlyObjectProperty<StylePreset> presetProperty() { return preset.getReadOnlyProperty(); }
    public long seed() { return seed; }

    /**
     * Starts a new sweep of {@code style} at {@code alphas} with one seed, in place of the batch on show. Returns the
     * takes, in α order, for the caller to queue.
     */
    public List<Cell> start(StylePreset style, long seed, List<Double> alphas) {
        Objects.requireNonNull(style, "style");
        if (alphas.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one strength");
        List<Cell> next = new ArrayList<>();
        for (int i = 0; i < alphas.size(); i++) next.add(new Cell(i, alphas.get(i)));
        this.seed = seed;
        List<Cell> started = begin(next, style.name() + " alone at " + alphas.size() + " strengths · seed " + seed);
        preset.set(style);
        return started;
    }

    @Override
    public void close() {
        super.close();
        preset.set(null);
    }
}
