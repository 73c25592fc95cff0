package cinegen.engine.pipeline;

/** Thrown out of a generation that was cancelled; everything it allocated has been freed. */
public final class GenerationCancelledException extends RuntimeException {
    public GenerationCancelledException() { super("generation cancelled", null, false, false); }
}
