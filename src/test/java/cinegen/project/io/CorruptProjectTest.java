package cinegen.project.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A damaged project file gives a clear message naming the file and the problem, and nothing on disk changes. */
class CorruptProjectTest {
    @TempDir Path tmp;
    private Path folder;
    private Path settings;
    private String good;

    @BeforeEach
    void setUp() throws Exception {
        settings = tmp.resolve("settings");
        folder = tmp.resolve("kites");
        ProjectStore store = new ProjectStore(settings);
        store.close(StoreFixtures.fullProject(store, folder, tmp.resolve("outside")));
        good = Files.readString(folder.resolve(ProjectStore.PROJECT_FILE));
    }

    /** Edits the JSON tree of the good file. */
    private static UnaryOperator<String> tree(java.util.function.Consumer<ObjectNode> change) {
        return json -> {
            try {
                ObjectNode root = (ObjectNode) ProjectCodec.MAPPER.readTree(json);
                change.accept(root);
                return ProjectCodec.MAPPER.writeValueAsString(root);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static ObjectNode firstClip(ObjectNode root) {
        return (ObjectNode) root.get("timeline").get("clips").get(0);
    }

    static Stream<Arguments> corruptions() {
        return Stream.of(
                Arguments.of("truncated", (UnaryOperator<String>) s -> s.substring(0, s.length() / 2),
                        List.of("ends too early", "line ")),
                // Cut at other places the parser meets the end in another state (within an entry, a value, an array).
                Arguments.of("truncated early", (UnaryOperator<String>) s -> s.substring(0, s.length() / 4),
                        List.of("ends too early", "line ")),
                Arguments.of("truncated late", (UnaryOperator<String>) s -> s.substring(0, s.length() * 9 / 10),
                        List.of("ends too early", "line ")),
                Arguments.of("truncated after a name", (UnaryOperator<String>) s -> s.substring(0, s.indexOf("\"width\"") + 9),
                        List.of("ends too early", "line ")),
                Arguments.of("text where a number belongs", (UnaryOperator<String>) s -> s.replaceFirst("\"width\" : 48", "\"width\" : \"wide\""),
                        List.of("wrong type", "settings.width", "line ", "column ")),
                Arguments.of("fraction where a whole number belongs", tree(r -> firstClip(r).put("in", 1.5)),
                        List.of("timeline.clips[0].in", "1.5", "a whole number")),
                Arguments.of("missing timeline", tree(r -> r.remove("timeline")),
                        List.of("required field 'timeline' is missing", "line ")),
                Arguments.of("clip without media", tree(r -> firstClip(r).remove("mediaId")),
                        List.of("'mediaId' is missing at timeline.clips[0] (line")),
                Arguments.of("null settings", tree(r -> r.putNull("settings")),
                        List.of("settings is missing")),
                Arguments.of("unknown sampler", tree(r -> ((ObjectNode) r.get("settings")).put("sampler", "WARP_DRIVE")),
                        List.of("WARP_DRIVE", "DDIM", "settings.sampler")),
                Arguments.of("duplicate key", (UnaryOperator<String>) s -> s.replaceFirst("\"name\" :", "\"name\" : \"x\", \"name\" :"),
                        List.of("Duplicate field 'name'", "line ")),
                Arguments.of("trailing garbage", (UnaryOperator<String>) s -> s.replace("\n", " ") + " }{",
                        List.of("project.cgproj.json is not a valid project file", "line 1")),
                Arguments.of("empty file", (UnaryOperator<String>) s -> "",
                        List.of("empty")),
                Arguments.of("not an object", (UnaryOperator<String>) s -> "[1, 2, 3]",
                        List.of("JSON object")),
                Arguments.of("no format version", tree(r -> r.remove("formatVersion")),
                        List.of("no formatVersion")),
                Arguments.of("newer format", tree(r -> r.put("formatVersion", 7)),
                        List.of("newer Cinegen Studio", "format 7", "formats 1 to 2")),
                Arguments.of("clip beyond its media", tree(r -> firstClip(r).put("out", 999)),
                        List.of("timeline", "999", "only 6 frames")),
                Arguments.of("duplicate media id", tree(r -> ((ObjectNode) r.get("media").get(1)).put("id", "still")),
                        List.of("media[1]", "'still'")),
                Arguments.of("mask file count", tree(r -> ((ArrayNode) r.get("masks").get(1).get("files")).remove(0)),
                        List.of("masks[1]", "needs 6")),
                Arguments.of("missing mask image", tree(r -> ((ArrayNode) r.get("masks").get(0).get("files")).set(0, "masks/gone.png")),
                        List.of("masks/gone.png", "missing")),
                Arguments.of("unknown mode", tree(r -> ((ObjectNode) r.get("media").get(2).get("recipe")).put("mode", "TIME_TRAVEL")),
                        List.of("TIME_TRAVEL", "media[2].recipe.mode", "[TEXT_TO_VIDEO, IMAGE_TO_VIDEO, INPAINT, CINEMAGRAPH]")),
                Arguments.of("a number where a mode belongs", tree(r -> ((ObjectNode) r.get("media").get(2).get("recipe")).put("mode", 2)),
                        List.of("wrong type", "media[2].recipe.mode")),
                Arguments.of("null where a choice belongs", tree(r -> ((ObjectNode) r.get("media").get(2).get("recipe")).putNull("mode")),
                        List.of("media[2]", "null")),
                Arguments.of("absurd mask size", tree(r -> ((ObjectNode) r.get("masks").get(0)).put("width", 100000).put("height", 100000)),
                        List.of("masks[0]", "8192")),
                Arguments.of("bad id", tree(r -> ((ObjectNode) r.get("media").get(0)).put("id", "a/b")),
                        List.of("media[0]", "'a/b'")),
                // issue 32: a clip of two billion frames, or one two billion frames away, exhausted memory on export
                Arguments.of("a still clip two billion frames long", tree(r -> ((ObjectNode) r.get("timeline").get("clips").get(1)).put("out", 2_000_000_000)),
                        List.of("timeline.clips[1]", "clip '", "2000000000", "at most " + cinegen.project.Timeline.MAX_FRAMES)),
                Arguments.of("a clip starting at frame two billion", tree(r -> ((ObjectNode) r.get("timeline").get("clips").get(1)).put("start", 2_000_000_000L)),
                        List.of("timeline.clips[1]", "clip '", "2000000000", "at most " + cinegen.project.Timeline.MAX_FRAMES)),
                Arguments.of("timeline fps of zero", tree(r -> ((ObjectNode) r.get("timeline")).put("fps", 0.0)),
                        List.of("timeline.fps", "positive")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void corruptFileGivesAClearMessageAndChangesNothing(String what, UnaryOperator<String> corrupt, List<String> expected) throws Exception {
        Files.writeString(folder.resolve(ProjectStore.PROJECT_FILE), corrupt.apply(good), StandardCharsets.UTF_8);
        Map<String, String> before = FolderSnapshot.of(folder);
        Map<String, String> settingsBefore = FolderSnapshot.of(settings);

        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> new ProjectStore(settings).open(folder));
        String m = e.getMessage();
        assertTrue(m.contains(ProjectStore.PROJECT_FILE) || m.contains("masks/"), "names the file: " + m);
        for (String part : expected) assertTrue(m.contains(part), "'" + part + "' missing from: " + m);
        assertFalse(m.contains(" name: "), "labelled with the field it is about: " + m);
        assertFalse(m.contains("cinegen.project"), "no Java class names in the message: " + m);

        assertEquals(before, FolderSnapshot.of(folder), "the project folder is unchanged");
        assertEquals(settingsBefore, FolderSnapshot.of(settings), "no session or recent entry for a failed open");
    }

    @Test
    void theGoodFileStillOpens() throws Exception {
        assertEquals("Kites", new ProjectStore(settings).open(folder).name());
    }

    @Test
    void aHugeFileIsRefusedUnread() throws Exception {
        Path file = folder.resolve(ProjectStore.PROJECT_FILE);
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{' '}), ProjectCodec.MAX_BYTES + 1);
        }
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> new ProjectStore(settings).open(folder));
        assertTrue(e.getMessage().contains("larger than a project file"), e.getMessage());
    }

    @Test
    void aMaskThatIsNotAnImageIsNamed() throws Exception {
        String name = good.replaceAll("(?s).*\"(masks/[0-9a-f]{32}\\.png)\".*", "$1");
        Files.writeString(folder.resolve(name), "this is no PNG");
        Map<String, String> before = FolderSnapshot.of(folder);
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> new ProjectStore(settings).open(folder));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("not an image"), e.getMessage());
        assertEquals(before, FolderSnapshot.of(folder));
    }

    @Test
    void aMaskOfTheWrongSizeIsNamed() throws Exception {
        String name = good.replaceAll("(?s).*\"(masks/[0-9a-f]{32}\\.png)\".*", "$1");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(5, 5, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png", folder.resolve(name).toFile());
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> new ProjectStore(settings).open(folder));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("5x5"), e.getMessage());
    }
}
