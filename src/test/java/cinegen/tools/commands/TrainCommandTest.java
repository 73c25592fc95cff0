package cinegen.tools.commands;

import cinegen.app.cli.*;
import cinegen.app.*;

import cinegen.engine.pack.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cinegen train} growing the bundled pack's latent (decision 31), as a user runs it. */
class TrainCommandTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("train"));
        argv.addAll(List.of(words));
        int code = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theBundledPackGrowsItsLatentOnImportAndExportWaitsForTheDenoiser() throws Exception {
        Path bundled = Path.of("assets/models/bundled"), ckpt = dir.resolve("ckpt");
        Run small = run("--stage", "import", "--from", bundled.toString(), "--checkpoints", ckpt.toString(), "--latent-channels", "4");
        assertEquals(Main.USAGE, small.code(), small.err());
        assertTrue(small.err().contains("--latent-channels must be between 8 and 64"), small.err());
        assertFalse(Files.exists(ckpt.resolve("denoiser/state.json")), "nothing written for a refused option");

        Run grown = run("--stage", "import", "--from", bundled.toString(), "--checkpoints", ckpt.toString(), "--latent-channels", "12");
        assertEquals(Main.OK, grown.code(), grown.err());
        var encoder = SafeTensors.read(ckpt.resolve("autoencoder/encoder.safetensors"));
        var decoder = SafeTensors.read(ckpt.resolve("autoencoder/decoder.safetensors"));
        var denoiser = SafeTensors.read(ckpt.resolve("denoiser/denoiser.safetensors"));
        assertArrayEquals(new long[] {12, 96, 3, 3}, encoder.get("out.weight").shape());
        assertArrayEquals(new long[] {96, 12, 3, 3}, decoder.get("in.weight").shape());
        assertEquals(2 * 12 + 1, denoiser.get("conv_in.weight").shape()[1]);
        assertEquals(12, denoiser.get("conv_out.weight").shape()[0]);

        Run early = run("--stage", "export", "--checkpoints", ckpt.toString(), "--latent-channels", "12", "--out", dir.resolve("pack").toString());
        assertEquals(Main.USAGE, early.code(), early.err());
        assertEquals(1, early.err().lines().count(), "one line: " + early.err());
        assertTrue(early.err().contains("train the denoiser"), early.err());
        Run forgotten = run("--stage", "export", "--checkpoints", ckpt.toString(), "--out", dir.resolve("pack").toString());
        assertEquals(Main.USAGE, forgotten.code(), "without --latent-channels the checkpoint does not fit: " + forgotten.err());
        assertFalse(Files.exists(dir.resolve("pack/manifest.json")), "no pack is written from checkpoints that do not fit");
    }
}
