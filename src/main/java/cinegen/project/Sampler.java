package cinegen.project;

/**
 * The samplers a recipe can name: the one definition the studio shows and projects store; {@code cinegen.app}
 * maps each to the engine's scheduler (Recipes).
 */
public enum Sampler {
    DDIM("DDIM"),
    EULER("Euler"),
    EULER_ANCESTRAL("Euler ancestral"),
    DPM_SOLVER_PP_2M("DPM-Solver++ 2M"),
    DPM_SOLVER_PP_2M_KARRAS("DPM-Solver++ 2M Karras"),
    LCM("LCM");

    private final String displayName;

    Sampler(String displayName) { this.displayName = displayName; }

    public String displayName() { return displayName; }

    @Override
    public String toString() { return displayName; }
}
