package cinegen.engine.train;

import cinegen.engine.train.SceneVocabulary.Background;
import cinegen.engine.train.SceneVocabulary.Hue;
import cinegen.engine.train.SceneVocabulary.Motion;
import cinegen.engine.train.SceneVocabulary.ShapeKind;
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
}
