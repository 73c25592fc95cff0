package cinegen.ui.main;

import cinegen.app.generate.GenerationService;
import cinegen.app.studio.StudioSession;
import cinegen.ui.common.UiTasks;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The services a studio window works with: the session (current project, history, store), the generation queue,
 * a worker for blocking work (decoding, imports, exports, model scans), the executor that runs code on the JavaFX
 * thread, the serial executor for the project's files (open, save, Save As, autosave, generated frames: one at a
 * time, in order; docs/decisions/0617) and the folder of style preset files (null: none, the shelf shows the model
 * pack's styles as text cards). Tests pass their own executors to run the work when and where they choose.
 */
public record StudioContext(StudioSession session, GenerationService generation, UiTasks tasks, Executor fx,
                            Executor projectFiles, Path presetsFolder) {
    public StudioContext {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(fx, "fx");
        Objects.requireNonNull(projectFiles, "projectFiles");
    }

    /** Without preset files. */
    public StudioContext(StudioSession session, GenerationService generation, UiTasks tasks, Executor fx, Executor projectFiles) {
        this(session, generation, tasks, fx, projectFiles, null);
    }

    /**
     * A project-files worker: one thread, so file work runs one piece at a time in the order it was asked for. The
     * thread is not a daemon, so work already asked for (a save, the last autosave, removing a closed untitled
     * project's scratch folder) completes before the process ends; it stops after a few idle seconds.
     */
    public static ExecutorService newProjectFilesWorker() {
        ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> new Thread(r, "cinegen-project-files"));
        worker.allowCoreThreadTimeOut(true);
        return worker;
    }
}
