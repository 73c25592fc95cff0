package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A noise scheduler that computes what diffusers 0.31's scheduler of the same name computes, to float32 rounding.
 *
 * <p>Everything is addressed by step index (0 .. {@link #numSteps()} - 1), never by timestep value: diffusers'
 * leading spacing and Karras sigmas can produce the same timestep twice, and diffusers then has to guess which step
 * is meant. The usual loop is
 * <pre>{@code
 * scheduler.setTimesteps(n);
 * NDArray x = noise.mul((float) scheduler.initNoiseSigma());
 * for (int i = 0; i < scheduler.numSteps(); i++) {
 *     NDArray out = unet(scheduler.scaleModelInput(x, i), scheduler.timesteps()[i]);
 *     x = scheduler.step(out, i, x, noiseFn).prevSample();
 * }
 * }</pre>
 * Results land in the manager of the sample (or of the original, for {@link #addNoise}).
 */
public interface DiffusersScheduler {
    /** The scheduler for a config, chosen by its class name. */
    static DiffusersScheduler create(SchedulerConfig config) {
        SchedulerConfig.checkClass(config.className(), config.source());
        return switch (config.className()) {
            case SchedulerConfig.DDIM -> new DdimScheduler(config);
            case SchedulerConfig.EULER -> new EulerDiscreteScheduler(config);
            case SchedulerConfig.EULER_ANCESTRAL -> new EulerAncestralDiscreteScheduler(config);
            case SchedulerConfig.DPM_SOLVER_MULTISTEP -> new DpmSolverMultistepScheduler(config);
            case SchedulerConfig.LCM -> new LcmScheduler(config);
            default -> throw new IllegalArgumentException(config.source() + ": no scheduler for class " + config.className());
        };
    }

    /** The scheduler a scheduler_config.json describes. */
    static DiffusersScheduler load(Path schedulerConfigJson) throws IOException {
        return create(SchedulerConfig.load(schedulerConfigJson));
    }

    /** The config, with this scheduler's class name. */
    SchedulerConfig config();

    /** Chooses the inference timesteps for {@code n} steps (diffusers' set_timesteps) and clears multistep state. */
    void setTimesteps(int n);

    /**
     * Steps in the schedule: n for every spacing. (diffusers 0.31's trailing spacing appends an invalid timestep -1
     * for some n, e.g. 61 of 1000, through numpy's arange; that entry is left out here.) DPM-Solver with
     * lambda_min_clipped and trailing spacing can have fewer.
     */
    int numSteps();

    /**
     * The model timestep of each step, in order (a copy). Float-valued for the Euler family (fractional with Karras
     * sigmas or linspace spacing), integer-valued for DDIM, DPM-Solver and LCM.
     */
    double[] timesteps();

    /** Standard deviation of the starting noise: 1, or the largest sigma for the Euler family. */
    double initNoiseSigma();

    /** What the model is shown at step i: the sample itself, or for the Euler family sample / sqrt(sigma^2 + 1). */
    NDArray scaleModelInput(NDArray sample, int stepIndex);

    /**
     * Step i: from the sample at step i's noise level and the model output for it, the sample for step i + 1.
     * {@code noise} is called (once, shaped like the model output) only by stochastic schedulers, which fail without
     * it; deterministic ones accept null.
     */
    Step step(NDArray modelOutput, int stepIndex, NDArray sample, NoiseFn noise);

    /**
     * The clean sample noised to the level the sample has at step i (img2img / video2video start, latent blending):
     * diffusers' {@code add_noise(original, noise, timesteps[i])}.
     */
    NDArray addNoise(NDArray original, NDArray noise, int stepIndex);

    /**
     * The clean sample noised to the level after step i, as diffusers' inpainting pipelines blend it: the level of
     * step i + 1, and after the last step the clean sample itself (a copy). For DDIM with linspace or trailing
     * spacing that is the next listed timestep, which can differ slightly from the t - T/n DDIM steps to.
     */
    default NDArray addNoiseAfter(NDArray original, NDArray noise, int stepIndex) {
        checkStepIndex(stepIndex);
        return stepIndex + 1 < numSteps() ? addNoise(original, noise, stepIndex + 1) : original.duplicate();
    }

    /**
     * alpha-bar (cumulative signal fraction) of the sample at step i, in variance-preserving terms: the model input
     * there is sqrt(abar) x0 + sqrt(1 - abar) eps. Use with {@link Prediction} to convert between eps, v and x0.
     */
    double alphaBarAt(int stepIndex);

    /**
     * alpha-bar of the training schedule at a timestep in [0, num_train_timesteps - 1]: the table entry for whole
     * timesteps, and for fractional ones the value of the linearly interpolated sigma, as the Euler family does.
     */
    double alphaBar(double timestep);

    /** The training table alphas_cumprod (a copy, float32 as diffusers holds it). */
    float[] alphasCumprod();

    /** Frees state kept between steps (multistep history). */
    default void release() { }

    /** Fails unless the timesteps are set and i is one of the steps. */
    default void checkStepIndex(int stepIndex) {
        if (stepIndex < 0 || stepIndex >= numSteps()) {
            throw new IllegalArgumentException("step index " + stepIndex + " is outside the schedule's " + numSteps() + " steps");
        }
    }
}
