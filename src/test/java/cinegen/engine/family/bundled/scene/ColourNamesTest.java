package cinegen.engine.family.bundled.scene;

import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ColourNamesTest {
    @Test
    void everyHueOfTheGrammarIsNamedItselfUnderTheRenderersShading() {
        for (Hue h : Hue.values()) {
            for (double shade : new double[] {0.8, 1.0, 1.2}) {
                double r = Math.min(255, h.r * shade), g = Math.min(255, h.g * shade), b = Math.min(255, h.b * shade);
                assertEquals(h, ColourNames.name(r, g, b), h + " shaded " + shade);
            }
        }
    }

    @Test
    void greysHaveNoHueExceptBrightWhite() {
        assertEquals(Hue.WHITE, ColourNames.name(230, 228, 235));
        assertNull(ColourNames.name(128, 128, 128));
        assertNull(ColourNames.name(10, 10, 12));
        assertNull(ColourNames.name(20, 5, 5), "too dark to carry a hue");
    }
}
