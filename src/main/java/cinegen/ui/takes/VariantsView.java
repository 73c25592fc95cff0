package cinegen.ui.takes;

/**
 * The variants strip: one cell per seed, labelled with it. Clicking a cell plays the take in the viewer; Keep puts
 * the picked take on the timeline, Keep All every finished one.
 */
public final class VariantsView extends TakeStripView<VariantsViewModel.Variant> {
    public VariantsView(VariantsViewModel vm) {
        super(vm, new Look("variants", "Variants", "fth-grid", "variant", "Seed", "Keep",
                "Put the picked take on the timeline", true, "Stop the takes that are not rendered yet",
                "Close the variants (takes not on the timeline are let go)", t -> "Play the take with " + t.label()));
    }
}
