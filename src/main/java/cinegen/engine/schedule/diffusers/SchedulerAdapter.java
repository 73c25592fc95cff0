package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;
import cinegen.engine.schedule.NoiseSource;
import cinegen.engine.schedule.PredictionType;
import cinegen.engine.schedule.Scheduler;
import cinegen.engine.schedule.StepOutput;

/** A diffusers-parity scheduler as the pipeline drives it. */
public final class SchedulerAdapter implements Scheduler {
    private final DiffusersScheduler scheduler;
    private final PredictionType prediction;

    public SchedulerAdapter(DiffusersScheduler scheduler) {
        this.scheduler = scheduler;
        String p = scheduler.config().predictionType().id();
        if (p.equals("sample")) throw new IllegalArgumentException("models that predict the clean sample are not supported yet");
        this.prediction = PredictionType.parse(p);
    }

    public DiffusersScheduler unwrap() { return scheduler; }

    @Override public void setTimesteps(int n) { scheduler.setTimesteps(n); }
    @Override public int steps() { return scheduler.numSteps(); }
    @Override public double timestep(int i) { return scheduler.timesteps()[i]; }
    @Override public double alphaBar(int i) { return scheduler.alphaBarAt(i); }
    @Override public PredictionType prediction() { return prediction; }
    @Override public double initNoiseSigma() { return scheduler.initNoiseSigma(); }
    @Override public NDArray scaleModelInput(NDArray sample, int i) { return scheduler.scaleModelInput(sample, i); }

    @Override
    public StepOutput step(NDArray modelOutput, int i, NDArray sample, NoiseSource noise) {
        Step s = scheduler.step(modelOutput, i, sample, NoiseFn.of(noise));
        return new StepOutput(s.prevSample(), s.predOriginal());
    }

    @Override public void release() { scheduler.release(); }
}
