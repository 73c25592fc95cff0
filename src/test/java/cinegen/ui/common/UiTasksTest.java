package cinegen.ui.common;

import javafx.application.Platform;
import javafx.concurrent.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UiTasksTest {
    private final UiTasks tasks = new UiTasks();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        tasks.close();
    }

    /** Submits from the JavaFX thread, as views do. */
    private <T> Task<T> submit(UiTasks.Job<T> job, CompletableFuture<Object> outcome, AtomicReference<Boolean> onFx) {
        AtomicReference<Task<T>> task = new AtomicReference<>();
        WaitForAsyncUtils.waitForAsyncFx(5000, () -> task.set(tasks.submit(job,
                v -> { onFx.set(Platform.isFxApplicationThread()); outcome.complete(v); },
                m -> { onFx.set(Platform.isFxApplicationThread()); outcome.complete("failed: " + m); })));
        return task.get();
    }

    /** Task state may only be read on the JavaFX thread. */
    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    @Test
    void workRunsOffTheFxThreadAndTheResultArrivesOnIt() throws Exception {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        AtomicReference<Boolean> onFx = new AtomicReference<>();
        AtomicReference<String> workerThread = new AtomicReference<>();
        submit(p -> {
            workerThread.set(Thread.currentThread().getName() + (Platform.isFxApplicationThread() ? " (fx)" : ""));
            return 6 * 7;
        }, outcome, onFx);
        assertEquals(42, outcome.get(10, TimeUnit.SECONDS));
        assertTrue(onFx.get());
        assertTrue(workerThread.get().startsWith("cinegen-ui-worker"), workerThread.get());
    }

    @Test
    void failuresArriveAsASentence() throws Exception {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        AtomicReference<Boolean> onFx = new AtomicReference<>();
        submit(p -> { throw new NoSuchFileException("take-3.mp4"); }, outcome, onFx);
        assertEquals("failed: File not found: take-3.mp4", outcome.get(10, TimeUnit.SECONDS));
        assertTrue(onFx.get());
    }

    @Test
    void progressIsReportedThroughTheTask() throws Exception {
        CountDownLatch reported = new CountDownLatch(1), release = new CountDownLatch(1);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Task<String> task = submit(p -> {
            p.update(0.25, "Denoising step 5 of 20");
            reported.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return "done";
        }, outcome, new AtomicReference<>());
        assertTrue(reported.await(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(task::getProgress) == 0.25);
        assertEquals("Denoising step 5 of 20", onFx(task::getMessage));
        assertFalse(outcome.isDone());
        release.countDown();
        assertEquals("done", outcome.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aCancelledJobSeesItAndReportsCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        AtomicReference<Boolean> sawCancel = new AtomicReference<>(false);
        Task<String> task = submit(p -> {
            started.countDown();
            while (!p.isCancelled()) Thread.onSpinWait();
            sawCancel.set(true);
            return "ignored";
        }, outcome, new AtomicReference<>());
        assertTrue(started.await(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForAsyncFx(5000, () -> task.cancel(false));
        assertEquals("failed: Cancelled.", outcome.get(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, sawCancel::get);
    }
}
