package cinegen.app;

import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.testing.TinyPack;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        Path presets = dir.resolve("presets");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(List.of("--name", "stripes", "--images", images.toString(), "--model", pack.toString(), "--presets",
                presets.toString(), "--steps", "2", "--rank", "2"), err);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(presets.resolve("stripes.json")));
        assertTrue(Files.exists(presets.resolve("stripes.png")));
        List<String> problems = new ArrayList<>();
        var loaded = StylePresets.load(presets, problems);
        assertEquals(1, loaded.size());
        assertEquals("stripes", loaded.get(0).weightSet());
        assertTrue(problems.isEmpty());
        assertEquals("stripes", ModelPack.open(pack).styles().get(0).name());
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
}
