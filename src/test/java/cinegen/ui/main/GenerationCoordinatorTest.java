package cinegen.ui.main;

import cinegen.app.generate.JobState;
import cinegen.engine.testing.TinyPack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static cinegen.ui.main.StudioServices.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generation without a window, on the tiny random pack: a finished job's frames are written on the project-files
 * executor, in turn with Save As. Whichever comes first, the first Save As of the untitled project or the clip's
 * frames, the frames end up in the saved project's folder and its file refers to them once saved (issue 30).
 */
class GenerationCoordinatorTest {
    @TempDir static Path shared;
    static Path pack;
    @TempDir Path tmp;
    private StudioServices services;
    private MainViewModel vm;

    @BeforeAll
    static void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        pack = TinyPack.create(shared.resolve("tiny-pack"), 4);
    }

    @BeforeEach
    void open() throws Exception {
        services = new StudioServices(tmp.resolve("settings"), pack);
        vm = onFx(() -> new MainViewModel(new SplittableRandom(1), "CPU · test", services.context()));
        onFx(() -> services.generation.loadModel());
        await(() -> vm.inspector().engineAvailableProperty().get(), "the model");
    }

    @AfterEach
    void close() throws Exception { onFx(services::close); }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void generate() throws Exception {
        onFx(() -> {
            vm.inspector().promptProperty().set("a green triangle bouncing");
            vm.inspector().steps().text().set("2");
            vm.inspector().frames().text().set("3");
            vm.generate();
        });
    }

    private boolean jobDone() {
        return !services.generation.jobs().isEmpty() && services.generation.jobs().get(0).state() == JobState.DONE;
    }

    private CompletableFuture<String> saveAs(Path target) throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        onFx(() -> vm.saveProjectAs(target, done::complete));
        return done;
    }

    @Test
    void framesWaitingToBeWrittenWhenSaveAsIsAskedForGoWithTheProject() throws Exception {
        Path scratch = onFx(() -> vm.project().folder().orElseThrow());
        generate();
        await(() -> jobDone() && !services.fileWork.isEmpty(), "the finished clip's frames to wait for the files thread");
        CompletableFuture<String> saved = saveAs(tmp.resolve("Kites"));
        services.settle();
        assertClipSavedWithTheProject(saved, scratch);
    }

    @Test
    void aClipFinishingWhileSaveAsWaitsIsWrittenIntoTheNewFolder() throws Exception {
        Path scratch = onFx(() -> vm.project().folder().orElseThrow());
        CompletableFuture<String> saved = saveAs(tmp.resolve("Kites"));
        assertTrue(onFx(() -> vm.projectBusyProperty().get()), "Save As waits for the files thread");
        generate();
        await(() -> jobDone() && services.fileWork.size() >= 2, "the finished clip's frames to queue after Save As");
        services.settle();
        assertClipSavedWithTheProject(saved, scratch);
    }

    private void assertClipSavedWithTheProject(CompletableFuture<String> saved, Path scratch) throws Exception {
        assertNull(saved.get(0, TimeUnit.SECONDS), "Save As went well");
        Path target = tmp.resolve("Kites").toRealPath();
        Project project = onFx(vm::project);
        assertEquals(target, onFx(() -> project.folder().orElseThrow()));
        assertEquals(1, onFx(() -> vm.timeline().clips().size()), "the clip is on the timeline");
        MediaItem item = onFx(() -> project.media().get(0));
        try (Stream<Path> pngs = Files.list(target.resolve(item.path()))) {
            assertEquals(3, pngs.filter(p -> p.toString().endsWith(".png")).count(), "the clip's frames are in the saved folder");
        }
        assertFalse(Files.exists(scratch), "the scratch folder is gone");

        CompletableFuture<String> again = new CompletableFuture<>();
        onFx(() -> vm.saveProject(again::complete));
        services.settle();
        assertNull(again.get(0, TimeUnit.SECONDS));
        assertFalse(onFx(vm::isDirty));
        String file = Files.readString(target.resolve(ProjectStore.PROJECT_FILE));
        assertTrue(file.contains("\"" + item.path() + "\""), "the project file refers to " + item.path());
        ProjectStore reader = new ProjectStore(tmp.resolve("reader"));
        Project reopened = reader.open(target);
        assertEquals(3, reader.loadFrames(reopened, item.id()).frameCount());
        reader.close(reopened);
    }
}
