package cinegen.engine.schedule;

import java.util.Locale;

/** The samplers the engine offers, by their command-line names. */
public enum SamplerKind {
    DDIM("ddim"), EULER_ANCESTRAL("euler-a"), DPMPP_2M("dpmpp-2m");

    private final String id;

    SamplerKind(String id) { this.id = id; }

    public String id() { return id; }

    public static SamplerKind parse(String s) {
        for (SamplerKind k : values()) if (k.id.equals(s.toLowerCase(Locale.ROOT))) return k;
        throw new IllegalArgumentException("unknown sampler '" + s + "' (ddim, euler-a, dpmpp-2m)");
    }

    public Sampler create(NoiseSchedule schedule, PredictionType prediction, double ddimEta) {
        return switch (this) {
            case DDIM -> new DdimSampler(schedule, prediction, ddimEta);
            case EULER_ANCESTRAL -> new EulerAncestralSampler(schedule, prediction);
            case DPMPP_2M -> new DpmSolverPlusPlus2M(schedule, prediction);
        };
    }
}
