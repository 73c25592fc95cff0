package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;

/**
 * Euler ancestral (Karras et al. / k-diffusion) in sigma space, where x = x0 + sigma eps. The model sees
 * x / sqrt(sigma^2 + 1), the equivalent VP sample. Each step goes down to sigma_down and adds fresh noise sigma_up.
 */
public final class EulerAncestralSampler extends AbstractSampler {
    public EulerAncestralSampler(NoiseSchedule schedule, PredictionType prediction) {
        super(schedule, prediction);
    }

    @Override
    public double initNoiseSigma() {
        double s = schedule.sigma(timesteps[0]);
        return Math.sqrt(s * s + 1);
    }

    @Override
    public NDArray scaleModelInput(NDArray sample, int t) {
        double s = schedule.sigma(t);
        return sample.div((float) Math.sqrt(s * s + 1));
    }

    @Override
    public StepOutput step(NDArray out, int t, NDArray sample, NoiseSource noise) {
        int prev = next(t);
        double sFrom = schedule.sigma(t), sTo = prev < 0 ? 0 : schedule.sigma(prev);
        NDArray x0 = prediction.toX0(scaleModelInput(sample, t), out, schedule.alphaBar(t));
        double sUp = Math.sqrt(Math.max(0, sTo * sTo * (sFrom * sFrom - sTo * sTo) / (sFrom * sFrom)));
        double sDown = Math.sqrt(Math.max(0, sTo * sTo - sUp * sUp));
        NDArray derivative = sample.sub(x0).div((float) sFrom);
        NDArray prevSample = sample.add(derivative.mul((float) (sDown - sFrom)));
        if (sUp > 0 && noise != null) prevSample = prevSample.add(noise.next(sample.getManager(), sample.getShape()).mul((float) sUp));
        return new StepOutput(prevSample, x0);
    }

    @Override
    public NDArray noised(NDArray x0, NDArray eps, int t) {
        return x0.add(eps.mul((float) schedule.sigma(t)));
    }
}
