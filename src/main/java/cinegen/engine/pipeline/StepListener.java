package cinegen.engine.pipeline;

/** Receives progress and previews after every sampling step, on the generating thread. Keep it quick. */
@FunctionalInterface
public interface StepListener {
    void onStep(StepProgress progress);

    StepListener NONE = p -> { };
}
