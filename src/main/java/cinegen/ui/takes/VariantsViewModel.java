package cinegen.ui.takes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Generate 4 Variants: the inspector's recipe rendered with several seeds, one take per seed, shown side by side (a
 * {@link TakeStrip}). Picking a take plays it in the viewer; Keep puts it on the timeline, Keep All every finished one.
 */
public final class VariantsViewModel extends TakeStrip<VariantsViewModel.Variant> {
    /** How many takes Generate 4 Variants renders. */
    public static final int COUNT = 4;

    /** One seed of the batch. */
    public static final class Variant extends Take {
        private final long seed;

        Variant(int index, long seed) {
            super(index, "seed " + seed);
            this.seed = seed;
        }

        public long seed() { return seed; }
    }

    public VariantsViewModel() {
        super("Click a take to play it; Keep puts it on the timeline.");
    }

    /**
     * Starts a batch of {@code title} with one take per seed, in place of the batch on show. Returns the takes, in
     * seed order, for the caller to queue.
     */
    public List<Variant> start(String title, List<Long> seeds) {
        Objects.requireNonNull(title, "title");
        if (seeds.isEmpty()) throw new IllegalArgumentException("variants need at least one seed");
        List<Variant> next = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) next.add(new Variant(i, seeds.get(i)));
        return begin(next, "“" + title + "” with " + seeds.size() + " seeds");
    }
}
