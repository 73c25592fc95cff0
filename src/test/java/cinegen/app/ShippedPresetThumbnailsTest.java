package cinegen.app;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped style presets' thumbnails tell the looks apart at a glance, and say what they were rendered from. */
class ShippedPresetThumbnailsTest {
    /** Mean absolute difference per channel (0..255) two thumbnails must at least have. */
    static final double MIN_DIFFERENCE = 15;

    @Test
    void everyPairOfShippedThumbnailsLooksDifferent() throws Exception {
        Path folder = Path.of("presets");
        List<String> problems = new ArrayList<>();
        List<StylePresets.Preset> presets = StylePresets.load(folder, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(5, presets.size(), "the five shipped presets");
        List<BufferedImage> images = new ArrayList<>();
        for (StylePresets.Preset p : presets) {
            assertNotNull(p.thumbnailPrompt(), p.name() + " says which prompt its thumbnail shows");
            BufferedImage img = ImageIO.read(Files.newInputStream(folder.resolve(p.thumbnail())));
            assertNotNull(img, p.thumbnail());
            images.add(img);
        }
        for (int a = 0; a < images.size(); a++) {
            for (int b = a + 1; b < images.size(); b++) {
                double d = meanDifference(images.get(a), images.get(b));
                assertTrue(d >= MIN_DIFFERENCE, presets.get(a).name() + " and " + presets.get(b).name()
                        + " thumbnails differ by only " + String.format("%.1f", d) + " per channel");
            }
        }
    }

    static double meanDifference(BufferedImage x, BufferedImage y) {
        assertEquals(x.getWidth(), y.getWidth());
        assertEquals(x.getHeight(), y.getHeight());
        long sum = 0;
        for (int j = 0; j < x.getHeight(); j++) {
            for (int i = 0; i < x.getWidth(); i++) {
                int p = x.getRGB(i, j), q = y.getRGB(i, j);
                for (int s = 0; s < 24; s += 8) sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
            }
        }
        return sum / (3.0 * x.getWidth() * x.getHeight());
    }
}
