package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;

/** The result of one sampler step: the less noisy sample and the clean sample the model predicted. */
public record StepOutput(NDArray prevSample, NDArray predOriginal) {}
