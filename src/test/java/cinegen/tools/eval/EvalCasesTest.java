package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.SceneSampler;
import cinegen.engine.family.bundled.scene.SceneVocabulary;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCasesTest {
    @Test
    void t2vCoversEveryWordAndEveryShapeMeetsEveryMotion() {
        List<EvalCases.Case> t2v = EvalCases.t2v(false);
        assertEquals(36, t2v.size());
        assertEquals(EnumSet.allOf(Hue.class), EnumSet.copyOf(t2v.stream().map(EvalCases.Case::hue).toList()));
        assertEquals(EnumSet.allOf(ShapeKind.class), EnumSet.copyOf(t2v.stream().map(EvalCases.Case::shape).toList()));
        assertEquals(EnumSet.allOf(Motion.class), EnumSet.copyOf(t2v.stream().map(EvalCases.Case::motion).toList()));
        assertEquals(EnumSet.allOf(Background.class), EnumSet.copyOf(t2v.stream().map(EvalCases.Case::background).toList()));
        for (ShapeKind s : ShapeKind.values()) {
            assertEquals(EnumSet.allOf(Motion.class), EnumSet.copyOf(t2v.stream().filter(c -> c.shape() == s).map(EvalCases.Case::motion).toList()), s.word());
        }
    }

    @Test
    void everyCaseIsAVisibleCaptionOfTheGrammarWithItsOwnSeed() {
        List<EvalCases.Case> all = Stream.of(EvalCases.t2v(false), EvalCases.i2v(false), EvalCases.cinemagraph(false), EvalCases.inpaint(false))
                .flatMap(List::stream).toList();
        assertEquals(36 + 12 + 6 + 6, all.size());
        Set<Long> seeds = new HashSet<>();
        SceneSampler sampler = new SceneSampler(16);
        for (EvalCases.Case c : all) {
            assertTrue(SceneVocabulary.contrasts(c.hue(), c.background()), c.prompt());
            assertTrue(seeds.add(c.seed()), "seed used twice: " + c.seed());
            var spec = sampler.fromCaption(c.prompt(), 8, new SplittableRandom(c.seed()));
            assertEquals(c.motion(), spec.motion());
            assertEquals(c.hue(), spec.items().get(0).hue());
        }
        assertEquals(EnumSet.allOf(Motion.class), EnumSet.copyOf(EvalCases.i2v(false).stream().map(EvalCases.Case::motion).toList()));
    }

    @Test
    void quickIsAPrefixOfTheFullLists() {
        assertEquals(EvalCases.t2v(false).subList(0, EvalCases.QUICK_T2V), EvalCases.t2v(true));
        assertEquals(EvalCases.i2v(false).subList(0, EvalCases.QUICK_I2V), EvalCases.i2v(true));
        assertEquals(EvalCases.inpaint(false).subList(0, EvalCases.QUICK_INPAINT), EvalCases.inpaint(true));
    }

    @Test
    void heldOutSetsKeepTheBalanceInOtherCombinationsWithTheirOwnSeeds() {
        List<EvalCases.Case> fixed = EvalCases.t2v(false), one = EvalCases.t2v(false, 1), two = EvalCases.t2v(false, 2);
        assertEquals(one, EvalCases.t2v(false, 1), "a held-out set is the same every time");
        assertEquals(36, one.size());
        assertEquals(EnumSet.allOf(Hue.class), EnumSet.copyOf(one.stream().map(EvalCases.Case::hue).toList()));
        assertEquals(EnumSet.allOf(ShapeKind.class), EnumSet.copyOf(one.stream().map(EvalCases.Case::shape).toList()));
        assertEquals(EnumSet.allOf(Motion.class), EnumSet.copyOf(one.stream().map(EvalCases.Case::motion).toList()));
        Set<String> fixedPrompts = new HashSet<>(fixed.stream().map(EvalCases.Case::prompt).toList());
        long repeated = one.stream().filter(c -> fixedPrompts.contains(c.prompt())).count();
        assertTrue(repeated < one.size() / 2, repeated + " of the held-out prompts repeat fixed ones");
        assertTrue(!one.equals(two), "sets differ from each other");

        Set<Long> seeds = new HashSet<>();
        for (int set = 0; set <= 2; set++) {
            for (List<EvalCases.Case> cases : List.of(EvalCases.t2v(false, set), EvalCases.i2v(false, set), EvalCases.cinemagraph(false, set), EvalCases.inpaint(false, set))) {
                for (EvalCases.Case c : cases) {
                    assertTrue(SceneVocabulary.contrasts(c.hue(), c.background()), c.prompt());
                    assertTrue(seeds.add(c.seed()), "seed used twice: " + c.seed());
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> EvalCases.t2v(false, -1));
    }
}
