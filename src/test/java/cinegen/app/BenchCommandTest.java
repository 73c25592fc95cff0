package cinegen.app;

import cinegen.engine.testing.TinyPack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench command reports every measure it promises, as a table and as JSON on its last line. */
class BenchCommandTest {
    @Test
    void jsonOnTheLastLineHasEveryKey(@TempDir Path dir) throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(List.of("bench", "--model", pack.toString(), "--generations", "3", "--no-media", "--json"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        for (String key : List.of("step_ms", "step_ms_guided", "preview_ms", "preview_ratio", "decode_fps",
                "native_mb_after_1", "native_mb_after_3", "clip_s")) {
            assertTrue(json.has(key) && json.get(key).isNumber(), "missing " + key + " in " + json);
        }
        assertTrue(json.get("step_ms_guided").asDouble() > 0);
    }
}
