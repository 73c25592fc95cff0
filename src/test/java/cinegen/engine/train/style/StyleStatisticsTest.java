package cinegen.engine.train.style;

import cinegen.engine.family.bundled.scene.SceneRenderer;
import cinegen.engine.family.bundled.scene.SceneSampler;
import cinegen.frames.FrameSequence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statistic of each style must rise monotonically as a clip is blended from the plain render towards the
 * styled one (alpha 0, 0.25, 0.5, 0.75, 1), on many scenes: the measure works before it judges a model.
 */
class StyleStatisticsTest {
    static FrameSequence blend(FrameSequence a, FrameSequence b, double t) {
        List<int[]> out = new ArrayList<>();
        for (int f = 0; f < a.frameCount(); f++) {
            int[] x = a.frame(f), y = b.frame(f), o = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                int px = 0xff000000;
                for (int s = 0; s <= 16; s += 8) px |= (int) Math.round(((x[i] >> s) & 0xff) * (1 - t) + ((y[i] >> s) & 0xff) * t) << s;
                o[i] = px;
            }
            out.add(o);
        }
        return new FrameSequence(a.width(), a.height(), a.fps(), out);
    }

    @ParameterizedTest
    @EnumSource(StyleFilter.class)
    void statisticRisesWithTheStyleWeight(StyleFilter style) {
        SceneSampler sampler = new SceneSampler(4);
        SplittableRandom rng = new SplittableRandom(17);
        int monotone = 0, clips = 30;
        for (int c = 0; c < clips; c++) {
            FrameSequence plain = SceneRenderer.render(sampler.random(rng), 64, 4).frames();
            FrameSequence styled = style.apply(plain, c);
            double prev = -1;
            boolean ok = true;
            for (double a : new double[] {0, 0.25, 0.5, 0.75, 1}) {
                double s = StyleStatistics.of(style, blend(plain, styled, a));
                if (s <= prev) ok = false;
                prev = s;
            }
            if (ok) monotone++;
        }
        assertTrue(monotone >= clips * 0.9, style + ": monotone in " + monotone + " of " + clips + " clips");
    }
}
