package cinegen.ui.queue;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.GenerationListener;
import cinegen.app.generate.GenerationService;
import cinegen.app.generate.JobState;
import cinegen.engine.pack.DeviceChoice;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.StepProgress;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.testing.TinyPack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.JobRecord;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jobs panel's rows over a real queue; UI updates run when the test drains them, as the FX thread would. */
class QueueViewModelTest {
    @TempDir static Path dir;
    static Path pack;
    private final ConcurrentLinkedQueue<Runnable> fx = new ConcurrentLinkedQueue<>();
    private GenerationService service;

    @BeforeAll
    static void createPack() throws Exception { pack = TinyPack.create(dir.resolve("pack"), 8); }

    @AfterEach
    void close() { if (service != null) service.close(); }

    private void drain() {
        Runnable r;
        while ((r = fx.poll()) != null) r.run();
    }

    private static GenerationRequest request(int steps) {
        return GenerationRequest.builder().prompt("a red circle").frames(4).steps(steps).seed(1).guidance(2)
                .sampler(SamplerKind.DDIM).build();
    }

    private static List<String> titles(QueueViewModel vm) {
        return vm.rows().stream().map(r -> r.job().title() + ":" + r.state()).toList();
    }

    @Test
    void rowsShowRunningThenQueuedThenFinishedAndFollowReorderCancelAndRetry() throws Exception {
        service = new GenerationService(pack, DeviceChoice.CPU, null);
        CountDownLatch hold = new CountDownLatch(1), inStep = new CountDownLatch(1);
        service.addListener(new GenerationListener() {
            @Override
            public void stepDone(GenerationJob job, StepProgress p) {
                if (job.title().equals("a")) {
                    inStep.countDown();
                    try { hold.await(60, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                }
            }
        });
        QueueViewModel vm = new QueueViewModel(service, fx::add);
        assertTrue(vm.emptyProperty().get());
        service.submit("a", request(2), null);
        assertTrue(inStep.await(60, TimeUnit.SECONDS));
        service.submit("b", request(1), null);
        service.submit("c", request(1), null);
        drain();
        assertEquals(List.of("a:RUNNING", "b:QUEUED", "c:QUEUED"), titles(vm));
        JobRow a = vm.rows().get(0), c = vm.rows().get(2);
        assertTrue(a.detail().startsWith("Step 1 / 2 · "), a.detail());
        assertTrue(a.canCancelProperty().get());
        assertFalse(a.canRetryProperty().get());

        vm.moveUp(c);
        drain();
        assertEquals(List.of("a:RUNNING", "c:QUEUED", "b:QUEUED"), titles(vm));
        JobRow b = vm.rows().get(2);
        vm.cancel(b);
        drain();
        assertEquals(JobState.CANCELLED, b.state());
        assertEquals("before it started", b.detail());
        assertTrue(b.canRetryProperty().get());
        hold.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!c.job().state().isFinished() && System.nanoTime() < until) Thread.sleep(5);
        drain();
        assertEquals(List.of("c:DONE", "b:CANCELLED", "a:DONE"), titles(vm), "finished jobs, newest first");
        assertTrue(c.detail().startsWith("in 0:"), c.detail());

        vm.retry(b);
        drain();
        assertEquals("b", vm.rows().get(0).job().title(), "the retry is a new job, listed first");
        assertEquals(4, vm.rows().size());
    }

    @Test
    void theProjectsSavedJobsFollowTheSessionsNewestFirstAndRetryAndFindTheirClip() throws Exception {
        service = new GenerationService(pack, DeviceChoice.CPU, null);
        QueueViewModel vm = new QueueViewModel(service, fx::add);
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        GenerationRecipe recipe = GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                .prompt("a kite").build();
        List<JobRecord> history = List.of(
                new JobRecord("made", JobRecord.Outcome.DONE, null, recipe, t, t.plusSeconds(1), t.plusSeconds(32), "gen-1"),
                new JobRecord("broke", JobRecord.Outcome.FAILED, "Not enough memory for this job.", recipe, t, t, t, null),
                new JobRecord("stopped", JobRecord.Outcome.CANCELLED, null, recipe, t, null, t.plusSeconds(60), null),
                new JobRecord("cut short", JobRecord.Outcome.INTERRUPTED, null, recipe, t, t, null, null));
        List<JobRecord> retried = new ArrayList<>();
        List<JobRow> found = new ArrayList<>();
        vm.setOnRetrySaved(retried::add);
        vm.setOnFindClip(found::add);
        vm.showHistory(history, j -> true);
        GenerationJob live = service.submit("now", request(1), null);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!live.state().isFinished() && System.nanoTime() < until) Thread.sleep(5);
        drain();

        assertEquals(List.of("#" + live.number() + "  now", "cut short", "stopped", "broke", "made"),
                vm.rows().stream().map(JobRow::title).toList(), "this session's jobs, then the saved ones, newest first");
        assertEquals(List.of(JobState.DONE, JobState.INTERRUPTED, JobState.CANCELLED, JobState.FAILED, JobState.DONE),
                vm.rows().stream().map(JobRow::state).toList());
        assertEquals(List.of(String.valueOf(live.number()), "saved-3", "saved-2", "saved-1", "saved-0"),
                vm.rows().stream().map(JobRow::key).toList());
        JobRow made = vm.rows().get(4), broke = vm.rows().get(3), cut = vm.rows().get(1);
        assertEquals("in 0:31 · " + JobRow.when(t.plusSeconds(32)), made.detail());
        assertEquals("Not enough memory for this job.", broke.detail());
        assertEquals("Not finished when the project was saved.", cut.detail());
        assertFalse(made.canRetryProperty().get());
        assertTrue(vm.rows().subList(1, 4).stream().allMatch(r -> r.canRetryProperty().get() && !r.canCancelProperty().get()));

        vm.retry(cut);
        vm.retry(made);
        assertEquals(List.of(history.get(3)), retried, "Retry queues a failed, cancelled or interrupted saved job again");
        vm.findClip(broke);
        vm.findClip(made);
        assertEquals(List.of(made), found, "only a done job has a clip to find");

        vm.showHistory(List.of(), j -> false);
        assertEquals(List.of(), vm.rows(), "another project: its own history, none of this session's finished jobs");
    }
}
