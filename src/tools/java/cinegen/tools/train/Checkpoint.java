package cinegen.tools.train;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import cinegen.engine.family.bundled.BlockWeights;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training stage's resumable state in a folder outside the repository: weights of each trained block,
 * optimizer moments, and the step reached. Every file is replaced atomically, state.json last, so a run killed
 * mid-save resumes from the previous complete checkpoint.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public Checkpoint(Path dir) { this.dir = dir; }

    public Path dir() { return dir; }

    public boolean exists() { return Files.isRegularFile(dir.resolve("state.json")); }

    public long step() throws IOException {
        return exists() ? JSON.readTree(dir.resolve("state.json").toFile()).path("step").asLong(0) : 0;
    }

    /**
     * Saves the state, after moving the previous checkpoint's files to {@code previous/}. Refuses weights that are
     * not finite, so a diverged run never overwrites a good checkpoint.
     */
    public void save(long step, Map<String, Block> blocks, AdamW optimizer, Map<String, Object> extra) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, Block> e : blocks.entrySet()) {
            for (var p : cinegen.engine.family.bundled.net.Weights.named(e.getValue()).entrySet()) {
                float[] v = p.getValue().getArray().toFloatArray();
                for (float f : v) {
                    if (!Float.isFinite(f)) throw new IOException("not saving step " + step + ": " + e.getKey() + "." + p.getKey() + " is not finite");
                }
            }
        }
        if (exists()) {
            Path prev = dir.resolve("previous");
            Files.createDirectories(prev);
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".safetensors") || f.getFileName().toString().equals("state.json")).toList()) {
                    Files.copy(f, prev.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        for (Map.Entry<String, Block> e : blocks.entrySet()) {
            BlockWeights.save(e.getValue(), dir.resolve(e.getKey() + ".safetensors"), SafeTensors.DType.F32);
        }
        if (optimizer != null) SafeTensors.write(dir.resolve("optimizer.safetensors"), optimizer.state(), SafeTensors.DType.F32);
        ObjectNode state = JSON.createObjectNode();
        state.put("step", step);
        for (Map.Entry<String, Object> e : extra.entrySet()) state.putPOJO(e.getKey(), e.getValue());
        Path tmp = dir.resolve("state.json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
        Files.move(tmp, dir.resolve("state.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads the weights of each block; returns the step reached. */
    public long restore(Map<String, Block> blocks, AdamW optimizer, NDManager manager) throws IOException, ModelPackException {
        for (Map.Entry<String, Block> e : blocks.entrySet()) {
            BlockWeights.load(e.getValue(), dir.resolve(e.getKey() + ".safetensors"), manager);
        }
        long step = step();
        if (optimizer != null && Files.exists(dir.resolve("optimizer.safetensors"))) {
            optimizer.restore(SafeTensors.read(dir.resolve("optimizer.safetensors")), step);
        }
        return step;
    }

    public static Map<String, Object> extras(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
