package cinegen.ui.main;

import cinegen.ui.common.ErrorMessages;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The studio's project-files executor (serial: one piece of file work at a time, in order) with the way back:
 * each result or failure is handed to the JavaFX thread's executor. Tests give both executors and run them when
 * they choose.
 */
final class ProjectFilesQueue {
    /** File work; its failure becomes a sentence. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    private final Executor files;
    private final Executor fx;

    ProjectFilesQueue(Executor files, Executor fx) {
        this.files = Objects.requireNonNull(files, "files");
        this.fx = Objects.requireNonNull(fx, "fx");
    }

    /** Runs {@code work} on the project-files thread; {@code done} or {@code failed} (with a sentence) on the FX thread. */
    <T> void submit(Work<T> work, Consumer<? super T> done, Consumer<String> failed) {
        files.execute(() -> {
            T result;
            try {
                result = work.run();
            } catch (Exception | Error e) {
                String reason = ErrorMessages.describe(e);
                fx.execute(() -> failed.accept(reason));
                return;
            }
            fx.execute(() -> done.accept(result));
        });
    }

    /** Runs {@code work} on the project-files thread, with nothing to report. */
    void execute(Runnable work) {
        files.execute(work);
    }

    /** Runs {@code then} on the FX thread once the file work asked for until now is done. */
    void whenIdle(Runnable then) {
        files.execute(() -> fx.execute(then));
    }
}
