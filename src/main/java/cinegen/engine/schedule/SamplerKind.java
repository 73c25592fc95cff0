package cinegen.engine.schedule;

import java.util.Locale;

/** The samplers the engine offers, by their command-line names. */
public enum SamplerKind {
    DDIM("ddim"), EULER("euler"), EULER_ANCESTRAL("euler-a"), DPMPP_2M("dpmpp-2m"), DPMPP_2M_KARRAS("dpmpp-2m-karras"), LCM("lcm");

    /** The samplers written over {@link NoiseSchedule} ({@link #create}); the others are diffusers' schedulers. */
    public static final java.util.Set<SamplerKind> VP_SAMPLERS = java.util.EnumSet.of(DDIM, EULER_ANCESTRAL, DPMPP_2M);

    private final String id;

    SamplerKind(String id) { this.id = id; }

    public String id() { return id; }

    public static SamplerKind parse(String s) {
        for (SamplerKind k : values()) if (k.id.equals(s.toLowerCase(Locale.ROOT))) return k;
        throw new IllegalArgumentException("unknown sampler '" + s + "' (" + String.join(", ", java.util.Arrays.stream(values()).map(SamplerKind::id).toList()) + ")");
    }

    public Sampler create(NoiseSchedule schedule, PredictionType prediction, double ddimEta) {
        return switch (this) {
            case DDIM -> new DdimSampler(schedule, prediction, ddimEta);
            case EULER_ANCESTRAL -> new EulerAncestralSampler(schedule, prediction);
            case DPMPP_2M -> new DpmSolverPlusPlus2M(schedule, prediction);
            default -> throw new IllegalArgumentException("sampler " + id + " is for Stable Diffusion models; Cinegen model packs sample with ddim, euler-a or dpmpp-2m");
        };
    }
}
