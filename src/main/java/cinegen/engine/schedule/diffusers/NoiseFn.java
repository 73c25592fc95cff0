package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;
import cinegen.engine.schedule.NoiseSource;

/**
 * Fresh standard-normal noise for stochastic schedulers (Euler ancestral, LCM, DDIM with eta > 0): called at most
 * once per step, with the model output as the shape reference, where diffusers calls {@code randn_tensor}.
 */
@FunctionalInterface
public interface NoiseFn {
    /** Standard-normal values shaped like {@code reference}, on its manager. */
    NDArray like(NDArray reference);

    /** Noise from the engine's seeded Java noise source. */
    static NoiseFn of(NoiseSource source) {
        return reference -> source.next(reference.getManager(), reference.getShape());
    }
}
