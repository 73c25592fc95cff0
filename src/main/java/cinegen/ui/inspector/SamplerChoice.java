package cinegen.ui.inspector;

/** The samplers the engine offers (one scheduler class each in {@code cinegen.engine.schedule}). */
public enum SamplerChoice {
    DDIM("DDIM"),
    EULER_ANCESTRAL("Euler ancestral"),
    DPM_SOLVER_PP_2M("DPM-Solver++ 2M");

    private final String displayName;

    SamplerChoice(String displayName) { this.displayName = displayName; }

    public String displayName() { return displayName; }

    @Override
    public String toString() { return displayName; }
}
