package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;

/** Timestep bookkeeping shared by the samplers. */
abstract class AbstractSampler implements Sampler {
    protected final NoiseSchedule schedule;
    protected final PredictionType prediction;
    protected int[] timesteps = new int[0];

    AbstractSampler(NoiseSchedule schedule, PredictionType prediction) {
        this.schedule = schedule;
        this.prediction = prediction;
    }

    @Override
    public void setTimesteps(int n) { timesteps = schedule.timesteps(n); }

    @Override
    public int[] timesteps() { return timesteps.clone(); }

    /** Position of t in the timesteps; fails for a timestep the sampler was not set up with. */
    protected int indexOf(int t) {
        for (int i = 0; i < timesteps.length; i++) if (timesteps[i] == t) return i;
        throw new IllegalArgumentException("timestep " + t + " is not one of the sampler's timesteps");
    }

    /** The timestep after t, or -1 (the clean sample) after the last. */
    protected int next(int t) {
        int i = indexOf(t);
        return i + 1 < timesteps.length ? timesteps[i + 1] : -1;
    }

    @Override
    public NDArray noised(NDArray x0, NDArray eps, int t) {
        double a = schedule.alphaBar(t);
        return x0.mul((float) Math.sqrt(a)).add(eps.mul((float) Math.sqrt(1 - a)));
    }
}
