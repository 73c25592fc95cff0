package cinegen.app;

import cinegen.engine.testing.TinyPack;
import cinegen.media.ImportOptions;
import cinegen.media.MediaImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generate command end to end on the tiny pack: real files in, real MP4/GIF/PNG out; bad input exits 2. */
class GenerateCommandTest {
    @TempDir static Path dir;
    static Path pack, image, mask;

    @BeforeAll
    static void setUp() throws Exception {
        pack = TinyPack.create(dir.resolve("pack"), 3);
        BufferedImage img = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 60; y++) for (int x = 0; x < 80; x++) img.setRGB(x, y, (x * 3) << 16 | (y * 4) << 8 | 90);
        image = dir.resolve("input.png");
        ImageIO.write(img, "png", image.toFile());
        BufferedImage m = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 30; y < 70; y++) for (int x = 30; x < 70; x++) m.setRGB(x, y, 0xffffff);
        mask = dir.resolve("mask.png");
        ImageIO.write(m, "png", mask.toFile());
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("generate", "--model", pack.toString(), "--steps", "2", "--frames", "4"));
        all.addAll(List.of(args));
        int code = Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void textToVideoWritesAnMp4WithTheRequestedFrames() throws Exception {
        Path out = dir.resolve("t2v.mp4");
        Run r = run("--prompt", "a red circle moving left", "--out", out.toString(), "--fps", "8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("step 2/2"), "progress bar shows the steps: " + r.err());
        var info = MediaImporter.probe(out);
        assertEquals(4, info.frameCount());
        assertEquals(32, info.width());
    }

    @Test
    void imageToVideoAndCinemagraphWriteGifAndPngFrames() throws Exception {
        Run gif = run("--mode", "i2v", "--image", image.toString(), "--prompt", "a red circle", "--out", dir.resolve("i2v.gif").toString());
        assertEquals(0, gif.code(), gif.err());
        assertEquals(4, MediaImporter.importFile(dir.resolve("i2v.gif"), ImportOptions.original()).frames().frameCount());
        Path frames = dir.resolve("cinemagraph-frames");
        Run png = run("--mode", "cinemagraph", "--image", image.toString(), "--mask", mask.toString(), "--prompt", "sky",
                "--out", frames.toString());
        assertEquals(0, png.code(), png.err());
        try (Stream<Path> s = Files.list(frames)) {
            assertEquals(4, s.filter(p -> p.toString().endsWith(".png")).count());
        }
    }

    @Test
    void inpaintingTakesAVideoAndAMask() throws Exception {
        Path video = dir.resolve("src.mp4");
        assertEquals(0, run("--prompt", "a blue square", "--out", video.toString()).code());
        Run r = run("--mode", "inpaint", "--video", video.toString(), "--mask", mask.toString(), "--prompt", "a red circle",
                "--out", dir.resolve("inpaint.mp4").toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void badInputExitsTwoWithOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("never.mp4");
        Path notAnImage = dir.resolve("notes.png");
        Files.writeString(notAnImage, "this is text, not a picture");
        String[][] cases = {
                {"--prompt", "x", "--out", out.toString(), "--mask", mask.toString()},
                {"--mode", "i2v", "--prompt", "x", "--out", out.toString()},
                {"--mode", "i2v", "--image", dir.resolve("missing.png").toString(), "--prompt", "x", "--out", out.toString()},
                {"--mode", "i2v", "--image", notAnImage.toString(), "--prompt", "x", "--out", out.toString()},
                {"--prompt", "x", "--out", out.toString(), "--frames", "0"},
                {"--prompt", "x", "--out", out.toString(), "--sampler", "plms"},
                {"--prompt", "x", "--out", dir.resolve("no/such/folder/x.mp4").toString()},
                {"--prompt", "x", "--out", out.toString(), "--model", dir.resolve("nowhere").toString()},
        };
        for (String[] c : cases) {
            Run r = run(c);
            assertEquals(2, r.code(), String.join(" ", c) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(r.err().contains("Exception"), "no stack trace or exception name: " + r.err());
            assertFalse(Files.exists(out), "no output for " + String.join(" ", c));
        }
    }

    /** A copy of the tiny pack whose denoiser weights are cut off: loading it fails, so a test can tell whether a check came first. */
    static Path brokenPack() throws Exception {
        Path broken = dir.resolve("broken-pack");
        if (Files.exists(broken)) return broken;
        Files.createDirectories(broken);
        try (Stream<Path> s = Files.list(pack)) {
            for (Path f : s.toList()) Files.copy(f, broken.resolve(f.getFileName().toString()));
        }
        try (Stream<Path> s = Files.list(broken)) {
            for (Path f : s.filter(f -> f.getFileName().toString().startsWith("denoiser")).toList()) {
                byte[] b = Files.readAllBytes(f);
                Files.write(f, java.util.Arrays.copyOf(b, b.length / 3));
            }
        }
        return broken;
    }

    static Run runWith(Path model, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("generate", "--model", model.toString(), "--steps", "2", "--frames", "4"));
        all.addAll(List.of(args));
        int code = Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }


    /** Runs {@code generate} with exactly these arguments (no default model pack). */
    static Run runPlain(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("generate"));
        all.addAll(List.of(args));
        int code = Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }


    static void assertRefusedFirst(Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        String msg = r.err().strip();
        assertEquals(1, msg.lines().count(), "one line: " + msg);
        assertTrue(msg.contains(expected), "'" + expected + "' in: " + msg);
        assertFalse(msg.contains("model " + dir.resolve("broken-pack")) || msg.contains("denoiser"),
                "refused before the model is loaded: " + msg);
    }

    @Test
    void anUnwritableOutputIsRefusedBeforeTheModelLoads() throws Exception {
        Path broken = brokenPack();
        Path folder = dir.resolve("read-only-out");
        try (cinegen.testing.ReadOnlyFolder ro = cinegen.testing.ReadOnlyFolder.of(folder)) {
            assertRefusedFirst(runWith(broken, "--prompt", "x", "--out", folder.resolve("x.mp4").toString()), "cannot be written");
            assertRefusedFirst(runWith(broken, "--prompt", "x", "--out", folder.resolve("frames").toString()), "cannot be written");
        }
        Path named = Files.createDirectories(dir.resolve("x.mp4"));
        assertRefusedFirst(runWith(broken, "--prompt", "x", "--out", named.toString()), "is a folder");
        try (Stream<Path> s = Files.list(named)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void hostileInputsAreRefusedBeforeTheModelLoads() throws Exception {
        Path broken = brokenPack();
        Path huge = cinegen.media.HostileImagesTest.hugePng(dir.resolve("huge.png"), 16000, 16000);
        byte[] jpeg;
        {
            BufferedImage img = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 90; y++) for (int x = 0; x < 120; x++) img.setRGB(x, y, (x * 2) << 16 | (y * 2) << 8 | 60);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(img, "jpg", b);
            jpeg = b.toByteArray();
        }
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, java.util.Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        Path out = dir.resolve("never-hostile.mp4");
        assertRefusedFirst(runWith(broken, "--mode", "i2v", "--image", huge.toString(), "--prompt", "x", "--out", out.toString()), "16000x16000");
        assertRefusedFirst(runWith(broken, "--mode", "cinemagraph", "--image", image.toString(), "--mask", huge.toString(), "--prompt", "x",
                "--out", out.toString()), "16000x16000");
        assertRefusedFirst(runWith(broken, "--mode", "i2v", "--image", cut.toString(), "--prompt", "x", "--out", out.toString()), "truncated");
        assertFalse(Files.exists(out));
    }

    @Test
    void aPromptBeyondTheLimitIsRefusedNotCut() throws Exception {
        Path out = dir.resolve("never-long.mp4");
        Run r = runWith(brokenPack(), "--prompt", "a red circle ".repeat(8100), "--out", out.toString());
        assertRefusedFirst(r, "--prompt");
        assertTrue(r.err().contains("2000"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anOutputInsideAProjectFolderIsRefused() throws Exception {
        cinegen.project.io.ProjectStore store = new cinegen.project.io.ProjectStore(dir.resolve("settings"));
        Path project = dir.resolve("a-project");
        store.close(store.create(project, "a project"));
        for (String out : List.of("clip.mp4", "pngs")) {
            assertRefusedFirst(runWith(brokenPack(), "--prompt", "x", "--out", project.resolve(out).toString()), "inside the project folder");
            assertFalse(Files.exists(project.resolve(out)));
        }
    }

    @Test
    void aStableDiffusionFolderRunsFromTheCommandLineWithLatentsInAndOut() throws Exception {
        String model = Path.of("src/test/resources/diffusers/pipeline_animatediff").toString();
        Path latents = dir.resolve("final.safetensors"), gif = dir.resolve("sd.gif");
        Run r = runPlain("--model", model, "--prompt", "a cat walking on the beach", "--width", "32", "--height", "32",
                "--frames", "8", "--steps", "2", "--sampler", "euler", "--out", gif.toString(), "--save-latents", latents.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("Stable Diffusion"), r.err());
        var info = MediaImporter.probe(gif);
        assertEquals(8, info.frameCount());
        assertEquals(32, info.width());
        var saved = cinegen.engine.pipeline.LatentFiles.read(latents);
        assertArrayEquals(new long[] {1, 4, 8, 16, 16}, saved.shape());

        // The same starting latents give the same result, whatever the seed.
        Path init = dir.resolve("init.safetensors");
        float[] noise = new float[4 * 8 * 16 * 16];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
        for (int i = 0; i < noise.length; i++) noise[i] = (float) rnd.nextGaussian();
        cinegen.engine.pipeline.LatentFiles.write(init, new cinegen.engine.pipeline.Latents(new long[] {1, 4, 8, 16, 16}, noise));
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors");
        for (String[] run : new String[][] {{"1", a.toString()}, {"2", b.toString()}}) {
            Run x = runPlain("--model", model, "--prompt", "a cat", "--width", "32", "--height", "32", "--frames", "8", "--steps", "2",
                    "--seed", run[0], "--init-noise", init.toString(), "--out", dir.resolve("x" + run[0] + ".gif").toString(),
                    "--save-latents", run[1]);
            assertEquals(0, x.code(), x.err());
        }
        assertArrayEquals(cinegen.engine.pipeline.LatentFiles.read(a).values(), cinegen.engine.pipeline.LatentFiles.read(b).values());

        // A seamless loop with the AnimateDiff-Lightning preset (euler, trailing spacing, cfg 1).
        Run loop = runPlain("--model", model, "--prompt", "waves", "--width", "32", "--height", "32", "--frames", "8",
                "--preset", "lightning", "--loop", "--out", dir.resolve("loop.gif").toString());
        assertEquals(0, loop.code(), loop.err());
        assertTrue(loop.err().contains("4 steps"), "the preset's 4 steps: " + loop.err());

        // Full-size previews through ComfyUI's raw TAESD decoder file (vae_approx/taesd_decoder.pth); its encoder half
        // is refused by name.
        Path taesdFolder = cinegen.engine.diffusers.vae.TaesdFixtures.writeRandom(dir.resolve("taesd"), 3);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        cinegen.engine.diffusers.vae.TaesdFixtures.rawDecoderLayout(taesdFolder, "").forEach((k, t) -> {
            shapes.put(k, t.shape());
            values.put(k, t.data());
        });
        Path pth = cinegen.engine.diffusers.io.TorchCheckpointWriter.write(dir.resolve("taesd_decoder.pth"), shapes, values);
        Path encoder = dir.resolve("taesd_encoder.safetensors");
        cinegen.engine.pack.SafeTensors.write(encoder, Map.of("0.weight", new cinegen.engine.pack.SafeTensors.Tensor(new long[] {6, 3, 3, 3},
                new float[6 * 27]), "1.conv.0.weight", new cinegen.engine.pack.SafeTensors.Tensor(new long[] {6, 6, 3, 3}, new float[6 * 54])),
                cinegen.engine.pack.SafeTensors.DType.F32);
        Run refused = runPlain("--model", model, "--prompt", "waves", "--width", "32", "--height", "32", "--frames", "8",
                "--steps", "1", "--taesd", encoder.toString(), "--out", dir.resolve("never-taesd.gif").toString());
        assertEquals(2, refused.code(), refused.err());
        assertEquals("cinegen generate: --taesd: taesd_encoder.safetensors: is the encoder half of TAESD; previews need its decoder"
                + " (taesd_decoder.pth or taesd_decoder.safetensors)", refused.err().strip());
        assertFalse(Files.exists(dir.resolve("never-taesd.gif")));
        Run previews = runPlain("--model", model, "--prompt", "waves", "--width", "32", "--height", "32", "--frames", "8",
                "--steps", "1", "--taesd", pth.toString(), "--out", dir.resolve("taesd.gif").toString());
        assertEquals(0, previews.code(), previews.err());

        // Bad input: a size the model cannot make, initial latents of the wrong shape, a motion module on a motion model,
        // a preview decoder that is not there.
        String[][] bad = {
                {"--width", "32", "--height", "32", "--taesd", dir.resolve("no-taesd.pth").toString()},
                {"--width", "31", "--height", "32"},
                {"--width", "32", "--height", "32", "--spacing", "sideways"},
                {"--width", "32", "--height", "32", "--preset", "turbo"},
                {"--width", "64", "--height", "64", "--init-noise", init.toString()},
                {"--motion", Path.of("src/test/resources/diffusers/pipeline_animatediff/motion_adapter").toString()},
        };
        for (String[] extra : bad) {
            List<String> args = new ArrayList<>(List.of("--model", model, "--prompt", "x", "--frames", "8", "--steps", "1",
                    "--out", dir.resolve("never-sd.gif").toString()));
            args.addAll(List.of(extra));
            Run x = runPlain(args.toArray(String[]::new));
            assertEquals(2, x.code(), String.join(" ", extra) + " -> " + x.err());
            assertEquals(1, x.err().strip().lines().filter(l -> !l.startsWith("model ")).count(), "one line: " + x.err());
            assertFalse(Files.exists(dir.resolve("never-sd.gif")));
        }
    }

    @Test
    void promptTravelRunsOnStableDiffusionAndIsRefusedWithASentenceElsewhere() throws Exception {
        String model = Path.of("src/test/resources/diffusers/pipeline_animatediff").toString();
        Path gif = dir.resolve("travel.gif");
        Run ok = runPlain("--model", model, "--prompt", "a garden, 0: closed eyes, 7: open eyes", "--width", "32", "--height", "32",
                "--frames", "8", "--steps", "1", "--out", gif.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals(8, MediaImporter.probe(gif).frameCount());

        Run past = runPlain("--model", model, "--prompt", "0: closed eyes, 8: open eyes", "--width", "32", "--height", "32",
                "--frames", "8", "--steps", "1", "--out", dir.resolve("never-travel.gif").toString());
        assertEquals(2, past.code(), past.err());
        assertTrue(past.err().contains("the prompt keyframe at frame 8 is past the end of the 8-frame clip"), past.err());
        assertFalse(Files.exists(dir.resolve("never-travel.gif")));

        // The bundled model reads one prompt per clip; a mistake in the keyframes is refused before any model loads.
        Run bundled = run("--prompt", "0: a red circle, 3: a blue square", "--out", dir.resolve("never-bundled.mp4").toString());
        assertEquals(2, bundled.code(), bundled.err());
        assertTrue(bundled.err().contains("--prompt: ") && bundled.err().contains("takes one prompt for the whole clip"), bundled.err());
        assertFalse(Files.exists(dir.resolve("never-bundled.mp4")));
        assertRefusedFirst(runWith(brokenPack(), "--prompt", "0: a red circle, 0: a blue square", "--out", dir.resolve("never.mp4").toString()),
                "--prompt: frame 0 has two prompts");
    }

    @Test
    void anLcmDistilledModelRunsAtItsDefaultsWithItsGuidanceEmbedded() throws Exception {
        Path lcm = cinegen.engine.diffusers.pipeline.LcmFixtures.write(dir.resolve("lcm-model"), 2);
        Path gif = dir.resolve("lcm.gif");
        Run r = runPlain("--model", lcm.toString(), "--prompt", "a lighthouse at night", "--negative", "blurry", "--width", "32",
                "--height", "32", "--frames", "8", "--out", gif.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("4 steps") && r.err().contains("guidance 8.5 embedded in the model")
                && r.err().contains("the negative prompt is not used"), r.err());
        assertEquals(8, MediaImporter.probe(gif).frameCount());
    }

    @Test
    void fp16OnTheCpuRunsInFp32AndSaysSo() throws Exception {
        String model = Path.of("src/test/resources/diffusers/pipeline_animatediff").toString();
        Path a = dir.resolve("fp32.safetensors"), b = dir.resolve("fp16-asked.safetensors");
        String[] common = {"--model", model, "--prompt", "a kite", "--width", "32", "--height", "32", "--frames", "8", "--steps", "1",
                "--device", "cpu", "--seed", "4"};
        List<String> plain = new ArrayList<>(List.of(common));
        plain.addAll(List.of("--out", dir.resolve("fp32.gif").toString(), "--save-latents", a.toString()));
        Run full = runPlain(plain.toArray(String[]::new));
        assertEquals(0, full.code(), full.err());
        List<String> half = new ArrayList<>(List.of(common));
        half.addAll(List.of("--precision", "fp16", "--out", dir.resolve("fp16.gif").toString(), "--save-latents", b.toString()));
        Run asked = runPlain(half.toArray(String[]::new));
        assertEquals(0, asked.code(), asked.err());
        assertTrue(asked.err().contains("note: --precision fp16 runs on CUDA GPUs only; on the CPU the model runs in fp32"), asked.err());
        assertTrue(asked.err().contains(", fp32, "), "the model line names the precision it ran in: " + asked.err());
        assertArrayEquals(cinegen.engine.pipeline.LatentFiles.read(a).values(), cinegen.engine.pipeline.LatentFiles.read(b).values(),
                "the same float32 run");

        Run bf16 = runPlain("--model", model, "--prompt", "x", "--precision", "bf16", "--out", dir.resolve("never-bf16.gif").toString());
        assertEquals(2, bf16.code(), bf16.err());
        assertTrue(bf16.err().strip().endsWith("precision bf16 is not available: the PyTorch bridge of this build aborts on bfloat16"
                + " tensors; use fp16"), bf16.err());
        assertFalse(Files.exists(dir.resolve("never-bf16.gif")));
    }
}
