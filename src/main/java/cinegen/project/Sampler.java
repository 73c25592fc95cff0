package cinegen.project;

/** The samplers the engine offers; the app maps them to engine schedulers. */
public enum Sampler {
    DDIM,
    EULER_ANCESTRAL,
    DPM_SOLVER_PP_2M
}
