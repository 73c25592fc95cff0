package cinegen.ui.main;

import cinegen.app.generate.GenerationService;
import cinegen.app.studio.StudioSession;
import cinegen.ui.common.UiTasks;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The services a studio window works with: the session (current project, history, store), the generation queue,
 * a worker for blocking file work, the executor that runs code on the JavaFX thread, and the folder of style
 * preset files (null: none, the shelf shows the model pack's styles as text cards).
 */
public record StudioContext(StudioSession session, GenerationService generation, UiTasks tasks, Executor fx, Path presetsFolder) {
    public StudioContext {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(fx, "fx");
    }

    /** Without preset files. */
    public StudioContext(StudioSession session, GenerationService generation, UiTasks tasks, Executor fx) {
        this(session, generation, tasks, fx, null);
    }
}
