package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;

/** DDIM (Song et al. 2021): deterministic for eta = 0, DDPM-like ancestral noise for eta = 1. */
public final class DdimSampler extends AbstractSampler {
    private final double eta;

    public DdimSampler(NoiseSchedule schedule, PredictionType prediction, double eta) {
        super(schedule, prediction);
        if (eta < 0 || eta > 1) throw new IllegalArgumentException("eta must be in [0, 1], got " + eta);
        this.eta = eta;
    }

    @Override
    public StepOutput step(NDArray out, int t, NDArray sample, NoiseSource noise) {
        int prev = next(t);
        double a = schedule.alphaBar(t), ap = schedule.alphaBar(prev);
        NDArray x0 = prediction.toX0(sample, out, a);
        NDArray eps = prediction.toEps(sample, out, a);
        double sigma = eta * Math.sqrt((1 - ap) / (1 - a)) * Math.sqrt(1 - a / ap);
        NDArray prevSample = x0.mul((float) Math.sqrt(ap)).add(eps.mul((float) Math.sqrt(Math.max(0, 1 - ap - sigma * sigma))));
        if (sigma > 0 && noise != null) prevSample = prevSample.add(noise.next(sample.getManager(), sample.getShape()).mul((float) sigma));
        return new StepOutput(prevSample, x0);
    }
}
