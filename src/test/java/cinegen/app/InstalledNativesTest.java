package cinegen.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class InstalledNativesTest {
    @TempDir Path dir;

    @Test
    void pointsDjlAtTheBundledLibtorchAndCachesAtThePerUserFolder() throws IOException {
        Path natives = Files.createDirectories(dir.resolve("app/natives/pytorch")).getParent();
        Path cache = dir.resolve("cache");
        Map<String, String> p = InstalledNatives.properties(natives, cache, Map.of(), Map.of());
        assertEquals(natives.resolve("pytorch").toString(), p.get("PYTORCH_LIBRARY_PATH"));
        assertEquals(cache.resolve("djl").toString(), p.get("DJL_CACHE_DIR"));
        assertEquals(cache.resolve("djl/engines").toString(), p.get("ENGINE_CACHE_DIR"));
        assertEquals(cache.resolve("javacpp").toString(), p.get("org.bytedeco.javacpp.cachedir"));
        assertEquals("true", p.get("org.bytedeco.javacpp.pathsFirst"));
    }

    @Test
    void leavesAUsersCudaLibtorchAndOwnCacheAlone() throws IOException {
        Path natives = Files.createDirectories(dir.resolve("natives/pytorch")).getParent();
        Map<String, String> env = Map.of("PYTORCH_LIBRARY_PATH", "/opt/libtorch-cu128/lib", "DJL_CACHE_DIR", "/data/djl");
        Map<String, String> p = InstalledNatives.properties(natives, dir.resolve("cache"), env,
                Map.of("org.bytedeco.javacpp.cachedir", "/data/javacpp"));
        assertFalse(p.containsKey("PYTORCH_LIBRARY_PATH"));
        assertFalse(p.containsKey("DJL_CACHE_DIR"));
        assertFalse(p.containsKey("org.bytedeco.javacpp.cachedir"));
    }

    @Test
    void withoutExtractedLibtorchDjlKeepsItsOwnSearch() {
        Map<String, String> p = InstalledNatives.properties(dir.resolve("missing"), dir.resolve("cache"), Map.of(), Map.of());
        assertFalse(p.containsKey("PYTORCH_LIBRARY_PATH"));
        assertEquals(dir.resolve("cache/djl").toString(), p.get("DJL_CACHE_DIR"));
    }
}
