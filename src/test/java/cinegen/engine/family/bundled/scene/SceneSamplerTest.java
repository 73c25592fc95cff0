package cinegen.engine.family.bundled.scene;


import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SceneSamplerTest {
    @Test
    void randomScenesCoverTheGrammarWithFewTwoObjectClips() {
        SceneSampler sampler = new SceneSampler(16);
        SplittableRandom rng = new SplittableRandom(7);
        EnumSet<Hue> hues = EnumSet.noneOf(Hue.class);
        EnumSet<ShapeKind> shapes = EnumSet.noneOf(ShapeKind.class);
        EnumSet<Motion> motions = EnumSet.noneOf(Motion.class);
        EnumSet<Background> backgrounds = EnumSet.noneOf(Background.class);
        int n = 4000, two = 0;
        for (int i = 0; i < n; i++) {
            SceneSpec s = sampler.random(rng);
            assertTrue(s.items().size() == 1 || s.items().size() == 2, "one or two objects");
            if (s.items().size() == 2) {
                two++;
                assertNotEquals(s.items().get(0).hue(), s.items().get(1).hue(), "two objects never share a colour");
            }
            for (SceneSpec.Item it : s.items()) {
                assertTrue(SceneVocabulary.contrasts(it.hue(), s.background()), it.hue() + " on " + s.background());
                hues.add(it.hue());
                shapes.add(it.shape());
            }
            motions.add(s.motion());
            backgrounds.add(s.background());
        }
        assertEquals(SceneSampler.TWO_OBJECT_SHARE, two / (double) n, 0.03, "share of two-object clips");
        assertEquals(EnumSet.allOf(Hue.class), hues);
        assertEquals(EnumSet.allOf(ShapeKind.class), shapes);
        assertEquals(EnumSet.allOf(Motion.class), motions);
        assertEquals(EnumSet.allOf(Background.class), backgrounds);
    }

    @Test
    void layoutDiscsCoverEachObjectWhereItIsInEveryFrame() {
        SceneSpec spec = new SceneSampler(16).fromCaption("a red star moving right on a grass background", 8, new SplittableRandom(3));
        int size = 16;
        float[] layout = SceneLayout.discs(spec, 16, size);
        assertEquals(16 * size * size, layout.length);
        double previous = -1;
        for (int f = 0; f < 16; f++) {
            double[] state = spec.state(spec.items().get(0), f);
            double sum = 0, sx = 0;
            for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) {
                float v = layout[(f * size + y) * size + x];
                assertTrue(v >= 0 && v <= 1, "soft coverage in [0, 1]");
                sum += v;
                sx += v * (x + 0.5);
            }
            double area = Math.PI * Math.pow(state[2] * size, 2);
            assertEquals(area, sum, 0.15 * area, "the disc's mass is the object's extent in frame " + f);
            double cx = sx / sum / size;
            assertEquals(state[0], cx, 0.02, "the disc is centred on the object in frame " + f);
            assertTrue(cx > previous, "moving right: the disc moves right");
            previous = cx;
        }
    }

    @Test
    void thePlannerNeedsShapesAndAMotionButNotColoursOrBackground() {
        SceneSampler sampler = new SceneSampler(16);
        SceneSpec plan = sampler.planLayout("a circle and a star moving down", 12, new SplittableRandom(1));
        assertEquals(2, plan.items().size());
        assertEquals(Motion.DOWN, plan.motion());
        assertEquals(12, plan.fps());
        assertEquals(null, sampler.planLayout("a red circle on a black background", 8, new SplittableRandom(1)), "no motion word: nothing to plan");
        assertEquals(null, sampler.planLayout("something moving left", 8, new SplittableRandom(1)), "no shape: nothing to plan");
        assertEquals(null, sampler.planLayout(null, 8, new SplittableRandom(1)));
        // The planner draws as training draws: same prompt and rng, same placement as the strict parser.
        SceneSpec strict = sampler.fromCaption("a blue square moving up on a sky background", 8, new SplittableRandom(9));
        SceneSpec lenient = sampler.planLayout("a blue square moving up on a sky background", 8, new SplittableRandom(9));
        assertEquals(strict, lenient);
    }
}
