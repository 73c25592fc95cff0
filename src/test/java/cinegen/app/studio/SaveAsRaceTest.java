package cinegen.app.studio;

import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.FrameSequence;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 30: a generation job that finishes while an untitled project is saved somewhere for the first time. The
 * job's frames are written through the store on the job's own thread while Save As runs on the project-files
 * thread, started together at a barrier, many times; the project's own steps run on a third thread, as the FX thread
 * would. Every time, the clip's frames must end up in the saved project folder (never only in the scratch folder that
 * Save As removes) and the saved project file must refer to them.
 */
class SaveAsRaceTest {
    static final int ROUNDS = 40;

    @TempDir Path dir;

    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "race-ui"));
    private final ExecutorService files = Executors.newSingleThreadExecutor(r -> new Thread(r, "race-project-files"));
    private final ExecutorService job = Executors.newSingleThreadExecutor(r -> new Thread(r, "race-generation"));

    /** Six 64×48 frames: enough PNG writing for the two sides to overlap. */
    static GeneratedVideo video(int seed) {
        List<int[]> frames = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            int[] px = new int[64 * 48];
            for (int i = 0; i < px.length; i++) px[i] = 0xff000000 | ((i * 31 + f * 17 + seed) & 0xffffff);
            frames.add(px);
        }
        GenerationRequest r = GenerationRequest.builder().prompt("p").frames(6).build();
        return new GeneratedVideo(new FrameSequence(64, 48, 8, frames), r, "tiny", "sha256:abc", "cpu", 1);
    }

    @Test
    void aClipFinishingDuringTheFirstSaveAsLandsInTheSavedProject() throws Exception {
        AtomicInteger framesFirst = new AtomicInteger(), saveAsFirst = new AtomicInteger();
        try {
            for (int round = 0; round < ROUNDS; round++) race(round, framesFirst, saveAsFirst);
        } finally {
            for (ExecutorService e : List.of(ui, files, job)) e.shutdownNow();
        }
        assertEquals(ROUNDS, framesFirst.get() + saveAsFirst.get());
        System.out.println("Save As race: frames written first " + framesFirst + " times, Save As first " + saveAsFirst + " times");
    }

    private void race(int round, AtomicInteger framesFirst, AtomicInteger saveAsFirst) throws Exception {
        StudioSession s = onUi(() -> StudioSession.start(dir.resolve("settings-" + round)));
        Project owner = onUi(s::project);
        Path scratch = onUi(() -> owner.folder().orElseThrow());
        Path chosen = dir.resolve("Kites " + round);
        GeneratedVideo video = video(round);
        StudioSession.FileTask saveAs = onUi(() -> s.saveAsTask(chosen));

        CyclicBarrier start = new CyclicBarrier(2);
        AtomicInteger order = new AtomicInteger();
        int[] framesDoneAt = new int[1];
        // The job: its frames through the store on its own thread, then its clip onto the timeline on the UI thread.
        CompletableFuture<MediaItem> clip = CompletableFuture.supplyAsync(() -> unchecked(() -> {
            start.await();
            MediaItem item = s.saveGenerated(owner, video, StudioSessionTest.recipe(), "clip " + round);
            framesDoneAt[0] = order.incrementAndGet();
            return item;
        }), job).thenApplyAsync(item -> {
            s.addGenerated(item);
            return item;
        }, ui);
        // Save As: written on the project-files thread, finished on the UI thread, cleaned up on the files thread.
        int[] saveAsDoneAt = new int[1];
        CompletableFuture<Void> saved = CompletableFuture.runAsync(() -> unchecked(() -> {
            start.await();
            saveAs.write();
            saveAsDoneAt[0] = order.incrementAndGet();
            return null;
        }), files).thenRunAsync(saveAs::finish, ui).thenRunAsync(saveAs::cleanUp, files);

        MediaItem item = clip.get(60, TimeUnit.SECONDS);
        saved.get(60, TimeUnit.SECONDS);
        (framesDoneAt[0] < saveAsDoneAt[0] ? framesFirst : saveAsFirst).incrementAndGet();

        Path target = chosen.toRealPath();
        assertEquals(target, onUi(() -> owner.folder().orElseThrow()), "round " + round + ": the project continues in its folder");
        assertFalse(Files.exists(scratch), "round " + round + ": the scratch folder is gone");
        Path frames = target.resolve(item.path());
        assertEquals(6, pngs(frames), "round " + round + ": the clip's frames are in the saved folder");
        // The clip came after the Save As snapshot, so the project still has unsaved changes; Save writes them.
        assertTrue(onUi(owner::isDirty), "round " + round + ": the clip added during Save As is not saved yet");
        onUi(() -> {
            s.save();
            return null;
        });
        String file = Files.readString(target.resolve(ProjectStore.PROJECT_FILE));
        assertTrue(file.contains("\"" + item.path() + "\""), "round " + round + ": the project file refers to " + item.path());

        ProjectStore fresh = new ProjectStore(dir.resolve("reader-" + round));
        Project reopened = fresh.open(target);
        FrameSequence back = fresh.loadFrames(reopened, item.id());
        assertArrayEquals(video.frames().frame(5), back.frame(5), "round " + round + ": the saved frames read back");
        fresh.close(reopened);
        onUi(() -> {
            s.close();
            return null;
        });
    }

    private static long pngs(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) return 0;
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.toString().endsWith(".png")).count();
        }
    }

    private <T> T onUi(Callable<T> work) throws Exception {
        return ui.submit(work).get(60, TimeUnit.SECONDS);
    }

    private static <T> T unchecked(Callable<T> work) {
        try {
            return work.call();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
