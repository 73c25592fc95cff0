package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;

/**
 * A reverse-diffusion sampler, apart from any model (as in diffusers' schedulers). Samples live in the VP
 * parameterisation except where {@link #initNoiseSigma()} says otherwise; {@link #scaleModelInput} turns a
 * sample into what the model expects at timestep t.
 */
public interface Sampler {
    /** Chooses the n timesteps to sample with and resets any multistep state. */
    void setTimesteps(int n);

    /** The chosen timesteps in decreasing order. */
    int[] timesteps();

    /** Standard deviation of the initial noise. */
    default double initNoiseSigma() { return 1.0; }

    /** The model's input for a sample at timestep t (identity for VP samplers). */
    default NDArray scaleModelInput(NDArray sample, int t) { return sample; }

    /**
     * One step from timestep {@code t} (which must be the next of {@link #timesteps()}) given the model output for
     * the scaled sample. {@code noise} feeds stochastic samplers.
     */
    StepOutput step(NDArray modelOutput, int t, NDArray sample, NoiseSource noise);

    /** The sample implied by a predicted clean sample and noise at timestep t, in this sampler's parameterisation. */
    NDArray noised(NDArray x0, NDArray eps, int t);

    /** Frees state kept between steps (multistep samplers). */
    default void release() { }
}
