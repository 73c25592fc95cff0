package cinegen.ui.main;

import cinegen.app.generate.GenerationService;
import cinegen.app.studio.StudioSession;
import cinegen.engine.pack.DeviceChoice;
import cinegen.ui.common.UiTasks;
import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Real studio services on a temporary settings folder, for view-model and coordinator tests without a window: a
 * session with an untitled project, a generation queue (on a model pack, or without one), a UI worker, and a
 * project-files executor that runs file work only when the test says so ({@link #runFileWork}), on the FX thread.
 */
final class StudioServices implements AutoCloseable {
    final StudioSession session;
    final GenerationService generation;
    final UiTasks tasks = new UiTasks();
    /** File work asked for and not yet run. */
    final ConcurrentLinkedQueue<Runnable> fileWork = new ConcurrentLinkedQueue<>();
    final Executor projectFiles = fileWork::add;

    /** @param pack a model pack, or null for a studio without one */
    StudioServices(Path settings, Path pack) throws Exception {
        session = StudioSession.start(settings);
        generation = new GenerationService(pack, DeviceChoice.CPU, "No model pack in this test.");
    }

    StudioContext context() {
        return new StudioContext(session, generation, tasks, Platform::runLater, projectFiles);
    }

    /** Runs the file work asked for so far, and the work it asks for in turn, as the project-files thread would. */
    int runFileWork() {
        int n = 0;
        Runnable r;
        while ((r = fileWork.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }

    /** Runs the waiting project file work on the FX thread until none is left, the results included. */
    void settle() throws Exception {
        do {
            onFx(this::runFileWork);
            WaitForAsyncUtils.waitForFxEvents();
        } while (!fileWork.isEmpty());
    }

    @Override
    public void close() {
        generation.close();
        tasks.close();
        runFileWork();
        if (session.project() != null) session.close();
    }

    /** Runs {@code work} on the FX thread and returns its result. */
    static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    /** Runs {@code work} on the FX thread. */
    static void onFx(ThrowingRunnable work) throws Exception {
        onFx(() -> {
            work.run();
            return null;
        });
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
