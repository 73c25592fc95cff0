package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;

/** One of the engine's VP {@link Sampler}s over a {@link NoiseSchedule}, driven by step index. */
public final class SamplerScheduler implements Scheduler {
    private final Sampler sampler;
    private final NoiseSchedule schedule;
    private final PredictionType prediction;
    private int[] timesteps = new int[0];

    public SamplerScheduler(SamplerKind kind, NoiseSchedule schedule, PredictionType prediction, double eta) {
        this.sampler = kind.create(schedule, prediction, eta);
        this.schedule = schedule;
        this.prediction = prediction;
    }

    @Override public void setTimesteps(int n) {
        sampler.setTimesteps(n);
        timesteps = sampler.timesteps();
    }
    @Override public int steps() { return timesteps.length; }
    @Override public double timestep(int i) { return timesteps[i]; }
    @Override public double alphaBar(int i) { return schedule.alphaBar(timesteps[i]); }
    @Override public PredictionType prediction() { return prediction; }
    @Override public double initNoiseSigma() { return sampler.initNoiseSigma(); }
    @Override public NDArray scaleModelInput(NDArray sample, int i) { return sampler.scaleModelInput(sample, timesteps[i]); }
    @Override public StepOutput step(NDArray modelOutput, int i, NDArray sample, NoiseSource noise) {
        return sampler.step(modelOutput, timesteps[i], sample, noise);
    }
    @Override public void release() { sampler.release(); }
}
