package cinegen.engine.family.bundled.scene;


import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Silhouettes (decision 29): the rendered outline, folded 4x4 onto the latent grid without losing a pixel. */
class SceneLayoutTest {
    @Test
    void foldingPutsEachPixelInItsCellAndChannel() {
        float[] plane = new float[8 * 8];
        plane[3 * 8 + 6] = 0.5f; // row 3, column 6: cell (0, 1), offset (3, 2) in the cell
        plane[4 * 8 + 1] = 1f;   // row 4, column 1: cell (1, 0), offset (0, 1)
        float[] folded = SceneLayout.fold(List.of(new float[64], plane), 8, 4);
        assertEquals(16 * 2 * 2 * 2, folded.length);
        int cells = 2 * 2 * 2; // frames x cells per channel
        assertEquals(0.5f, folded[(3 * 4 + 2) * cells + (1 * 2 + 0) * 2 + 1]);
        assertEquals(1f, folded[(0 * 4 + 1) * cells + (1 * 2 + 1) * 2 + 0]);
        float sum = 0;
        for (float v : folded) sum += v;
        assertEquals(1.5f, sum, 1e-6f, "nothing else is set");
    }

    @Test
    void theSilhouetteIsTheShapeWhereTheSceneDrawsIt() {
        float[] star = silhouette(ShapeKind.STAR), square = silhouette(ShapeKind.SQUARE), circle = silhouette(ShapeKind.CIRCLE);
        double starArea = area(star), squareArea = area(square), circleArea = area(circle);
        assertTrue(starArea < 0.7 * circleArea, "a star covers far less than the circle of its radius: " + starArea + " vs " + circleArea);
        assertTrue(squareArea > 0.5 * circleArea && squareArea < 1.5 * circleArea, "a square is square-sized: " + squareArea);
        // Every covered pixel lies near the centre (0.5, 0.5): within the star's outer radius, 1.15 x 0.2 of 64 pixels.
        float[] plane = SceneRenderer.render(scene(ShapeKind.STAR), 64, 1).objectCoverage().get(0);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (plane[y * 64 + x] > 0) assertTrue(Math.hypot(x + 0.5 - 32, y + 0.5 - 32) < 1.15 * 12.8 + 1, "pixel " + x + "," + y);
            }
        }
    }

    private static SceneSpec scene(ShapeKind shape) {
        return new SceneSpec(Background.GRAY, List.of(new SceneSpec.Item(Hue.RED, shape, 0.5, 0.5, 0.2, 0, 0, 0)), Motion.STILL, 8, 1);
    }

    private static float[] silhouette(ShapeKind shape) {
        return SceneLayout.silhouettes(scene(shape), 2, 64, 4);
    }

    private static double area(float[] v) {
        double s = 0;
        for (float f : v) s += f;
        return s;
    }
}
