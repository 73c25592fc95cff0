package cinegen.app.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the studio keeps per-user caches that can be rebuilt (native library caches of DJL and JavaCPP):
 * {@code $XDG_CACHE_HOME/cinegen} (or {@code ~/.cache/cinegen}) on Linux and other Unixes,
 * {@code %LOCALAPPDATA%\Cinegen\cache} on Windows, {@code ~/Library/Caches/Cinegen} on macOS.
 */
public final class CacheDirectory {
    public static final String OVERRIDE_PROPERTY = "cinegen.cache.dir";

    private CacheDirectory() {}

    public static Path current() {
        return resolve(System.getenv(), System.getProperty(OVERRIDE_PROPERTY),
                System.getProperty("os.name", ""), System.getProperty("user.home", "."));
    }

    static Path resolve(Map<String, String> env, String override, String osName, String userHome) {
        if (override != null && !override.isBlank()) return Path.of(override);
        String os = osName.toLowerCase(Locale.ROOT);
        Path home = Path.of(userHome);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            Path base = notBlank(local) ? Path.of(local) : home.resolve("AppData").resolve("Local");
            return base.resolve("Cinegen").resolve("cache");
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return home.resolve("Library").resolve("Caches").resolve("Cinegen");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = notBlank(xdg) && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("cinegen");
    }

    private static boolean notBlank(String s) { return s != null && !s.isBlank(); }
}
