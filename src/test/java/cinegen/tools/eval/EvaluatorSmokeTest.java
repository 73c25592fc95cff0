package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.Device;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.testing.TinyPack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator end to end on the tiny random pack (32x32): every section present, valid JSON. Quality is not asserted. */
class EvaluatorSmokeTest {
    @TempDir Path dir;

    @Test
    void theCentroidOfARenderedObjectFollowsItsPath() {
        for (String word : List.of("right", "left", "down", "up")) {
            var spec = new cinegen.engine.family.bundled.scene.SceneSampler(16).fromCaption("a red circle moving " + word + " on a black background", 8,
                    new java.util.SplittableRandom(3));
            var clip = cinegen.engine.family.bundled.scene.SceneRenderer.render(spec, 64, 16).frames();
            double[] a = Evaluator.weightedCentroid(clip.frame(0), 64, 64), b = Evaluator.weightedCentroid(clip.frame(15), 64, 64);
            var item = spec.items().get(0);
            double travel = item.speed() * 15 / 8.0, dx = b[0] - a[0], dy = b[1] - a[1];
            double[] expected = switch (word) {
                case "right" -> new double[] {travel, 0};
                case "left" -> new double[] {-travel, 0};
                case "down" -> new double[] {0, travel};
                default -> new double[] {0, -travel};
            };
            assertEquals(expected[0], dx, 0.03, word + " dx");
            assertEquals(expected[1], dy, 0.03, word + " dy");
            assertTrue(travel > 0.2, "the scene moves far enough to tell: " + travel);
        }
    }

    @Test
    void firstStepLayoutReportsEveryTranslationWord() throws Exception {
        try (VideoModel model = VideoModel.load(ModelPack.open(TinyPack.create(dir.resolve("pack"), 5)), Device.cpu())) {
            Evaluator.FirstStepLayout l = new Evaluator(model, Evaluator.Options.defaults(true, null),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).firstStepLayout(2);
            assertEquals(List.of("right", "left", "down", "up"), List.copyOf(l.displacement().keySet()));
            for (double[] d : l.displacement().values()) assertTrue(Math.abs(d[0]) <= 1 && Math.abs(d[1]) <= 1, java.util.Arrays.toString(d));
            assertEquals(l.displacement().get("right")[0] - l.displacement().get("left")[0], l.horizontalContrast(), 1e-12);
            assertEquals(l.displacement().get("down")[1] - l.displacement().get("up")[1], l.verticalContrast(), 1e-12);
        }
    }

    @Test
    void quickRunOnTheTinyPackFillsEverySectionAndWritesValidJson() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        writePhoto(photos.resolve("a.png"), 80, 60, 1);
        writePhoto(photos.resolve("b.jpg"), 48, 48, 2);
        writePhoto(photos.resolve("0-tiny.png"), 16, 16, 3);
        Files.writeString(photos.resolve("notes.txt"), "not an image");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EvalReport report;
        Evaluator.AutoencoderCheck check, noPhotos;
        try (VideoModel model = VideoModel.load(ModelPack.open(TinyPack.create(dir.resolve("pack"), 5)), Device.cpu())) {
            Evaluator.Options o = Evaluator.Options.defaults(true, photos);
            Evaluator.Options fast = new Evaluator.Options(o.frames(), o.fps(), 3, o.guidance(), o.sampler(), o.feather(), true, photos, o.maxPhotos());
            Evaluator evaluator = new Evaluator(model, fast, new PrintStream(log, true, StandardCharsets.UTF_8));
            report = evaluator.run();
            check = evaluator.autoencoderCheck();
            noPhotos = new Evaluator(model, Evaluator.Options.defaults(true, null), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).autoencoderCheck();
        }
        // The autoencoder-only check measures exactly what the full run's autoencoder columns measure.
        assertEquals(2, check.photos());
        assertEquals(report.summary().get("photos.autoencoder.psnr.mean"), check.photosPsnr(), 1e-9);
        assertEquals(EvalCases.QUICK_I2V, check.scenes());
        assertEquals(report.summary().get("i2v.autoencoder.psnr.mean"), check.scenesPsnr(), 1e-9);
        assertEquals(0, noPhotos.photos());
        assertTrue(noPhotos.notes().stream().anyMatch(n -> n.contains("no --photos")), noPhotos.notes().toString());
        assertEquals(EvalCases.QUICK_T2V, report.t2v().size());
        assertEquals(EvalCases.QUICK_I2V, report.i2v().size());
        assertEquals(EvalCases.QUICK_CINEMAGRAPH, report.cinemagraph().size());
        assertEquals(EvalCases.QUICK_INPAINT, report.inpaint().size());
        assertEquals(2, report.photos().size(), "two usable photographs; the 16x16 one and the text file are skipped");
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("1 photograph(s) skipped")), report.notes().toString());
        assertEquals(11, report.bars().size());
        assertEquals(32, report.settings().width());
        assertEquals(16, report.settings().frames());
        // Kept pixels are pasted back by the pipeline whatever the weights: the metric must see them as exact.
        for (EvalReport.RegionRow r : report.cinemagraph()) {
            assertEquals(0, r.outsideChanged(), r.prompt());
            assertTrue(r.outsidePixels() > 0, "some pixels lie beyond the feather band");
        }
        for (EvalReport.RegionRow r : report.inpaint()) assertEquals(0, r.outsideChanged(), r.prompt());
        for (EvalReport.I2vRow r : report.i2v()) assertEquals(EvalReport.PSNR_CAP, r.frame1Psnr(), 1e-9);

        EvalReport.CaptionProbe probe = report.captionProbe();
        assertEquals(8, probe.clips());
        for (double loss : new double[] {probe.lossOwn(), probe.lossShuffled(), probe.lossEmpty(),
                probe.lossColourSwapped(), probe.lossShapeSwapped(), probe.lossMotionSwapped()}) {
            assertTrue(loss > 0 && Double.isFinite(loss), "caption probe losses are measured: " + probe);
        }
        assertEquals(probe.reliance(), report.summary().get("caption.reliance"), 1e-12);
        assertEquals(probe.relianceOn(probe.lossMotionSwapped()), report.summary().get("caption.reliance.motion"), 1e-12);
        for (var m : cinegen.engine.family.bundled.scene.SceneVocabulary.Motion.values()) assertNotEquals(m, Evaluator.swappedMotion(m), "a swap changes " + m);

        Path json = dir.resolve("out").resolve("report.json");
        Files.createDirectories(json.getParent());
        report.write(json);
        JsonNode root = new ObjectMapper().readTree(Files.readString(json));
        for (String key : new String[] {"model", "settings", "t2v", "i2v", "cinemagraph", "inpaint", "photos", "captionProbe", "summary", "bars", "notes"}) {
            assertNotNull(root.get(key), "JSON has " + key);
        }
        assertEquals(EvalCases.QUICK_T2V, root.get("t2v").size());
        assertTrue(root.get("t2v").get(0).get("seconds").asDouble() > 0);
        assertEquals(report, EvalReport.fromJson(Files.readString(json)), "the JSON reads back to the same report");
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("captionProbe")).remove(java.util.List.of("lossColourSwapped", "lossShapeSwapped", "lossMotionSwapped"));
        EvalReport older = EvalReport.fromJson(root.toString());
        assertNull(older.captionProbe().lossMotionSwapped(), "reports from before the word swaps still read");
        assertTrue(Double.isNaN(older.captionProbe().relianceOn(older.captionProbe().lossMotionSwapped())));
        try (var files = Files.list(json.getParent())) {
            assertEquals(1, files.count(), "no temporary file left beside the report");
        }
        String table = report.table();
        for (String section : new String[] {"T2V (4 clips)", "I2V (2 clips)", "Cinemagraph (1 clips)", "Inpainting (1 clips)", "Photographs (2)", "Caption probe (8 clips", "Bars"}) {
            assertTrue(table.contains(section), "table shows " + section);
        }
        String printed = log.toString(StandardCharsets.UTF_8);
        assertEquals(4 + 2 + 1 + 1 + 2 + 1, printed.lines().filter(l -> l.contains(" s  ")).count(), "one timed line per clip and one for the caption probe:\n" + printed);
    }

    @Test
    void captionProbeByNoiseCoversTheTimestepsInEqualBands() throws Exception {
        try (VideoModel model = VideoModel.load(ModelPack.open(TinyPack.create(dir.resolve("pack"), 5)), Device.cpu())) {
            Evaluator evaluator = new Evaluator(model, Evaluator.Options.defaults(true, null), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int total = model.pack().schedule().trainSteps();
            var bands = evaluator.captionProbeByNoise(4);
            assertEquals(4, bands.size());
            for (int i = 0; i < 4; i++) {
                EvalReport.CaptionProbe p = bands.get(i);
                assertEquals(total * i / 4, p.minStep(), "band " + i + " starts where the one below ends");
                assertTrue(p.lossOwn() > 0 && Double.isFinite(p.lossOwn()) && Double.isFinite(p.lossMotionSwapped()), p.toString());
            }
            // Same clips and noise, other timesteps: each band measures its own part of the noise range.
            assertEquals(4, bands.stream().mapToDouble(EvalReport.CaptionProbe::lossOwn).distinct().count(), bands.toString());
        }
    }

    static void writePhoto(Path file, int w, int h, int seed) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, ((x * 5 * seed) & 0xff) << 16 | ((y * 7) & 0xff) << 8 | ((x + y) * 3 & 0xff));
        String fmt = file.toString().endsWith(".jpg") ? "jpg" : "png";
        assertTrue(ImageIO.write(img, fmt, file.toFile()));
    }
}
