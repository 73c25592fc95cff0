package cinegen.app;

import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.testing.TinyPack;
import cinegen.testing.ReadOnlyFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train-style from eight images of the user's: a preset file, a thumbnail and a weight set in the pack. */
class TrainStyleCommandTest {
    static int run(List<String> args, ByteArrayOutputStream err) {
        List<String> all = new ArrayList<>(List.of("train-style"));
        all.addAll(args);
        return Main.run(all, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void eightImagesMakeAPresetOnTheShelf(@TempDir Path dir) throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 8);
        Path images = Files.createDirectories(dir.resolve("mine"));
        for (int i = 0; i < 8; i++) {
            BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 40; y++) for (int x = 0; x < 48; x++) img.setRGB(x, y, ((x + i * 5) % 16 < 8) ? 0x202040 : 0xe0c080);
            ImageIO.write(img, "png", images.resolve("img" + i + ".png").toFile());
        }
        Files.writeString(images.resolve("notes.txt"), "not an image");
        // a cut-off photo is named and skipped, not learnt from
        ImageIO.write(ImageIO.read(images.resolve("img0.png").toFile()), "jpg", images.resolve("cut.jpg").toFile());
        byte[] whole = Files.readAllBytes(images.resolve("cut.jpg"));
        Files.write(images.resolve("cut.jpg"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Path presets = dir.resolve("presets");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(List.of("--name", "stripes", "--images", images.toString(), "--model", pack.toString(), "--presets",
                presets.toString(), "--steps", "2", "--rank", "2"), err);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("skipping 'cut.jpg' is truncated"), err.toString(StandardCharsets.UTF_8));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("notes.txt"));
        assertTrue(Files.exists(presets.resolve("stripes.json")));
        assertTrue(Files.exists(presets.resolve("stripes.png")));
        List<String> problems = new ArrayList<>();
        var loaded = StylePresets.load(presets, problems);
        assertEquals(1, loaded.size());
        assertEquals("stripes", loaded.get(0).weightSet());
        assertTrue(problems.isEmpty());
        assertEquals("stripes", ModelPack.open(pack).styles().get(0).name());
        assertEquals("a yellow star and a blue circle on a gray background", loaded.get(0).thumbnailPrompt(),
                "a style from the artist's images shows the default scene");

        // preset-thumbnail renders it again from another scene, replacing the picture and naming the scene in the file.
        byte[] before = Files.readAllBytes(presets.resolve("stripes.png"));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        int redone = Main.run(List.of("preset-thumbnail", "--name", "stripes", "--prompt", "a red square on a white background",
                "--model", pack.toString(), "--presets", presets.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(again, true, StandardCharsets.UTF_8));
        assertEquals(0, redone, again.toString(StandardCharsets.UTF_8));
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(presets.resolve("stripes.png"))), "another picture");
        BufferedImage thumb = ImageIO.read(presets.resolve("stripes.png").toFile());
        assertEquals(ModelPack.open(pack).architecture().width(), thumb.getWidth(), "one frame at the model's size");
        StylePresets.Preset after = StylePresets.find(presets, "stripes").orElseThrow();
        assertEquals("a red square on a white background", after.thumbnailPrompt());
        assertEquals(loaded.get(0).defaultAlpha(), after.defaultAlpha(), "the rest of the preset is kept");
        try (var files = Files.list(presets)) {
            assertEquals(List.of("stripes.json", "stripes.png"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary file left");
        }
        ByteArrayOutputStream unknown = new ByteArrayOutputStream();
        assertEquals(2, Main.run(List.of("preset-thumbnail", "--name", "nothing", "--model", pack.toString(), "--presets",
                presets.toString()), new PrintStream(new ByteArrayOutputStream()), new PrintStream(unknown, true, StandardCharsets.UTF_8)));
        assertTrue(unknown.toString(StandardCharsets.UTF_8).contains("no readable preset file nothing.json"), unknown.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badInputExitsTwo(@TempDir Path dir) throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 9);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        for (List<String> c : List.of(
                List.of("--name", "x", "--model", pack.toString()),
                List.of("--name", "x", "--look", "cubism", "--model", pack.toString()),
                List.of("--name", "x", "--images", empty.toString(), "--model", pack.toString()),
                List.of("--name", "Bad Name!", "--look", "neon", "--model", pack.toString()))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, run(c, err), c + " -> " + err);
        }
    }

    /** Every file under the folders, with its bytes: what "nothing changed" means. */
    static Map<String, byte[]> snapshot(Path... folders) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        for (Path f : folders) {
            if (!Files.exists(f)) continue;
            try (Stream<Path> s = Files.walk(f)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) out.put(p.toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    static void assertUnchanged(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), "the same files");
        for (String k : before.keySet()) assertArrayEquals(before.get(k), after.get(k), k);
    }

    /** A pack that ships a "neon" style with its preset file and thumbnail, like the bundled one. */
    static Path packWithNeon(Path dir, Path presets) throws Exception {
        Path pack = TinyPack.addStyles(TinyPack.create(dir.resolve("pack"), 11), "neon");
        Files.createDirectories(presets);
        StylePresets.write(presets, new StylePresets.Preset("neon", "Neon", "Shipped neon", "neon", 0.8, "neon.png"));
        Files.write(presets.resolve("neon.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        return pack;
    }

    @Test
    void anExistingNameIsRefusedInAnyCaseUnlessReplaceIsGiven(@TempDir Path dir) throws Exception {
        Path presets = dir.resolve("presets");
        Path pack = packWithNeon(dir, presets);
        Map<String, byte[]> before = snapshot(pack, presets);
        for (String name : List.of("NEON", "neon", "Neon")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = run(List.of("--name", name, "--look", "neon", "--model", pack.toString(), "--presets", presets.toString(),
                    "--steps", "2", "--rank", "2"), err);
            String msg = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(2, code, msg);
            assertEquals(1, msg.lines().count(), msg);
            assertTrue(msg.contains("'neon'") && msg.contains("--replace"), msg);
            assertUnchanged(before, snapshot(pack, presets));
        }
        // only a preset file of that name (no weight set in the pack) is a style too
        Path other = dir.resolve("other-presets");
        Files.createDirectories(other);
        Files.writeString(other.resolve("Stripes.json"), "{}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(List.of("--name", "stripes", "--look", "neon", "--model", pack.toString(), "--presets", other.toString(),
                "--steps", "2", "--rank", "2"), err), err.toString(StandardCharsets.UTF_8));
        assertUnchanged(before, snapshot(pack, presets));
    }

    @Test
    void replaceKeepsABackupOfTheWeightsPresetAndThumbnail(@TempDir Path dir) throws Exception {
        Path presets = dir.resolve("presets");
        Path pack = packWithNeon(dir, presets);
        byte[] oldWeights = Files.readAllBytes(pack.resolve("style-neon.safetensors"));
        byte[] oldPreset = Files.readAllBytes(presets.resolve("neon.json"));
        byte[] oldThumb = Files.readAllBytes(presets.resolve("neon.png"));
        byte[] oldManifest = Files.readAllBytes(pack.resolve("manifest.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(List.of("train-style", "--name", "NEON", "--replace", "--look", "neon", "--model", pack.toString(),
                "--presets", presets.toString(), "--steps", "2", "--rank", "2"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        var styles = ModelPack.open(pack).styles();
        assertEquals(1, styles.size(), "replaced, not added twice: " + styles);
        assertEquals("neon", styles.get(0).name());
        assertNotEquals("Shipped neon", StylePresets.load(presets, new ArrayList<>()).get(0).description());
        assertFalse(java.util.Arrays.equals(oldThumb, Files.readAllBytes(presets.resolve("neon.png"))));

        Path replaced = pack.resolve("replaced");
        List<Path> backups;
        try (Stream<Path> s = Files.list(replaced)) {
            backups = s.toList();
        }
        assertEquals(1, backups.size(), backups.toString());
        Path b = backups.get(0);
        assertTrue(b.getFileName().toString().startsWith("neon-"), b.toString());
        assertArrayEquals(oldWeights, Files.readAllBytes(b.resolve("style-neon.safetensors")));
        assertArrayEquals(oldPreset, Files.readAllBytes(b.resolve("neon.json")));
        assertArrayEquals(oldThumb, Files.readAllBytes(b.resolve("neon.png")));
        assertArrayEquals(oldManifest, Files.readAllBytes(b.resolve("manifest.json")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(b.toString()), "says where the backup is: " + out);
    }

    @Test
    void everyOptionIsCheckedBeforeTraining(@TempDir Path dir) throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 12);
        Path presets = dir.resolve("presets");
        Map<String, byte[]> before = snapshot(pack, presets);
        for (List<String> bad : List.of(List.of("--alpha", "5"), List.of("--alpha", "x"), List.of("--steps", "0"),
                List.of("--rank", "0"), List.of("--lr", "2"), List.of("--batch", "0"), List.of("--seed", "1.5"))) {
            List<String> c = new ArrayList<>(List.of("--name", "glow", "--look", "neon", "--model", pack.toString(),
                    "--presets", presets.toString(), "--steps", "2", "--rank", "2"));
            // the bad value replaces the default one given above
            int at = c.indexOf(bad.get(0));
            if (at >= 0) c.set(at + 1, bad.get(1)); else c.addAll(bad);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = run(c, err);
            String msg = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(2, code, bad + " -> " + msg);
            assertEquals(1, msg.lines().count(), "one line, no training output: " + msg);
            assertTrue(msg.contains(bad.get(0)), "names the option: " + msg);
            assertUnchanged(before, snapshot(pack, presets));
        }
    }

    @Test
    void anUnwritablePresetsFolderChangesNothing(@TempDir Path dir) throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 13);
        Path presets = dir.resolve("presets");
        Files.createDirectories(presets);
        Files.writeString(dir.resolve("a-file"), "not a folder");
        Map<String, byte[]> before = snapshot(pack, presets);
        try (ReadOnlyFolder ro = ReadOnlyFolder.of(presets)) {
            for (Path target : List.of(presets, presets.resolve("sub"), dir.resolve("a-file").resolve("presets"))) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = run(List.of("--name", "glow", "--look", "neon", "--model", pack.toString(), "--presets", target.toString(),
                        "--steps", "2", "--rank", "2"), err);
                String msg = err.toString(StandardCharsets.UTF_8).strip();
                assertEquals(2, code, target + " -> " + msg);
                assertEquals(1, msg.lines().count(), msg);
                assertTrue(msg.contains("--presets"), msg);
                assertFalse(msg.contains("internal error"), msg);
                assertUnchanged(before, snapshot(pack, presets));
            }
        }
    }

    @Test
    void anUnwritablePackChangesNothing(@TempDir Path dir) throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 14);
        Path presets = dir.resolve("presets");
        Map<String, byte[]> before = snapshot(pack, presets);
        try (ReadOnlyFolder ro = ReadOnlyFolder.of(pack)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = run(List.of("--name", "glow", "--look", "neon", "--model", pack.toString(), "--presets", presets.toString(),
                    "--steps", "2", "--rank", "2"), err);
            String msg = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(2, code, msg);
            assertEquals(1, msg.lines().count(), msg);
        }
        assertUnchanged(before, snapshot(pack, presets));
        assertFalse(Files.exists(presets), "the presets folder is not even created");
    }

    @Test
    void aFailureWhileSavingRollsBackPackAndPreset(@TempDir Path dir) throws Exception {
        Path presets = dir.resolve("presets");
        Path pack = packWithNeon(dir, presets);
        // the manifest cannot be replaced: its temporary file name is taken by a folder
        Files.createDirectories(pack.resolve("manifest.json.tmp").resolve("in-the-way"));
        Map<String, byte[]> before = snapshot(pack, presets);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(List.of("--name", "neon", "--replace", "--look", "neon", "--model", pack.toString(), "--presets",
                presets.toString(), "--steps", "2", "--rank", "2"), err);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, msg);
        String last = msg.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("cinegen train-style: style neon could not be saved") && last.contains("nothing was changed"), msg);
        assertUnchanged(before, snapshot(pack, presets));
        assertEquals(List.of("neon"), ModelPack.open(pack).styles().stream().map(s -> s.name()).toList());
        try (Stream<Path> s = Files.list(pack)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.startsWith(".train-style") || n.equals("replaced")), "no staging or backup left: " + names);
        }
        try (Stream<Path> s = Files.list(presets)) {
            assertEquals(2, s.count(), "only neon.json and neon.png in the presets folder");
        }
    }
}
