package cinegen.media;

import cinegen.frames.FrameSequence;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Exported files play in a real browser: headless Chromium loads an MP4, a WebM and a GIF, and a script on
 * the page writes what the browser decoded (size, duration, how far the video played, one pixel) into the DOM,
 * which {@code --dump-dom} prints. Skipped when no Chromium is installed ({@code .ci/setup} installs it).
 */
class BrowserPlaybackTest {
    private static final int W = 128, H = 96, PROBE_X = 10, PROBE_Y = 10;

    @TempDir
    Path dir;

    @Test
    void exportedVideosAndGifPlayInHeadlessChromium() throws Exception {
        Optional<Path> chromium = findChromium();
        Assumptions.assumeTrue(chromium.isPresent(), "Chromium is not installed");

        FrameSequence clip = new SyntheticScene(W, H, 3).frames(24, 12);
        for (String name : List.of("clip.mp4", "clip.webm", "clip.gif")) {
            VideoExporter.export(clip, dir.resolve(name), ExportOptions.defaults(), ProgressListener.NONE, () -> false);
        }
        Files.writeString(dir.resolve("page.html"), PAGE, StandardCharsets.UTF_8);

        JsonNode report = runChromium(chromium.get(), dir.resolve("page.html"));
        int expected = clip.frame(0)[PROBE_Y * W + PROBE_X];

        for (String video : List.of("mp4", "webm")) {
            JsonNode v = report.path(video);
            assertTrue(v.isObject(), video + " did not load in Chromium: " + report);
            assertEquals(W, v.path("width").asInt(), video + " width");
            assertEquals(H, v.path("height").asInt(), video + " height");
            assertEquals(2.0, v.path("duration").asDouble(), 0.05, video + " duration");
            assertTrue(v.path("readyState").asInt() >= 2, video + " has a decoded frame");
            assertTrue(v.path("played").asDouble() > 1.0, video + " played on: " + v);
            assertPixel(expected, v.path("pixel"), video, 12);
        }
        JsonNode gif = report.path("gif");
        assertTrue(gif.isObject(), "the GIF did not load in Chromium: " + report);
        assertEquals(W, gif.path("width").asInt());
        assertEquals(H, gif.path("height").asInt());
        assertPixel(expected, gif.path("pixel"), "gif", 24);
    }

    private static void assertPixel(int expected, JsonNode rgba, String what, int tolerance) {
        assertTrue(rgba.isArray() && rgba.size() == 4, what + " pixel could not be read: " + rgba);
        int[] want = {(expected >> 16) & 0xff, (expected >> 8) & 0xff, expected & 0xff};
        for (int c = 0; c < 3; c++) {
            int got = rgba.get(c).asInt();
            assertTrue(Math.abs(got - want[c]) <= tolerance, what + " pixel " + rgba + " vs source " + java.util.Arrays.toString(want));
        }
    }

    private JsonNode runChromium(Path chromium, Path page) throws Exception {
        Path profile = Files.createDirectory(dir.resolve("profile"));
        Path stdout = dir.resolve("dom.html"), stderr = dir.resolve("chromium.log");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--allow-file-access-from-files", "--mute-audio", "--user-data-dir=" + profile,
                "--virtual-time-budget=15000", "--dump-dom", page.toUri().toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        // a guard against a stuck browser, not a speed check
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish; its log: " + Files.readString(stderr));
        }
        String dom = Files.readString(stdout);
        Matcher m = Pattern.compile("<pre id=\"report\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "no report in the page; exit " + p.exitValue() + ", log: " + tail(Files.readString(stderr)));
        return new ObjectMapper().readTree(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"));
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    static Optional<Path> findChromium() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : path.split(File.pathSeparator)) {
                Path candidate = Path.of(d, name);
                if (Files.isExecutable(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static final String PAGE = """
            <!doctype html>
            <html><body>
            <video id="mp4" src="clip.mp4" muted playsinline preload="auto"></video>
            <video id="webm" src="clip.webm" muted playsinline preload="auto"></video>
            <img id="gif" src="clip.gif">
            <pre id="report">{}</pre>
            <script>
            const report = {};
            const show = () => { document.getElementById('report').textContent = JSON.stringify(report); };
            function pixel(source, w, h) {
              const c = document.createElement('canvas');
              c.width = w; c.height = h;
              const ctx = c.getContext('2d');
              ctx.drawImage(source, 0, 0);
              try { return Array.from(ctx.getImageData(%X%, %Y%, 1, 1).data); } catch (e) { return String(e); }
            }
            for (const id of ['mp4', 'webm']) {
              const v = document.getElementById(id);
              v.addEventListener('loadeddata', () => {
                report[id] = {width: v.videoWidth, height: v.videoHeight, duration: v.duration,
                              readyState: v.readyState, played: 0, pixel: pixel(v, v.videoWidth, v.videoHeight)};
                show();
                v.play().catch(e => { report[id].playError = String(e); show(); });
              });
              v.addEventListener('timeupdate', () => {
                if (report[id]) { report[id].played = Math.max(report[id].played, v.currentTime); show(); }
              });
              v.addEventListener('error', () => { report[id + 'Error'] = v.error ? v.error.code + ' ' + v.error.message : '?'; show(); });
            }
            const g = document.getElementById('gif');
            g.decode().then(() => {
              report.gif = {width: g.naturalWidth, height: g.naturalHeight, pixel: pixel(g, g.naturalWidth, g.naturalHeight)};
              show();
            }, e => { report.gifError = String(e); show(); });
            </script>
            </body></html>
            """.replace("%X%", Integer.toString(PROBE_X)).replace("%Y%", Integer.toString(PROBE_Y));
}
