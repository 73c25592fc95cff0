package cinegen.engine.family.bundled.scene;


import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding the objects of rendered scenes: every background, every shape, where they are and how big. */
class SubjectFinderTest {
    private static final int SIZE = 64;

    private static SceneSpec scene(Background bg, List<SceneSpec.Item> items, long seed) {
        return new SceneSpec(bg, items, Motion.STILL, 8, seed);
    }

    @Test
    void findsTheObjectOfEveryBackgroundAndShape() {
        SplittableRandom rng = new SplittableRandom(7);
        int cases = 0;
        for (Background bg : Background.values()) {
            for (ShapeKind shape : ShapeKind.values()) {
                Hue hue;
                do hue = Hue.values()[rng.nextInt(Hue.values().length)]; while (!SceneVocabulary.contrasts(hue, bg));
                double r = 0.07 + rng.nextDouble() * 0.1;
                double x = r + 0.05 + rng.nextDouble() * (0.9 - 2 * r), y = r + 0.05 + rng.nextDouble() * (0.9 - 2 * r);
                int[] frame = SceneRenderer.renderFrame(scene(bg, List.of(new SceneSpec.Item(hue, shape, x, y, r, 0, 0, 0)), rng.nextLong()), SIZE, 0);
                List<SubjectFinder.Subject> found = SubjectFinder.find(frame, SIZE, SIZE, null, List.of(), 1);
                String what = hue.word() + " " + shape.word() + " on " + bg.word();
                assertEquals(1, found.size(), what);
                SubjectFinder.Subject s = found.get(0);
                assertEquals(x, s.x(), 2.0 / SIZE, what + ": x");
                assertEquals(y, s.y(), 2.0 / SIZE, what + ": y");
                assertEquals(r, s.radius(), 0.3 * r, what + ": radius");
                cases++;
            }
        }
        assertEquals(Background.values().length * ShapeKind.values().length, cases);
    }

    @Test
    void thePromptedColourPicksAmongTwoObjects() {
        List<SceneSpec.Item> items = List.of(new SceneSpec.Item(Hue.RED, ShapeKind.SQUARE, 0.25, 0.3, 0.14, 0, 0, 0),
                new SceneSpec.Item(Hue.CYAN, ShapeKind.CIRCLE, 0.7, 0.7, 0.09, 0, 0, 0));
        int[] frame = SceneRenderer.renderFrame(scene(Background.GRAY, items, 5), SIZE, 0);
        SubjectFinder.Subject cyan = SubjectFinder.find(frame, SIZE, SIZE, null, List.of(Hue.CYAN), 1).get(0);
        assertEquals(0.7, cyan.x(), 2.0 / SIZE, "the cyan circle, though the red square is larger");
        SubjectFinder.Subject largest = SubjectFinder.find(frame, SIZE, SIZE, null, List.of(), 1).get(0);
        assertEquals(0.25, largest.x(), 2.0 / SIZE, "without a colour, the largest object");
        List<SubjectFinder.Subject> both = SubjectFinder.find(frame, SIZE, SIZE, null, List.of(Hue.CYAN, Hue.RED), 2);
        assertEquals(2, both.size());
        assertEquals(0.7, both.get(0).x(), 2.0 / SIZE, "in the prompt's order");
        assertEquals(0.25, both.get(1).x(), 2.0 / SIZE);
    }

    @Test
    void onlyTheSearchAreaCountsAndItsOutsideIsTheBackground() {
        List<SceneSpec.Item> items = List.of(new SceneSpec.Item(Hue.PINK, ShapeKind.STAR, 0.25, 0.5, 0.12, 0, 0, 0),
                new SceneSpec.Item(Hue.YELLOW, ShapeKind.CIRCLE, 0.75, 0.5, 0.08, 0, 0, 0));
        int[] frame = SceneRenderer.renderFrame(scene(Background.SUNSET, items, 9), SIZE, 0);
        boolean[] rightHalf = new boolean[SIZE * SIZE];
        for (int i = 0; i < rightHalf.length; i++) rightHalf[i] = i % SIZE >= SIZE / 2;
        List<SubjectFinder.Subject> found = SubjectFinder.find(frame, SIZE, SIZE, rightHalf, List.of(Hue.PINK), 1);
        assertEquals(1, found.size());
        assertEquals(0.75, found.get(0).x(), 2.0 / SIZE, "the pink star lies outside the area: the yellow circle is what it holds");
    }

    @Test
    void aPlainImageHasNoSubject() {
        int[] frame = SceneRenderer.renderFrame(scene(Background.CHECKERBOARD, List.of(), 4), SIZE, 0);
        assertTrue(SubjectFinder.find(frame, SIZE, SIZE, null, List.of(Hue.RED), 1).isEmpty(), "checkerboard only");
        int[] grass = SceneRenderer.renderFrame(scene(Background.GRASS, List.of(), 4), SIZE, 0);
        assertTrue(SubjectFinder.find(grass, SIZE, SIZE, null, List.of(), 1).isEmpty(), "grass texture only");
    }
}
