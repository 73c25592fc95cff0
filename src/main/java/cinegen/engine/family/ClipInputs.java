package cinegen.engine.family;

import ai.djl.ndarray.NDArray;
import cinegen.engine.condition.ConditionPlan;
import cinegen.engine.pipeline.GenerationRequest;

/**
 * The conditioning of one clip as the pipeline has prepared it, handed to a family to build its extra denoiser
 * input channels.
 *
 * @param plan C and M at the generation size (pixels)
 * @param length frames sampled (the request's, rounded up for windows)
 * @param condLatents the latents of C times the keep mask, (1, C, T, h, w); zeros for text-to-video
 * @param keep M on the latent grid, (1, 1, T, h, w): 1 where content is kept
 */
public record ClipInputs(GenerationRequest request, ConditionPlan plan, int length, int width, int height,
                         NDArray condLatents, NDArray keep) {}
