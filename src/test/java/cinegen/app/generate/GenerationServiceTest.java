package cinegen.app.generate;

import cinegen.engine.pack.DeviceChoice;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.StepProgress;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.testing.TinyPack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue on its worker thread, with the real pipeline on the tiny random pack. */
class GenerationServiceTest {
    @TempDir static Path dir;
    static Path pack;
    private GenerationService service;

    @BeforeAll
    static void createPack() throws Exception {
        pack = TinyPack.create(dir.resolve("pack"), 5);
    }

    @AfterEach
    void close() {
        if (service != null) service.close();
    }

    static GenerationRequest request(long seed, int steps) {
        return GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).prompt("a red circle moving left").frames(4).steps(steps)
                .seed(seed).guidance(2).sampler(SamplerKind.DDIM).build();
    }

    /** Records events in order; lets a test hold the worker inside a step. */
    static final class Recorder implements GenerationListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<StepProgress> steps = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch holdInStep;
        final CountDownLatch inStep = new CountDownLatch(1);

        @Override
        public void jobChanged(GenerationJob job) { events.add(job.title() + ":" + job.state()); }

        @Override
        public void stepDone(GenerationJob job, StepProgress p) {
            steps.add(p);
            CountDownLatch hold = holdInStep;
            if (hold != null) {
                inStep.countDown();
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static void awaitFinished(GenerationJob job) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!job.state().isFinished()) {
            if (System.nanoTime() > until) throw new AssertionError(job + " did not finish");
            Thread.sleep(5);
        }
    }

    @Test
    void aJobRunsToDoneWithAPreviewOfEveryFrameAtEveryStep() throws Exception {
        service = new GenerationService(pack, DeviceChoice.CPU, null);
        Recorder r = new Recorder();
        service.addListener(r);
        GenerationJob job = service.submit("circle", request(1, 3), "tag");
        awaitFinished(job);
        assertEquals(JobState.DONE, job.state(), job.failure());
        assertEquals(4, job.result().frames().frameCount());
        assertEquals("tag", job.tag());
        assertNull(job.failure());
        assertEquals(3, r.steps.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, r.steps.get(i).step());
            assertEquals(4, r.steps.get(i).previewFrames().size());
        }
        // The job's state turns DONE just before the worker announces it: wait for the announcement.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (r.events.size() < 3 && System.nanoTime() < until) Thread.sleep(5);
        assertEquals(List.of("circle:QUEUED", "circle:RUNNING", "circle:DONE"), r.events);
        ModelStatus s = service.modelStatus();
        assertEquals(ModelStatus.State.READY, s.state());
        assertNotNull(s.hash());
        assertEquals(job.result().modelHash(), s.hash());
        assertTrue(s.describe().startsWith("CPU · model "), s.describe());
    }

    @Test
    void cancellingTheRunningJobStopsItAndTheQueueGoesOn() throws Exception {
        service = new GenerationService(pack, DeviceChoice.CPU, null);
        Recorder r = new Recorder();
        CountDownLatch hold = new CountDownLatch(1);
        r.holdInStep = hold;
        service.addListener(r);
        GenerationJob first = service.submit("first", request(1, 20), null);
        assertTrue(r.inStep.await(120, TimeUnit.SECONDS));
        GenerationJob second = service.submit("second", request(2, 2), null);
        assertEquals(JobState.RUNNING, first.state());
        assertEquals(JobState.QUEUED, second.state());
        assertTrue(service.cancel(first));
        r.holdInStep = null;
        hold.countDown();
        awaitFinished(first);
        assertEquals(JobState.CANCELLED, first.state());
        assertTrue(first.progress().step() < 20, "stopped early, at step " + first.progress().step());
        awaitFinished(second);
        assertEquals(JobState.DONE, second.state(), second.failure());
    }

    @Test
    void queuedJobsCanBeReorderedAndCancelledAndFinishedOnesRetried() throws Exception {
        service = new GenerationService(pack, DeviceChoice.CPU, null);
        Recorder r = new Recorder();
        CountDownLatch hold = new CountDownLatch(1);
        r.holdInStep = hold;
        service.addListener(r);
        GenerationJob a = service.submit("a", request(1, 2), null);
        assertTrue(r.inStep.await(120, TimeUnit.SECONDS));
        GenerationJob b = service.submit("b", request(2, 2), null);
        GenerationJob c = service.submit("c", request(3, 2), null);
        GenerationJob d = service.submit("d", request(4, 2), null);
        assertEquals(List.of(b, c, d), service.queued());
        assertTrue(service.moveTo(d, 0));
        assertEquals(List.of(d, b, c), service.queued());
        assertTrue(service.cancel(b));
        assertEquals(JobState.CANCELLED, b.state());
        assertEquals(List.of(d, c), service.queued());
        r.holdInStep = null;
        hold.countDown();
        awaitFinished(c);
        List<String> started = r.events.stream().filter(e -> e.endsWith(":RUNNING")).toList();
        assertEquals(List.of("a:RUNNING", "d:RUNNING", "c:RUNNING"), started, "b never ran, d ran before c");
        assertEquals(List.of(a, b, c, d), service.jobs());

        GenerationJob again = service.retry(b);
        awaitFinished(again);
        assertEquals(JobState.DONE, again.state());
        assertEquals(b.request(), again.request());
        assertThrows(IllegalStateException.class, () -> service.retry(service.submit("e", request(5, 1), null)).state());
    }

    @Test
    void aPackThatCannotBeLoadedFailsTheJobWithAReason() throws Exception {
        Path broken = dir.resolve("broken");
        java.nio.file.Files.createDirectories(broken);
        java.nio.file.Files.writeString(broken.resolve("manifest.json"), "{ not json");
        service = new GenerationService(broken, DeviceChoice.CPU, null);
        GenerationJob job = service.submit("x", request(1, 1), null);
        awaitFinished(job);
        assertEquals(JobState.FAILED, job.state());
        assertTrue(job.failure().contains("could not be loaded"), job.failure());
        assertEquals(ModelStatus.State.FAILED, service.modelStatus().state());
    }

    @Test
    void withoutAPackNothingCanBeQueuedAndTheStatusSaysWhy() {
        service = new GenerationService(null, DeviceChoice.CPU, "No model pack found in: a, b.");
        assertEquals("no model pack found", service.modelStatus().describe());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> service.submit("x", request(1, 1), null));
        assertEquals("No model pack found in: a, b.", e.getMessage());
    }

    @Test
    void anotherModelFamilyCanBeSelectedAndJobsRunWithIt() throws Exception {
        service = new GenerationService(pack, DeviceChoice.CPU, null);
        GenerationJob first = service.submit("bundled", request(1, 1), null);
        awaitFinished(first);
        assertEquals(JobState.DONE, first.state(), first.failure());
        assertEquals("bundled", service.modelStatus().info().familyId());

        service.selectModel(cinegen.engine.family.ModelSource.of(Path.of("src/test/resources/diffusers/pipeline_animatediff")));
        GenerationJob sd = service.submit("sd", cinegen.engine.pipeline.GenerationRequest.builder().prompt("a fox").frames(8)
                .size(32, 32).steps(1).guidance(2).build(), null);
        awaitFinished(sd);
        assertEquals(JobState.DONE, sd.state(), sd.failure());
        assertEquals(32, sd.result().frames().width());
        ModelStatus s = service.modelStatus();
        assertEquals("sd15", s.info().familyId());
        assertEquals(32, s.info().width(), "the studio reads the native size from the status");
        assertNotEquals(first.result().modelHash(), sd.result().modelHash());

        service.selectModel(cinegen.engine.family.ModelSource.of(dir.resolve("no-such-model")));
        GenerationJob lost = service.submit("lost", request(1, 1), null);
        awaitFinished(lost);
        assertEquals(JobState.FAILED, lost.state());
        assertTrue(lost.failure().contains("no-such-model"), lost.failure());
    }

    static void awaitState(GenerationService s, ModelStatus.State state) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (s.modelStatus().state() != state) {
            if (System.nanoTime() > until) throw new AssertionError("model never " + state + ": " + s.modelStatus());
            Thread.sleep(5);
        }
    }

    /** Issue 31: the loaded model says what it makes of prompts: the bundled pack's words, SD's CLIP token count. */
    @Test
    void theReadyModelAdvisesOnPrompts() throws Exception {
        service = new GenerationService(pack, DeviceChoice.CPU, null);
        assertFalse(service.promptAdvisor().countsTokens(), "nothing known before the model is loaded");
        service.loadModel();
        awaitState(service, ModelStatus.State.READY);
        PromptAdvisor bundled = service.promptAdvisor();
        assertFalse(bundled.openVocabulary());
        assertEquals(List.of("fox", "jumping"), bundled.unknownWords("a red Fox jumping on a sky background"));
        assertFalse(bundled.examples().isEmpty());
        for (String e : bundled.examples()) assertTrue(bundled.unknownWords(e).isEmpty(), e);

        Path sd = Path.of("src/test/resources/diffusers/pipeline_animatediff");
        service.selectModel(sd, null);
        assertEquals(sd, service.modelPath());
        assertNull(service.motionPath());
        awaitState(service, ModelStatus.State.READY);
        PromptAdvisor clip = service.promptAdvisor();
        assertTrue(clip.openVocabulary());
        assertTrue(clip.countsTokens());
        assertEquals(77, clip.maxTokens());
        assertEquals(List.of(), clip.unknownWords("a fox jumping"));
        int few = clip.countTokens("a fox");
        assertTrue(few >= 4 && few < 10, "start, words, end: " + few);
        assertTrue(clip.countTokens("a fox ".repeat(60)) > 77);
    }

    @Test
    void theModelsFoldersLorasAreOnAStableDiffusionModelsShelfAndReadWhenUsed() throws Exception {
        Path models = dir.resolve("models-with-loras");
        java.nio.file.Files.createDirectories(models.resolve("loras"));
        var t = new java.util.LinkedHashMap<String, cinegen.engine.pack.SafeTensors.Tensor>();
        String base = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q";
        float[] down = new float[2 * 16], up = new float[16 * 2];
        for (int i = 0; i < down.length; i++) { down[i] = (float) Math.sin(i); up[i] = (float) Math.cos(i); }
        t.put(base + ".lora_down.weight", new cinegen.engine.pack.SafeTensors.Tensor(new long[] {2, 16}, down));
        t.put(base + ".lora_up.weight", new cinegen.engine.pack.SafeTensors.Tensor(new long[] {16, 2}, up));
        cinegen.engine.pack.SafeTensors.write(models.resolve("loras/Ink-Wash.safetensors"), t, cinegen.engine.pack.SafeTensors.DType.F32);
        Path preview = models.resolve("loras/Ink-Wash.preview.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", preview.toFile());
        String before = System.getProperty("cinegen.models");
        System.setProperty("cinegen.models", models.toString());
        try {
            service = new GenerationService(pack, DeviceChoice.CPU, null);
            service.selectModel(cinegen.engine.family.ModelSource.of(Path.of("src/test/resources/diffusers/pipeline_animatediff")));
            var request = cinegen.engine.pipeline.GenerationRequest.builder().prompt("a fox").frames(8).size(32, 32).steps(1).guidance(2).seed(3);
            GenerationJob plain = service.submit("plain", request.build(), null);
            awaitFinished(plain);
            assertEquals(JobState.DONE, plain.state(), plain.failure());
            assertTrue(service.modelStatus().styles().stream().anyMatch(st -> st.name().equals("ink-wash")),
                    "the folder's LoRA is on the shelf: " + service.modelStatus().styles());
            assertEquals(preview.toAbsolutePath(), service.modelStatus().styles().stream().filter(st -> st.name().equals("ink-wash"))
                    .findFirst().orElseThrow().preview(), "with the picture kept beside it");
            GenerationJob styled = service.submit("styled", request.style(cinegen.engine.pack.StyleMix.parse("ink-wash:1", 1)).build(), null);
            awaitFinished(styled);
            assertEquals(JobState.DONE, styled.state(), styled.failure());
            assertFalse(java.util.Arrays.equals(plain.result().frames().frame(3), styled.result().frames().frame(3)), "the LoRA changes the clip");
        } finally {
            if (before == null) System.clearProperty("cinegen.models"); else System.setProperty("cinegen.models", before);
        }
    }

    @Test
    void aStyleFileAddedInTheStudioGoesOnTheShelfAndIsReadWhenUsed() throws Exception {
        var t = new java.util.LinkedHashMap<String, cinegen.engine.pack.SafeTensors.Tensor>();
        String base = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q";
        float[] down = new float[2 * 16], up = new float[16 * 2];
        for (int i = 0; i < down.length; i++) { down[i] = (float) Math.sin(3 * i); up[i] = (float) Math.cos(5 * i); }
        t.put(base + ".lora_down.weight", new cinegen.engine.pack.SafeTensors.Tensor(new long[] {2, 16}, down));
        t.put(base + ".lora_up.weight", new cinegen.engine.pack.SafeTensors.Tensor(new long[] {16, 2}, up));
        Path lora = dir.resolve("Charcoal.safetensors");
        cinegen.engine.pack.SafeTensors.write(lora, t, cinegen.engine.pack.SafeTensors.DType.F32);
        Path notes = java.nio.file.Files.writeString(dir.resolve("notes.safetensors"), "not a model");

        service = new GenerationService(pack, DeviceChoice.CPU, null);
        service.selectModel(cinegen.engine.family.ModelSource.of(Path.of("src/test/resources/diffusers/pipeline_animatediff")));
        service.loadModel();
        org.testfx.util.WaitForAsyncUtils.waitFor(120, java.util.concurrent.TimeUnit.SECONDS,
                () -> service.modelStatus().state() == ModelStatus.State.READY);
        String refused = service.addStyleFile(notes);
        assertTrue(refused != null && refused.startsWith("notes.safetensors"), refused);
        assertNull(service.addStyleFile(lora));
        org.testfx.util.WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS,
                () -> service.modelStatus().styles().stream().anyMatch(st -> st.name().equals("charcoal")));
        assertEquals(List.of(lora.toAbsolutePath()), service.styleFiles());

        var request = cinegen.engine.pipeline.GenerationRequest.builder().prompt("a fox").frames(8).size(32, 32).steps(1).guidance(2).seed(3);
        GenerationJob plain = service.submit("plain", request.build(), null);
        GenerationJob styled = service.submit("styled", request.style(cinegen.engine.pack.StyleMix.parse("charcoal:1", 1)).build(), null);
        awaitFinished(styled);
        assertEquals(JobState.DONE, plain.state(), plain.failure());
        assertEquals(JobState.DONE, styled.state(), styled.failure());
        assertFalse(java.util.Arrays.equals(plain.result().frames().frame(3), styled.result().frames().frame(3)), "the style changes the clip");

        // A model loaded later gets it too.
        service.selectModel(cinegen.engine.family.ModelSource.of(Path.of("src/test/resources/diffusers/pipeline_animatediff")));
        service.loadModel();
        org.testfx.util.WaitForAsyncUtils.waitFor(120, java.util.concurrent.TimeUnit.SECONDS,
                () -> service.modelStatus().state() == ModelStatus.State.READY);
        assertTrue(service.modelStatus().styles().stream().anyMatch(st -> st.name().equals("charcoal")), service.modelStatus().styles().toString());
    }

    @Test
    void aStableDiffusionModelPreviewsThroughTheModelsFoldersTaesdDecoder() throws Exception {
        Path models = dir.resolve("models-with-taesd");
        java.nio.file.Files.createDirectories(models.resolve("vae_approx"));
        Path folder = cinegen.engine.diffusers.vae.TaesdFixtures.writeRandom(dir.resolve("taesd-source"), 7);
        cinegen.engine.pack.SafeTensors.write(models.resolve("vae_approx/taesd_decoder.safetensors"),
                cinegen.engine.diffusers.vae.TaesdFixtures.rawDecoderLayout(folder, ""), cinegen.engine.pack.SafeTensors.DType.F16);
        assertEquals(java.util.Optional.of(models.resolve("vae_approx/taesd_decoder.safetensors")),
                cinegen.app.ModelFolders.previewDecoder(List.of(models)));
        String before = System.getProperty("cinegen.models");
        System.setProperty("cinegen.models", models.toString());
        try {
            service = new GenerationService(pack, DeviceChoice.CPU, null);
            service.selectModel(cinegen.engine.family.ModelSource.of(Path.of("src/test/resources/diffusers/pipeline_animatediff")));
            GenerationJob job = service.submit("previews", cinegen.engine.pipeline.GenerationRequest.builder().prompt("a fox").frames(8)
                    .size(32, 32).steps(1).guidance(1).seed(3).build(), null);
            awaitFinished(job);
            assertEquals(JobState.DONE, job.state(), job.failure());
            assertEquals(64, job.progress().previewWidth(), "TAESD's full-size frames (4x the 16-cell latent grid of this decoder)");
        } finally {
            if (before == null) System.clearProperty("cinegen.models"); else System.setProperty("cinegen.models", before);
        }
    }
}
