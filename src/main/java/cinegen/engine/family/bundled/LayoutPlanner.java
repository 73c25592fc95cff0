package cinegen.engine.family.bundled;

import cinegen.engine.condition.ConditionPlan;
import cinegen.engine.family.bundled.net.DenoiserConfig;
import cinegen.engine.family.bundled.scene.SceneLayout;
import cinegen.engine.family.bundled.scene.SceneSampler;
import cinegen.engine.family.bundled.scene.SceneSpec;
import cinegen.engine.family.bundled.scene.SubjectFinder;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;

import java.util.List;
import java.util.SplittableRandom;

/** The bundled model's layout planner: where the objects of the prompt's scene grammar go, before sampling. */
public final class LayoutPlanner {
    private LayoutPlanner() {}

    /**
     * The layout planner (decisions 26, 28): where the objects go, as soft discs on the latent grid (T, h, w), drawn
     * from the seed as training draws scenes; zeros when the prompt says nothing to plan. Text-to-video places the
     * prompt's shapes anywhere; image-to-video starts at the objects of the image; cinemagraph and inpainting start
     * at the object inside the painted region (its middle when none is found) and stay inside it. The same request
     * gives the same plan.
     */
    public static float[] plannedLayout(GenerationRequest r, ConditionPlan plan, int length, int h, int w) {
        float[] none = new float[length * h * w];
        if (h != w) return none;
        SplittableRandom rng = new SplittableRandom(r.seed() ^ LAYOUT_SEED_SALT);
        SceneSampler sampler = new SceneSampler(length);
        if (r.mode() == GenerationMode.TEXT_TO_VIDEO) {
            SceneSpec spec = plannedScene(r, length);
            return spec == null ? none : SceneLayout.discs(spec, length, w);
        }
        SceneSampler.PromptWords words = SceneSampler.words(r.prompt());
        if (words.motion() == null || plan.frames() == 0) return none;
        int pw = plan.width(), ph = plan.height(), count = Math.max(1, Math.min(2, words.shapes().size()));
        int[] image = plan.conditionFrames().get(0);
        boolean[] region = null;
        double[] bounds = {0, 0, 1, ph / (double) pw};
        if (r.mode() != GenerationMode.IMAGE_TO_VIDEO) {
            // Cinemagraph keeps all of frame 1, so its region shows from frame 2 on; inpainting's from frame 1.
            float[] keep = plan.keep().get(r.mode() == GenerationMode.CINEMAGRAPH ? Math.min(1, plan.frames() - 1) : 0);
            region = new boolean[keep.length];
            int x0 = pw, y0 = ph, x1 = -1, y1 = -1;
            for (int i = 0; i < keep.length; i++) {
                if (keep[i] >= 0.5f) continue;
                region[i] = true;
                int x = i % pw, y = i / pw;
                x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
            }
            if (x1 < 0) return none;
            bounds = new double[] {x0 / (double) pw, y0 / (double) pw, (x1 + 1) / (double) pw, (y1 + 1) / (double) pw};
        }
        List<SubjectFinder.Subject> subjects = SubjectFinder.find(image, pw, ph, region, words.hues(), count);
        if (subjects.isEmpty() && region != null) {
            double bw = bounds[2] - bounds[0], bh = bounds[3] - bounds[1];
            double radius = Math.max(0.06, Math.min(0.15, Math.min(bw, bh) / 4));
            subjects = List.of(new SubjectFinder.Subject((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, radius, 0));
        }
        SceneSpec spec = sampler.planAround(words, r.fps(), rng, subjects, bounds);
        return spec == null ? none : SceneLayout.discs(spec, length, w);
    }

    /** The text-to-video plan: the prompt's objects placed and moved as training draws them, or null (nothing to plan). */
    private static SceneSpec plannedScene(GenerationRequest r, int length) {
        return new SceneSampler(length).planLayout(r.prompt(), r.fps(), new SplittableRandom(r.seed() ^ LAYOUT_SEED_SALT));
    }

    /**
     * The planned objects' silhouettes (decision 29), folded onto the latent grid (16, T, h, w): for text-to-video, the
     * outlines of the shapes of {@link #plannedLayout}'s plan, so the denoiser is told a star's points and a square's
     * corners, not only where the object is; zeros for the other modes (the input shows the object) and prompts
     * outside the grammar.
     */
    public static float[] plannedSilhouettes(GenerationRequest r, int length, int width, int height) {
        int cell = DenoiserConfig.SILHOUETTE_CELL;
        float[] none = new float[cell * cell * length * (width / cell) * (height / cell)];
        if (width != height || r.mode() != GenerationMode.TEXT_TO_VIDEO) return none;
        SceneSpec spec = plannedScene(r, length);
        return spec == null ? none : SceneLayout.silhouettes(spec, length, width, cell);
    }

    /** Keeps the layout's draws apart from the noise's, which use the seed itself. */
    private static final long LAYOUT_SEED_SALT = 0x6c61796f7574L;

}
