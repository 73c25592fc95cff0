package cinegen.app.settings;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfigDirectoryTest {
    private static final String HOME = Path.of("home", "ada").toAbsolutePath().toString();

    @Test
    void linuxUsesXdgConfigHomeWhenAbsolute() {
        String xdg = Path.of("cfg").toAbsolutePath().toString();
        assertEquals(Path.of(xdg, "cinegen"),
                ConfigDirectory.resolve(Map.of("XDG_CONFIG_HOME", xdg), null, "Linux", HOME));
    }

    @Test
    void linuxFallsBackToDotConfigWhenXdgIsMissingOrRelative() {
        Path expected = Path.of(HOME, ".config", "cinegen");
        assertEquals(expected, ConfigDirectory.resolve(Map.of(), null, "Linux", HOME));
        assertEquals(expected, ConfigDirectory.resolve(Map.of("XDG_CONFIG_HOME", "relative/dir"), null, "Linux", HOME));
    }

    @Test
    void windowsUsesAppData() {
        String appData = Path.of("roaming").toAbsolutePath().toString();
        assertEquals(Path.of(appData, "Cinegen"),
                ConfigDirectory.resolve(Map.of("APPDATA", appData), null, "Windows 11", HOME));
        assertEquals(Path.of(HOME, "AppData", "Roaming", "Cinegen"),
                ConfigDirectory.resolve(Map.of(), null, "Windows 10", HOME));
    }

    @Test
    void macUsesApplicationSupport() {
        assertEquals(Path.of(HOME, "Library", "Application Support", "Cinegen"),
                ConfigDirectory.resolve(Map.of("XDG_CONFIG_HOME", "/x"), null, "Mac OS X", HOME));
    }

    @Test
    void systemPropertyOverridesEverything() {
        assertEquals(Path.of("custom"), ConfigDirectory.resolve(Map.of("APPDATA", "/a"), "custom", "Windows 11", HOME));
        assertEquals(Path.of("custom"), ConfigDirectory.resolve(Map.of(), "custom", "Linux", HOME));
    }
}
