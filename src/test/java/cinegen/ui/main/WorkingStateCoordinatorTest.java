package cinegen.ui.main;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.GenerationListener;
import cinegen.app.generate.JobState;
import cinegen.engine.pipeline.StepProgress;
import cinegen.engine.testing.TinyPack;
import cinegen.project.InspectorSettings;
import cinegen.project.JobRecord;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectStore;
import cinegen.ui.queue.JobRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static cinegen.ui.main.StudioServices.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inspector's settings and the job history kept with the project (decision 0619), through the studio's
 * coordinators without a window, on the tiny random pack: a running job and a cancelled one are saved as interrupted
 * and cancelled, the running one as done with its clip once it finished and the project is saved again; a new project
 * starts from the model's defaults with no history; reopening puts the inspector back and lists the saved jobs, whose
 * Retry and clip finding work.
 */
class WorkingStateCoordinatorTest {
    @TempDir static Path shared;
    static Path pack;
    @TempDir Path tmp;
    private StudioServices services;
    private MainViewModel vm;
    /** Holds the first job in its first step until released. */
    private final CountDownLatch inStep = new CountDownLatch(1), release = new CountDownLatch(1);

    @BeforeAll
    static void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        pack = TinyPack.create(shared.resolve("tiny-pack"), 4);
    }

    @BeforeEach
    void open() throws Exception {
        services = new StudioServices(tmp.resolve("settings"), pack);
        services.generation.addListener(new GenerationListener() {
            @Override
            public void stepDone(GenerationJob job, StepProgress p) {
                if (!job.title().startsWith("a green triangle")) return;
                inStep.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        vm = onFx(() -> new MainViewModel(new SplittableRandom(1), "CPU · test", services.context()));
        onFx(() -> services.generation.loadModel());
        await(() -> vm.inspector().engineAvailableProperty().get(), "the model");
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        onFx(services::close);
    }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String done(java.util.function.Consumer<java.util.function.Consumer<String>> action) throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        onFx(() -> action.accept(done::complete));
        services.settle();
        return done.get(10, TimeUnit.SECONDS);
    }

    private GenerationJob job(int i) { return services.generation.jobs().get(i); }

    @Test
    void theInspectorAndTheJobsGoWithTheProjectAndComeBackWhenItOpens() throws Exception {
        // A job held running, and one queued behind it then cancelled.
        onFx(() -> {
            vm.inspector().promptProperty().set("a green triangle bouncing");
            vm.inspector().steps().text().set("2");
            vm.inspector().frames().text().set("3");
            vm.generate();
        });
        assertTrue(inStep.await(60, TimeUnit.SECONDS), "the first job runs");
        onFx(() -> {
            vm.inspector().promptProperty().set("a red square");
            vm.generate();
        });
        await(() -> services.generation.jobs().size() == 2, "the second job");
        onFx(() -> vm.queue().cancel(vm.queue().rows().stream().filter(r -> r.job() == job(1)).findFirst().orElseThrow()));
        assertEquals(JobState.CANCELLED, job(1).state());

        // The inspector as the artist leaves it; changing it alone does not ask for a save.
        onFx(() -> {
            vm.inspector().promptProperty().set("a blue circle at dusk");
            vm.inspector().negativePromptProperty().set("blurry");
            vm.inspector().seed().text().set("1234");
            vm.inspector().steps().text().set("3");
            vm.inspector().lowPassProperty().set(true);
            vm.inspector().lowPassCutoff().text().set("0.4");
            vm.mask().cropToRegionProperty().set(false);
        });
        assertFalse(onFx(vm::isDirty), "inspector settings alone do not make the project dirty");
        InspectorSettings expected = onFx(() -> new InspectorKeeper(vm.inspector(), vm.presets(), vm.mask()).capture());
        assertEquals("a blue circle at dusk", expected.prompt());
        assertFalse(expected.randomSeed(), "typing a seed keeps it");

        Path target = tmp.resolve("Kites");
        assertNull(done(d -> vm.saveProjectAs(target, d)));
        Project kites = onFx(vm::project);
        List<JobRecord> saved = new ProjectStore(tmp.resolve("reader")).open(target).jobHistory();
        assertEquals(List.of(JobRecord.Outcome.INTERRUPTED, JobRecord.Outcome.CANCELLED), saved.stream().map(JobRecord::outcome).toList(),
                "a running job is saved as interrupted");
        assertEquals("a green triangle bouncing", saved.get(0).recipe().prompt());
        assertEquals(2, saved.get(0).recipe().steps());
        assertNotNull(saved.get(0).startedAt());
        assertNull(saved.get(0).finishedAt());
        assertEquals("a red square", saved.get(1).recipe().prompt());

        // The held job finishes: its clip is added, and the next save has it done with its clip.
        release.countDown();
        await(() -> job(0).state() == JobState.DONE && !services.fileWork.isEmpty(), "the first job's clip");
        services.settle();
        MediaItem clip = onFx(() -> kites.media().get(0));
        assertNull(done(vm::saveProject));
        List<JobRecord> history = onFx(kites::jobHistory);
        assertEquals(List.of(JobRecord.Outcome.DONE, JobRecord.Outcome.CANCELLED), history.stream().map(JobRecord::outcome).toList());
        assertEquals(clip.id(), history.get(0).mediaId());
        assertTrue(history.get(0).duration().isPresent());

        // A new project starts from the model's defaults, with no jobs of the other project listed.
        assertNull(done(vm::newProject));
        int modelSteps = onFx(() -> vm.inspector().modelProperty().get().defaults().steps());
        assertEquals("", onFx(() -> vm.inspector().promptProperty().get()));
        assertEquals(modelSteps, onFx(() -> vm.inspector().steps().get()));
        assertTrue(onFx(() -> vm.inspector().seedRandomProperty().get()));
        assertFalse(onFx(() -> vm.inspector().lowPassProperty().get()));
        assertTrue(onFx(() -> vm.mask().cropToRegionProperty().get()));
        assertEquals(List.of(), onFx(() -> List.copyOf(vm.queue().rows())));

        // Reopened: the inspector as it was saved, the saved jobs listed newest first.
        assertNull(done(d -> vm.openProject(target, d)));
        assertEquals(expected, onFx(() -> new InspectorKeeper(vm.inspector(), vm.presets(), vm.mask()).capture()));
        assertEquals("a blue circle at dusk", onFx(() -> vm.inspector().promptProperty().get()));
        assertEquals(3, onFx(() -> vm.inspector().steps().get()));
        List<JobRow> rows = onFx(() -> List.copyOf(vm.queue().rows()));
        assertEquals(List.of(JobState.CANCELLED, JobState.DONE), rows.stream().map(JobRow::state).toList());
        assertEquals(List.of("a red square", "a green triangle bouncing"), rows.stream().map(JobRow::title).toList());
        assertTrue(rows.get(0).canRetryProperty().get());
        assertFalse(rows.get(1).canRetryProperty().get());
        assertFalse(onFx(vm::isDirty));

        // A done job finds its clip; Retry queues a saved job's recipe again.
        onFx(() -> vm.queue().findClip(rows.get(1)));
        assertEquals(clip.id(), onFx(() -> vm.mediaBin().selectedProperty().get().id()));
        assertEquals(clip.id(), onFx(() -> vm.timeline().selectedClip().orElseThrow().mediaId()));
        onFx(() -> vm.queue().retry(rows.get(0)));
        await(() -> services.generation.jobs().size() == 3, "the retried job");
        assertEquals("a red square", job(2).request().prompt());
        assertEquals("a red square", job(2).title());
        await(() -> job(2).state().isFinished(), "the retried job to finish");
        assertEquals(JobState.DONE, job(2).state(), String.valueOf(job(2).failure()));
    }
}
