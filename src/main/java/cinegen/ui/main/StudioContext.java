package cinegen.ui.main;

import cinegen.app.generate.GenerationService;
import cinegen.app.studio.StudioSession;
import cinegen.ui.common.UiTasks;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The services a studio window works with: the session (current project, history, store), the generation queue,
 * a worker for blocking file work, and the executor that runs code on the JavaFX thread.
 */
public record StudioContext(StudioSession session, GenerationService generation, UiTasks tasks, Executor fx) {
    public StudioContext {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(fx, "fx");
    }
}
