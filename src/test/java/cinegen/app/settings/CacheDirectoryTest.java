package cinegen.app.settings;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CacheDirectoryTest {
    private static final String HOME = Path.of("home", "ada").toAbsolutePath().toString();

    @Test
    void linuxUsesXdgCacheHomeWhenAbsoluteElseDotCache() {
        String xdg = Path.of("cache").toAbsolutePath().toString();
        assertEquals(Path.of(xdg, "cinegen"), CacheDirectory.resolve(Map.of("XDG_CACHE_HOME", xdg), null, "Linux", HOME));
        assertEquals(Path.of(HOME, ".cache", "cinegen"), CacheDirectory.resolve(Map.of(), null, "Linux", HOME));
        assertEquals(Path.of(HOME, ".cache", "cinegen"),
                CacheDirectory.resolve(Map.of("XDG_CACHE_HOME", "relative"), null, "Linux", HOME));
    }

    @Test
    void windowsUsesLocalAppData() {
        String local = Path.of("local").toAbsolutePath().toString();
        assertEquals(Path.of(local, "Cinegen", "cache"),
                CacheDirectory.resolve(Map.of("LOCALAPPDATA", local), null, "Windows 11", HOME));
        assertEquals(Path.of(HOME, "AppData", "Local", "Cinegen", "cache"),
                CacheDirectory.resolve(Map.of(), null, "Windows 10", HOME));
    }

    @Test
    void macUsesLibraryCaches() {
        assertEquals(Path.of(HOME, "Library", "Caches", "Cinegen"),
                CacheDirectory.resolve(Map.of("XDG_CACHE_HOME", "/x"), null, "Mac OS X", HOME));
    }

    @Test
    void overrideWins() {
        assertEquals(Path.of("elsewhere"), CacheDirectory.resolve(Map.of(), "elsewhere", "Linux", HOME));
    }
}
