package cinegen.engine.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;

/** Asks a running generation to stop. The pipeline checks it before every step and between model calls. */
public final class CancelToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() { cancelled.set(true); }

    public boolean isCancelled() { return cancelled.get(); }

    public void throwIfCancelled() {
        if (cancelled.get()) throw new GenerationCancelledException();
    }

    /** A token nobody cancels. */
    public static CancelToken none() { return new CancelToken(); }
}
