package cinegen.ui.common;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs blocking work off the JavaFX thread. Each job is wrapped in a JavaFX {@link Task}; its result or its
 * failure (mapped to a sentence by {@link ErrorMessages}) is delivered on the JavaFX thread. The task's progress
 * and message properties can be bound by the view that started it.
 */
public final class UiTasks implements AutoCloseable {
    /** Blocking work that may report progress and should stop when cancelled. */
    @FunctionalInterface
    public interface Job<T> {
        T run(Progress progress) throws Exception;
    }

    /** What a job sees of its task: progress reports (safe from any thread, coalesced) and cancellation. */
    public interface Progress {
        /** {@code fraction} in [0, 1], or a negative value for "unknown". */
        void update(double fraction, String message);
        boolean isCancelled();
    }

    private final ExecutorService executor;

    /** One daemon worker thread: jobs run one after another, in the order they were submitted. */
    public UiTasks() {
        this(Executors.newSingleThreadExecutor(daemonThreads("cinegen-ui-worker")));
    }

    public UiTasks(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Starts {@code job} on the worker. {@code onSuccess} gets the result and {@code onFailure} the reason,
     * both on the JavaFX thread; a cancelled task reports "Cancelled." to {@code onFailure}.
     */
    public <T> Task<T> submit(Job<T> job, Consumer<? super T> onSuccess, Consumer<String> onFailure) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(onSuccess, "onSuccess");
        Objects.requireNonNull(onFailure, "onFailure");
        JobTask<T> task = new JobTask<>(job);
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> onFailure.accept(ErrorMessages.describe(task.getException())));
        task.setOnCancelled(e -> onFailure.accept("Cancelled."));
        executor.execute(task);
        return task;
    }

    /** Fails loudly if called off the JavaFX thread; for code that touches nodes. */
    public static void requireFxThread() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("must run on the JavaFX application thread, not " + Thread.currentThread().getName());
        }
    }

    /** Stops the worker; a running job is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A task that is also the job's view of its own progress. */
    private static final class JobTask<T> extends Task<T> implements Progress {
        private final Job<T> job;

        JobTask(Job<T> job) { this.job = job; }

        @Override
        protected T call() throws Exception { return job.run(this); }

        @Override
        public void update(double fraction, String message) {
            if (fraction < 0) updateProgress(-1, 1);
            else updateProgress(Math.min(1, fraction), 1);
            if (message != null) updateMessage(message);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
