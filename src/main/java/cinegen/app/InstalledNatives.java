package cinegen.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Native libraries of an installed studio. The installer extracts PyTorch's and FFmpeg's libraries ahead of time
 * into {@code natives/} inside the application image and starts the launcher with
 * {@code -Dcinegen.natives=$APPDIR/natives}; this points DJL and JavaCPP at them, so the first start extracts
 * nothing, and sends whatever cache they still want to a writable per-user folder. A user's own
 * {@code PYTORCH_LIBRARY_PATH}, {@code DJL_CACHE_DIR} or system properties (for CUDA natives) are left alone.
 */
final class InstalledNatives {
    static final String NATIVES_PROPERTY = "cinegen.natives";

    private InstalledNatives() {}

    /** The system properties to set for this natives folder and cache folder, given the environment. */
    static Map<String, String> properties(Path natives, Path cache, Map<String, String> env,
                                          Map<String, String> current) {
        Map<String, String> out = new LinkedHashMap<>();
        Path torch = natives.resolve("pytorch");
        if (!defined("PYTORCH_LIBRARY_PATH", env, current) && Files.isDirectory(torch)) {
            out.put("PYTORCH_LIBRARY_PATH", torch.toString());
        }
        if (!defined("DJL_CACHE_DIR", env, current)) out.put("DJL_CACHE_DIR", cache.resolve("djl").toString());
        if (!defined("ENGINE_CACHE_DIR", env, current)) {
            out.put("ENGINE_CACHE_DIR", cache.resolve("djl").resolve("engines").toString());
        }
        // JavaCPP: look in java.library.path (the extracted FFmpeg) before extracting anything from a jar.
        if (!current.containsKey("org.bytedeco.javacpp.pathsFirst")) out.put("org.bytedeco.javacpp.pathsFirst", "true");
        if (!current.containsKey("org.bytedeco.javacpp.cachedir")) {
            out.put("org.bytedeco.javacpp.cachedir", cache.resolve("javacpp").toString());
        }
        if (!current.containsKey("jna.tmpdir")) out.put("jna.tmpdir", cache.resolve("jna").toString());
        return out;
    }

    static void configure(Path natives, Path cache) {
        Map<String, String> current = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> current.put(String.valueOf(k), String.valueOf(v)));
        properties(natives, cache, System.getenv(), current).forEach(System::setProperty);
    }

    private static boolean defined(String name, Map<String, String> env, Map<String, String> props) {
        String e = env.get(name);
        String p = props.get(name);
        return (e != null && !e.isBlank()) || (p != null && !p.isBlank());
    }
}
