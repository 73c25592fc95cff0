package cinegen.engine.train.eval;

import cinegen.engine.train.SceneVocabulary;
import cinegen.engine.train.SceneVocabulary.Background;
import cinegen.engine.train.SceneVocabulary.Hue;
import cinegen.engine.train.SceneVocabulary.Motion;
import cinegen.engine.train.SceneVocabulary.ShapeKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed held-out cases: single-object prompts of the grammar, each with its own fixed seed (the seed drives
 * both the sampling noise and, for conditioned modes, the placement of the rendered scene). The seeds lie far
 * from the training run's, so no case repeats a training clip. Colours, shapes and motions cycle with coprime
 * periods so every word appears; backgrounds cycle too, skipping any the colour would vanish into.
 */
public final class EvalCases {
    public static final int T2V = 36, I2V = 12, CINEMAGRAPH = 6, INPAINT = 6;
    public static final int QUICK_T2V = 4, QUICK_I2V = 2, QUICK_CINEMAGRAPH = 1, QUICK_INPAINT = 1;

    private EvalCases() {}

    /** One prompt of the grammar and its seed. */
    public record Case(Hue hue, ShapeKind shape, Motion motion, Background background, long seed) {
        public String prompt() {
            return "a " + hue.word() + " " + shape.word() + " moving " + motion.word() + " on a " + background.word() + " background";
        }
    }

    public static List<Case> t2v(boolean quick) { return cases(quick ? QUICK_T2V : T2V, 0, 710_000, Motion.values()); }

    public static List<Case> i2v(boolean quick) { return cases(quick ? QUICK_I2V : I2V, 5, 720_000, Motion.values()); }

    /** Cinemagraph and inpainting animate an object inside a painted region: motions that stay near it. */
    public static List<Case> cinemagraph(boolean quick) {
        return cases(quick ? QUICK_CINEMAGRAPH : CINEMAGRAPH, 2, 730_000, new Motion[] {Motion.BOUNCING, Motion.RIGHT, Motion.GROWING, Motion.UP, Motion.SHRINKING, Motion.LEFT});
    }

    public static List<Case> inpaint(boolean quick) {
        return cases(quick ? QUICK_INPAINT : INPAINT, 3, 740_000, new Motion[] {Motion.LEFT, Motion.BOUNCING, Motion.DOWN, Motion.GROWING, Motion.RIGHT, Motion.STILL});
    }

    private static List<Case> cases(int count, int offset, long seedBase, Motion[] motions) {
        Hue[] hues = Hue.values();
        ShapeKind[] shapes = ShapeKind.values();
        Background[] bgs = Background.values();
        List<Case> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int k = i + offset;
            Hue hue = hues[k % hues.length];
            ShapeKind shape = shapes[k % shapes.length];
            // Motion advances one extra step every shape cycle, so each shape meets every motion.
            Motion motion = motions[(i + i / shapes.length) % motions.length];
            Background bg = bgs[(k * 3) % bgs.length];
            for (int j = 1; !SceneVocabulary.contrasts(hue, bg); j++) bg = bgs[(k * 3 + j) % bgs.length];
            out.add(new Case(hue, shape, motion, bg, seedBase + i));
        }
        return out;
    }
}
