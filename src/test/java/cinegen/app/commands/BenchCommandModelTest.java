package cinegen.app.commands;

import cinegen.app.cli.Args;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench --model} on a diffusers folder (the tiny AnimateDiff fixture): every measurement is reported. */
class BenchCommandModelTest {
    @Test
    void benchOfADiffusersFolderReportsEveryMeasurement() throws Exception {
        BenchCommand bench = new BenchCommand();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Args args = Args.parse(List.of("--model", "src/test/resources/diffusers/pipeline_animatediff", "--width", "32", "--height", "32",
                "--frames", "8", "--steps", "2", "--json", "--device", "cpu", "--precision", "fp16"), bench.switches());
        int code = bench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        for (String key : List.of("load_s", "step_ms_unguided", "step_ms_guided", "preview_ms", "preview_ratio", "decode_ms_per_frame",
                "style_switch_ms", "peak_rss_mb", "rss_mb", "width", "height", "frames")) {
            assertTrue(json.has(key), "no " + key + " in " + json);
        }
        for (String key : List.of("step_ms_unguided", "step_ms_guided", "decode_ms_per_frame", "style_switch_ms")) {
            assertTrue(json.get(key).isNumber() && json.get(key).asDouble() > 0, key + " is not a positive number: " + json);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("note: --precision fp16 runs on CUDA GPUs only; on the CPU the model runs in fp32")
                && log.contains("on cpu(), fp32"), "fp16 asked on the CPU: measured in fp32, and said so: " + log);
        assertEquals(32, json.get("width").asInt());
        assertEquals(8, json.get("frames").asInt());
    }

    @Test
    void sizeOptionsAreRefusedForAPack() throws Exception {
        BenchCommand bench = new BenchCommand();
        Args args = Args.parse(List.of("--frames", "8"), bench.switches());
        var e = org.junit.jupiter.api.Assertions.assertThrows(cinegen.app.cli.UsageException.class,
                () -> bench.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("--frames"), e.getMessage());
    }
}
