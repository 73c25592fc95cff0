package cinegen.tools.commands;

import cinegen.app.cli.*;
import cinegen.app.*;

import cinegen.engine.testing.TinyPack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cinegen eval} as a user runs it: bad input is one line and exit code 2; a quick run prints a table and writes JSON. */
class EvalCommandTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("eval"));
        argv.addAll(List.of(words));
        int code = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    void assertUsage(Run r, String fragment) {
        assertEquals(Main.USAGE, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("cinegen eval: "), r.err());
        assertTrue(r.err().contains(fragment), r.err());
    }

    @Test
    void badOptionsExitWithCodeTwoAndOneLine() throws Exception {
        Path pack = dir.resolve("no-pack");
        Files.createDirectories(pack);
        assertUsage(run("--model", pack.toString(), "--bogus", "1"), "unknown option --bogus");
        assertUsage(run("--model", pack.toString()), "no model pack found");
        assertUsage(run("--model", dir.resolve("missing").toString()), "no model pack found");
        assertUsage(run("--photos", dir.resolve("missing").toString()), "--photos: not a folder");
        assertUsage(run("--report", dir.resolve("nope").resolve("r.json").toString()), "--report: folder does not exist");
        assertUsage(run("--report", dir.toString()), "--report: is a folder");
        assertUsage(run("--quick=yes"), "--quick takes no value");
        assertUsage(run("--steps", "zero"), "--steps must be a whole number");
        assertUsage(run("--steps", "0"), "--steps must be between 1 and 1000");
        assertUsage(run("--held-out", "0"), "--held-out must be between 1 and 9999");
        assertUsage(run("stray"), "unexpected argument 'stray'");
        assertUsage(run("--report"), "--report needs a value");
    }

    @Test
    void damagedPackIsABadInputNotACrash() throws Exception {
        Path pack = dir.resolve("broken");
        Files.createDirectories(pack);
        Files.writeString(pack.resolve("manifest.json"), "{ not json");
        assertUsage(run("--model", pack.toString(), "--quick"), "manifest.json: not valid");
    }

    @Test
    void helpListsTheCommandAndItsOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(Main.OK, Main.run(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("eval"));
        Run help = run("--help");
        assertEquals(Main.OK, help.code());
        for (String o : new String[] {"--model", "--report", "--photos", "--quick"}) assertTrue(help.out().contains(o), o);
    }

    @Test
    void quickRunOnTheTinyPackPrintsTheTableAndWritesTheReport() throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 3);
        Path report = dir.resolve("report.json");
        Run r = run("--model", pack.toString(), "--quick", "--steps", "2", "--report", report.toString());
        // Random weights fail the quality bars (exit 3); the run itself must complete and report.
        assertTrue(r.code() == 0 || r.code() == 3, r.err());
        assertFalse(r.err().contains("internal error"), r.err());
        assertTrue(r.out().contains("Bars"), r.out());
        assertTrue(r.out().contains("SKIP"), "photo bars are skipped without --photos:\n" + r.out());
        JsonNode root = new ObjectMapper().readTree(Files.readString(report));
        assertEquals(2, root.get("settings").get("steps").asInt());
        assertTrue(root.get("settings").get("quick").asBoolean());
        assertEquals(11, root.get("bars").size());
    }

    @Test
    void autoencoderCheckWritesItsJsonOnlyWhenAReportIsAsked() throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 3);
        Path photos = Files.createDirectories(dir.resolve("photos"));
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(80, 60, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 60; y++) for (int x = 0; x < 80; x++) img.setRGB(x, y, (x * 3) << 16 | (y * 4) << 8 | 90);
        javax.imageio.ImageIO.write(img, "png", photos.resolve("ramp.png").toFile());
        Path report = dir.resolve("ae.json");
        Run r = run("--model", pack.toString(), "--autoencoder", "--quick", "--photos", photos.toString(), "--report", report.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("autoencoder PSNR, photos:"), r.out());
        JsonNode ae = new ObjectMapper().readTree(Files.readString(report)).get("autoencoder");
        assertEquals(1, ae.get("photos").asInt());
        assertEquals("ramp.png", ae.get("photoRows").get(0).get("file").asText());
        assertEquals(ae.get("photosPsnr").asDouble(), ae.get("photoRows").get(0).get("psnr").asDouble(), 1e-9);
        assertEquals(ae.get("photosPsnr").asDouble() >= 25, ae.get("passes").asBoolean(), ae.toString());
        assertTrue(ae.get("scenes").asInt() > 0);
    }

    @Test
    void aHeldOutSetEvaluatesOtherPromptsAndSaysSo() throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 3);
        Path report = dir.resolve("held-out.json");
        Run r = run("--model", pack.toString(), "--quick", "--steps", "1", "--held-out", "3", "--report", report.toString());
        assertTrue(r.code() == 0 || r.code() == 3, r.err());
        assertTrue(r.out().contains("held-out case set 3"), r.out());
        JsonNode root = new ObjectMapper().readTree(Files.readString(report));
        List<String> prompts = new java.util.ArrayList<>();
        root.get("t2v").forEach(row -> prompts.add(row.get("prompt").asText()));
        assertEquals(cinegen.tools.eval.EvalCases.t2v(true, 3).stream().map(cinegen.tools.eval.EvalCases.Case::prompt).toList(), prompts);
        assertFalse(prompts.equals(cinegen.tools.eval.EvalCases.t2v(true).stream().map(cinegen.tools.eval.EvalCases.Case::prompt).toList()),
                "the held-out prompts are not the fixed ones");
        assertTrue(root.get("notes").toString().contains("held-out case set 3"), root.get("notes").toString());
    }

    @Test
    void noPlanIsASwitchAndTheReportSaysSo() throws Exception {
        Path pack = TinyPack.createWithLayout(dir.resolve("pack"), 3, true);
        Path report = dir.resolve("no-plan.json");
        Run r = run("--model", pack.toString(), "--quick", "--steps", "1", "--no-plan", "--report", report.toString());
        assertTrue(r.code() == 0 || r.code() == 3, r.err());
        assertTrue(r.out().contains("without layout planning"), r.out());
        JsonNode root = new ObjectMapper().readTree(Files.readString(report));
        assertTrue(root.get("notes").toString().contains("no layout planning"), root.get("notes").toString());
        assertUsage(run("--no-plan=yes"), "--no-plan takes no value");
    }
}
