package cinegen.ui.takes;

/**
 * The style sweep strip: one cell per strength, labelled with its α. Clicking a cell puts its strength on the shelf;
 * Add to Timeline keeps the picked result.
 */
public final class StyleSweepView extends TakeStripView<StyleSweepViewModel.Cell> {
    public StyleSweepView(StyleSweepViewModel vm) {
        super(vm, new Look("styleSweep", "Style Sweep", "fth-sliders", "sweep", "Alpha", "Add to Timeline",
                "Put the picked result on the timeline", false, "Stop the strengths that are not rendered yet",
                "Close the sweep (results not on the timeline are let go)", t -> "Use " + t.label() + " on the shelf"));
    }
}
