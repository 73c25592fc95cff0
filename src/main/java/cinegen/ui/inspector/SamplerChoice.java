package cinegen.ui.inspector;

/** The samplers the engine offers (one scheduler class each in {@code cinegen.engine.schedule}). */
public enum SamplerChoice {
    DDIM("DDIM"),
    EULER_ANCESTRAL("Euler ancestral"),
    DPM_SOLVER_PP_2M("DPM-Solver++ 2M");

    private final String displayName;

    SamplerChoice(String displayName) { this.displayName = displayName; }

    public String displayName() { return displayName; }

    /** The choice that is the engine's sampler, or null when the inspector does not offer it. */
    public static SamplerChoice of(cinegen.engine.schedule.SamplerKind kind) {
        if (kind == null) return null;
        return switch (kind) {
            case DDIM -> DDIM;
            case EULER_ANCESTRAL -> EULER_ANCESTRAL;
            case DPMPP_2M -> DPM_SOLVER_PP_2M;
            default -> null;
        };
    }

    @Override
    public String toString() { return displayName; }
}
