package cinegen.engine.train.eval;

import cinegen.engine.train.SceneRenderer;
import cinegen.engine.train.SceneSampler;
import cinegen.engine.train.SceneSpec;
import cinegen.engine.train.SceneVocabulary.Motion;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

class FrameAnalysisTest {
    @Test
    void measure() {
        SceneSampler sampler = new SceneSampler(16);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 0, hue = 0, shape = 0, motion = 0, cons = 0;
        while (n < 400) {
            SceneSpec s = sampler.random(rng);
            if (s.items().size() != 1) continue;
            s = sampler.fromCaption(s.caption(), 8, rng);
            var r = FrameAnalysis.analyse(SceneRenderer.render(s, 64, 16).frames(), s.background());
            var it = s.items().get(0);
            n++;
            boolean h = r.hue() == it.hue(), sh = r.shape() == it.shape(), m = r.motion() == s.motion();
            if (h) hue++; if (sh) shape++; if (m) motion++; if (r.consistentFor(s.motion())) cons++;
            if (!h || !sh || !m) { System.out.printf("%s r=%.3f -> %s %s %s tx=%.3f ty=%.3f g=%.2f cv=%.2f%n", s.caption(), it.radius(), r.hue(), r.shape(), r.motion(), r.travelX(), r.travelY(), r.growth(), r.areaVariation()); for (int f = 0; f < 16; f += 5) System.out.println("   " + r.frames().get(f).shape()); }
        }
        System.out.printf("hue %d shape %d motion %d consistent %d of %d%n", hue, shape, motion, cons, n);
    }
}
