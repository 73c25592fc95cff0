package cinegen.ui.main;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.JobState;
import cinegen.engine.testing.TinyPack;
import cinegen.frames.FrameSequence;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.ui.takes.Take;
import cinegen.ui.takes.VariantsViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static cinegen.ui.main.StudioServices.onFx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generate 4 Variants without a window, on the tiny random pack: four jobs with four seeds as one batch, takes that
 * stay out of the project until one is kept, Keep and Keep All filing exactly the takes asked for (undoably), closing
 * and cancelling, and the same source and mask for every take of a cinemagraph.
 */
class GenerationVariantsTest {
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

    private void await(BooleanSupplier condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(condition::getAsBoolean));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; jobs " + jobs() + "; status '"
                    + onFx(() -> vm.status().message()) + "'");
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<GenerationJob> jobs() { return services.generation.jobs(); }

    private List<VariantsViewModel.Variant> takes() throws Exception { return onFx(() -> List.copyOf(vm.variants().takes())); }

    /** A short clip with the seed in the box (Random off), or with Random on when {@code seed} is null. */
    private void generateVariants(String prompt, String seed, int steps, int frames) throws Exception {
        onFx(() -> {
            vm.inspector().promptProperty().set(prompt);
            vm.inspector().steps().text().set(String.valueOf(steps));
            vm.inspector().frames().text().set(String.valueOf(frames));
            if (seed != null) vm.inspector().seed().text().set(seed);
            else vm.inspector().seedRandomProperty().set(true);
            vm.generateVariants();
        });
    }

    private void awaitFourTakes() throws Exception {
        await(() -> jobs().size() == 4 && jobs().stream().allMatch(j -> j.state() == JobState.DONE)
                && vm.variants().takes().stream().allMatch(t -> t.resultProperty().get() != null), "four finished takes");
    }

    /** Every file and folder under the project's folder, relative to it. */
    private static Set<String> files(Path folder) throws Exception {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.map(p -> folder.relativize(p).toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void fourJobsWithTheNextSeedsStayOutOfTheProjectUntilTheThirdIsKept() throws Exception {
        Project project = onFx(vm::project);
        Path folder = onFx(() -> project.folder().orElseThrow());
        Set<String> before = files(folder);
        generateVariants("a red circle moving left", "100", 2, 3);
        assertEquals(4, jobs().size(), "one batch of four jobs, queued at once");
        awaitFourTakes();
        services.settle();

        assertEquals(List.of(100L, 101L, 102L, 103L), jobs().stream().map(j -> j.request().seed()).toList());
        assertEquals(List.of("a red circle moving left (seed 100)", "a red circle moving left (seed 101)",
                "a red circle moving left (seed 102)", "a red circle moving left (seed 103)"), jobs().stream().map(GenerationJob::title).toList());
        List<VariantsViewModel.Variant> takes = takes();
        assertEquals(List.of("seed 100", "seed 101", "seed 102", "seed 103"), takes.stream().map(Take::label).toList());
        for (int i = 0; i < 4; i++) assertSame(jobs().get(i).result().frames(), takes.get(i).resultProperty().get());
        assertEquals(100L, onFx(() -> vm.inspector().seed().get()), "Random off: the box keeps its seed");
        onFx(() -> {
            assertTrue(project.media().isEmpty(), "no take in the bin");
            assertTrue(project.timeline().clips().isEmpty(), "nor on the timeline");
            assertTrue(vm.timeline().clips().isEmpty());
            assertFalse(vm.canUndoProperty().get(), "nothing to undo");
            assertEquals("Variants done: click a take to play it, Keep to put it on the timeline.", vm.status().message());
        });
        assertEquals(before, files(folder), "no file written into the project");

        VariantsViewModel.Variant third = takes.get(2);
        onFx(() -> {
            vm.variants().pick(third);
            assertSame(third.resultProperty().get(), vm.viewer().sequenceProperty().get(), "the viewer plays the take");
            assertTrue(vm.viewer().isPlaying());
            assertFalse(vm.showingProgramProperty().get());
            vm.variants().keepPicked();
        });
        services.settle();

        MediaItem item = onFx(() -> project.media().get(0));
        onFx(() -> {
            assertEquals(1, project.media().size(), "exactly one take filed");
            assertEquals(1, vm.timeline().clips().size(), "on the timeline");
            assertTrue(vm.showingProgramProperty().get(), "the viewer plays the timeline again");
            assertTrue(third.keptProperty().get());
            assertEquals("Kept", third.detailProperty().get());
            assertTrue(takes.stream().filter(t -> t != third).noneMatch(t -> t.keptProperty().get()));
            assertFalse(vm.variants().canKeepProperty().get(), "kept once");
        });
        GenerationRecipe recipe = item.generation().orElseThrow();
        assertEquals(102L, recipe.seed(), "the third take's seed");
        assertEquals("a red circle moving left", recipe.prompt());
        assertEquals(GenerationMode.TEXT_TO_VIDEO, recipe.mode());
        assertEquals(2, recipe.steps());
        assertEquals(3, recipe.frames());
        assertFalse(recipe.modelPackHash().isEmpty(), "the full recipe");
        assertEquals("a red circle moving left (seed 102)", item.name());
        FrameSequence saved = services.session.store().loadFrames(project, item);
        FrameSequence kept = third.resultProperty().get();
        assertEquals(3, saved.frameCount());
        for (int f = 0; f < 3; f++) assertArrayEquals(kept.frame(f), saved.frame(f), "the third take's frames, frame " + f);
        assertFalse(java.util.Arrays.equals(takes.get(0).resultProperty().get().frame(1), saved.frame(1)), "not another take's");

        onFx(vm::undo);
        onFx(() -> {
            assertTrue(project.media().isEmpty(), "undo takes the kept take out of the bin");
            assertTrue(project.timeline().clips().isEmpty(), "and off the timeline");
            assertFalse(vm.canUndoProperty().get(), "keeping was one undoable step");
        });
    }

    @Test
    void withRandomOnTheTakesHaveFourRandomSeedsAndTheBoxRollsAgain() throws Exception {
        onFx(() -> vm.inspector().seedRandomProperty().set(true));
        long box = onFx(() -> vm.inspector().seed().get());
        generateVariants("a blue square moving right", null, 2, 3);
        List<Long> seeds = jobs().stream().map(j -> j.request().seed()).toList();
        assertEquals(4, seeds.size());
        assertEquals(box, seeds.get(0), "the box's seed first");
        assertEquals(4, new HashSet<>(seeds).size(), "four different seeds");
        assertNotEquals(List.of(box, box + 1, box + 2, box + 3), seeds, "not consecutive");
        assertEquals(seeds, takes().stream().map(VariantsViewModel.Variant::seed).toList());
        assertNotEquals(box, (long) onFx(() -> vm.inspector().seed().get()), "the box rolls a new seed, as after Generate");
        assertTrue(onFx(() -> vm.inspector().seedRandomProperty().get()));
    }

    @Test
    void keepAllFilesEveryTakeInSeedOrderEachOneUndoableStep() throws Exception {
        generateVariants("a red circle on a sky background", "7", 2, 3);
        awaitFourTakes();
        onFx(() -> vm.variants().keepAll());
        services.settle();
        Project project = onFx(vm::project);
        onFx(() -> {
            assertEquals(List.of(7L, 8L, 9L, 10L), project.media().stream().map(m -> m.generation().orElseThrow().seed()).toList());
            assertEquals(4, project.timeline().clips().size());
            assertTrue(vm.variants().takes().stream().allMatch(t -> t.keptProperty().get()));
            assertFalse(vm.variants().canKeepAllProperty().get());
            assertTrue(jobs().stream().allMatch(j -> j.result().frames().isEmpty()), "filed: the project's frames are the ones kept");
            assertTrue(vm.variants().takes().stream().allMatch(t -> t.resultProperty().get().frameCount() == 3), "the strip still shows them");
            vm.variants().keepAll();
        });
        services.settle();
        onFx(() -> {
            assertEquals(4, project.media().size(), "Keep All again files nothing twice");
            vm.undo();
            assertEquals(List.of(7L, 8L, 9L), project.media().stream().map(m -> m.generation().orElseThrow().seed()).toList());
        });
    }

    @Test
    void closingTheStripLetsTheTakesGoAndWritesNothing() throws Exception {
        Project project = onFx(vm::project);
        Path folder = onFx(() -> project.folder().orElseThrow());
        Set<String> before = files(folder);
        generateVariants("a red circle moving left", "55", 2, 3);
        awaitFourTakes();
        List<VariantsViewModel.Variant> takes = takes();
        onFx(() -> vm.variants().close());
        services.settle();
        onFx(() -> {
            assertFalse(vm.variants().activeProperty().get(), "the strip is gone");
            assertTrue(vm.variants().takes().isEmpty());
            takes.forEach(t -> assertFalse(vm.variants().isCurrent(t)));
            assertTrue(project.media().isEmpty());
            assertTrue(project.timeline().clips().isEmpty());
            for (GenerationJob j : jobs()) {
                assertTrue(j.result().frames().isEmpty(), "the jobs list lets the frames of a take let go");
                assertEquals(takes.get(0).resultProperty().get().width(), j.result().frames().width(), "what was made stays");
            }
        });
        assertEquals(before, files(folder), "nothing of the takes was written into the project");
    }

    @Test
    void cancelStopsTheTakesStillToRenderAndAStyleSweepReplacesTheStrip() throws Exception {
        generateVariants("a blue square moving right", "1", 150, 16);
        await(() -> !jobs().isEmpty() && jobs().get(0).state() == JobState.RUNNING, "the first take running");
        onFx(vm::cancelGeneration); // Generate > Cancel Generation on a take stops its whole batch
        await(() -> jobs().size() == 4 && jobs().stream().allMatch(j -> j.state() == JobState.CANCELLED), "every take cancelled");
        onFx(() -> {
            assertFalse(vm.variants().runningProperty().get());
            assertTrue(vm.variants().takes().stream().allMatch(t -> "Cancelled".equals(t.detailProperty().get())));
            assertTrue(vm.project().media().isEmpty());
        });

        generateVariants("a blue square moving right", "1", 150, 16);
        await(() -> jobs().size() == 8 && jobs().get(4).state() == JobState.RUNNING, "the second batch running");
        onFx(() -> vm.variants().cancel()); // the strip's Cancel
        await(() -> jobs().subList(4, 8).stream().allMatch(j -> j.state() == JobState.CANCELLED), "the second batch cancelled");
        assertTrue(onFx(() -> vm.variants().activeProperty().get()), "cancelling keeps the strip on show");
    }

    @Test
    void aCinemagraphsTakesShareTheStillAndItsMask() throws Exception {
        BufferedImage img = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) for (int x = 0; x < 48; x++) img.setRGB(x, y, y < 16 ? 0x3060d0 : 0x208040);
        Path png = tmp.resolve("harbour.png");
        ImageIO.write(img, "png", png.toFile());
        onFx(() -> vm.mediaBin().addFiles(List.of(png)));
        await(() -> vm.mediaBin().selectedProperty().get() != null, "the imported still");
        onFx(() -> vm.mask().activeProperty().set(true));
        await(() -> vm.mask().media().isPresent(), "the painter on the still");
        onFx(() -> {
            vm.mask().fill();
            vm.mask().activeProperty().set(false);
            vm.inspector().modeProperty().set(cinegen.frames.GenerationMode.CINEMAGRAPH);
            vm.inspector().promptProperty().set("water rippling");
        });
        assertTrue(onFx(() -> vm.inspector().canGenerateProperty().get()), onFx(() -> vm.inspector().generateBlockedReasonProperty().get()));
        generateVariants("water rippling", "20", 2, 3);
        awaitFourTakes();

        Project project = onFx(vm::project);
        MediaItem still = onFx(() -> project.media().get(0));
        MaskTrack track = onFx(() -> project.maskTracks().get(0));
        GenerationJob first = jobs().get(0);
        assertEquals(List.of(20L, 21L, 22L, 23L), jobs().stream().map(j -> j.request().seed()).toList());
        for (GenerationJob j : jobs()) {
            assertEquals(cinegen.frames.GenerationMode.CINEMAGRAPH, j.request().mode());
            assertSame(first.request().image(), j.request().image(), "one decoded source for every take");
            assertEquals(first.request().masks(), j.request().masks(), "the same mask");
            assertEquals(48, j.result().frames().width(), "delivered at the still's size");
        }
        assertArrayEquals(first.request().image().frame(0), jobs().get(3).result().frames().frame(0), "each starts on the still");

        onFx(() -> {
            vm.variants().pick(vm.variants().takes().get(1));
            vm.variants().keepPicked();
        });
        services.settle();
        GenerationRecipe kept = onFx(() -> project.media().get(1).generation().orElseThrow());
        assertEquals(21L, kept.seed());
        assertEquals(GenerationMode.CINEMAGRAPH, kept.mode());
        assertEquals(still.id(), kept.sourceMediaId());
        assertEquals(track.id(), kept.maskTrackId());
        assertNull(jobs().get(1).request().image(), "the kept take's job lets its still go once filed");
        assertEquals(21L, jobs().get(1).request().seed(), "what it was stays");
    }
}
