package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;

/**
 * A sampler as the pipeline drives it: stepped by index (timesteps may repeat), with the model timestep, the
 * noise level of the model input and the prediction type exposed so the pipeline can edit the predicted clean
 * sample (kept content, low-pass) in one place for every family.
 */
public interface Scheduler {
    /** Chooses n steps and resets any multistep state. */
    void setTimesteps(int n);

    int steps();

    /** The timestep given to the denoiser at step i. */
    double timestep(int i);

    /** abar of the scaled model input at step i (x_in = sqrt(abar) x0 + sqrt(1 - abar) eps). */
    double alphaBar(int i);

    PredictionType prediction();

    /** Standard deviation of the initial noise. */
    double initNoiseSigma();

    /** The denoiser's input for the sample at step i. */
    NDArray scaleModelInput(NDArray sample, int i);

    /** One step from step i given the model output for the scaled sample. */
    StepOutput step(NDArray modelOutput, int i, NDArray sample, NoiseSource noise);

    default void release() { }
}
