package cinegen.app.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the studio keeps per-user settings: {@code $XDG_CONFIG_HOME/cinegen} (or {@code ~/.config/cinegen}) on
 * Linux and other Unixes, {@code %APPDATA%\Cinegen} on Windows, {@code ~/Library/Application Support/Cinegen}
 * on macOS. The system property {@value #OVERRIDE_PROPERTY} overrides all of them (tests point it at a temp dir).
 */
public final class ConfigDirectory {
    public static final String OVERRIDE_PROPERTY = "cinegen.config.dir";

    private ConfigDirectory() {}

    /** The directory for this process, from the real environment and system properties. */
    public static Path current() {
        return resolve(System.getenv(), System.getProperty(OVERRIDE_PROPERTY),
                System.getProperty("os.name", ""), System.getProperty("user.home", "."));
    }

    /** The directory for the given environment; separated from {@link #current()} so every platform can be tested. */
    static Path resolve(Map<String, String> env, String override, String osName, String userHome) {
        if (override != null && !override.isBlank()) return Path.of(override);
        String os = osName.toLowerCase(Locale.ROOT);
        Path home = Path.of(userHome);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = notBlank(appData) ? Path.of(appData) : home.resolve("AppData").resolve("Roaming");
            return base.resolve("Cinegen");
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return home.resolve("Library").resolve("Application Support").resolve("Cinegen");
        }
        // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = notBlank(xdg) && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("cinegen");
    }

    private static boolean notBlank(String s) { return s != null && !s.isBlank(); }
}
