package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

/**
 * One scheduler step's result: the sample for the next step and the clean-sample estimate of this step (diffusers'
 * {@code pred_original_sample}; LCM's {@code denoised}, which LCM pipelines output after the last step; DPM-Solver's
 * data prediction). {@code predOriginal} is null only where a scheduler has none.
 */
public record Step(NDArray prevSample, NDArray predOriginal) {}
