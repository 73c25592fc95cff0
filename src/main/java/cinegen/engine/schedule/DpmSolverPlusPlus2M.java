package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;

/**
 * DPM-Solver++(2M) (Lu et al. 2022): second-order multistep solver on the data prediction, in the log-SNR time
 * lambda = log(alpha / sigma). First order on the first step and on the last (lower-order final), which keeps
 * few-step sampling stable.
 */
public final class DpmSolverPlusPlus2M extends AbstractSampler {
    private NDArray previousX0;
    private double previousH = Double.NaN;

    public DpmSolverPlusPlus2M(NoiseSchedule schedule, PredictionType prediction) {
        super(schedule, prediction);
    }

    @Override
    public void setTimesteps(int n) {
        super.setTimesteps(n);
        previousX0 = null;
        previousH = Double.NaN;
    }

    private double lambda(int t) {
        double a = schedule.alphaBar(t);
        return 0.5 * Math.log(a / (1 - a));
    }

    @Override
    public StepOutput step(NDArray out, int t, NDArray sample, NoiseSource noise) {
        int prev = next(t);
        double a = schedule.alphaBar(t);
        NDArray x0 = prediction.toX0(sample, out, a);
        NDArray prevSample;
        if (prev < 0) {
            prevSample = x0; // sigma reaches 0: the sample is the data prediction
        } else {
            double ap = schedule.alphaBar(prev);
            double alphaT = Math.sqrt(ap), sigmaT = Math.sqrt(1 - ap), sigmaS = Math.sqrt(1 - a);
            double h = lambda(prev) - lambda(t);
            NDArray d = x0;
            if (previousX0 != null && !Double.isNaN(previousH) && indexOf(t) < timesteps.length - 1) {
                double r = previousH / h;
                d = x0.mul((float) (1 + 1 / (2 * r))).sub(previousX0.mul((float) (1 / (2 * r))));
            }
            prevSample = sample.mul((float) (sigmaT / sigmaS)).sub(d.mul((float) (alphaT * (Math.exp(-h) - 1))));
            previousH = h;
        }
        if (previousX0 != null) previousX0.close();
        previousX0 = x0.duplicate();
        previousX0.detach();
        return new StepOutput(prevSample, x0);
    }

    @Override
    public void release() {
        if (previousX0 != null) previousX0.close();
        previousX0 = null;
    }
}
