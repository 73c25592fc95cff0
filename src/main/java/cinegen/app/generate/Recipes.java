package cinegen.app.generate;

import cinegen.app.Version;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.PromptSchedule;
import cinegen.engine.schedule.SamplerKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.project.GenerationRecipe;
import cinegen.project.PromptTravel;
import cinegen.project.Sampler;
import cinegen.project.StyleWeight;

import java.util.List;

/** Translates between the project's recipes and the engine's requests. */
public final class Recipes {
    private Recipes() {}

    public static SamplerKind sampler(Sampler s) {
        return switch (s) {
            case DDIM -> SamplerKind.DDIM;
            case EULER -> SamplerKind.EULER;
            case EULER_ANCESTRAL -> SamplerKind.EULER_ANCESTRAL;
            case DPM_SOLVER_PP_2M -> SamplerKind.DPMPP_2M;
            case DPM_SOLVER_PP_2M_KARRAS -> SamplerKind.DPMPP_2M_KARRAS;
            case LCM -> SamplerKind.LCM;
        };
    }

    /** The recipe's name for an engine sampler (a model's default, say); null for none. */
    public static Sampler sampler(SamplerKind k) {
        if (k == null) return null;
        for (Sampler s : Sampler.values()) if (sampler(s) == k) return s;
        throw new IllegalArgumentException("no recipe sampler for " + k.id());
    }

    public static StyleMix styles(cinegen.project.StyleBlend blend) {
        if (blend == null || blend.isEmpty()) return StyleMix.NONE;
        return new StyleMix(blend.styles().stream().map((StyleWeight w) -> new StyleMix.Entry(w.preset(), w.weight())).toList());
    }

    /** The engine's prompt schedule for a prompt as read ({@link PromptTravel}): its keyframes, shared text included. */
    public static PromptSchedule schedule(PromptTravel travel) {
        return new PromptSchedule(travel.keyframes().stream().map(k -> new PromptSchedule.Keyframe(k.frame(), k.prompt())).toList());
    }

    /**
     * The engine request for {@code recipe}. {@code source} is the input image (first frame used) or video, and
     * {@code masks} the painted masks (one for all frames or one per frame), as the recipe's mode needs them. The
     * prompt is read as typed: one prompt, or prompts at keyframes ({@link PromptTravel}).
     *
     * @throws IllegalArgumentException naming what is missing or out of range
     */
    public static GenerationRequest toRequest(GenerationRecipe recipe, FrameSequence source, List<Mask> masks) {
        GenerationMode mode = recipe.mode();
        PromptSchedule prompts = schedule(PromptTravel.parse(recipe.prompt(), recipe.frames()));
        GenerationRequest.Builder b = GenerationRequest.builder().mode(mode).prompts(prompts)
                .negativePrompt(recipe.negativePrompt()).seed(recipe.seed()).steps(recipe.steps())
                .guidance(Math.max(1, recipe.guidance())).sampler(sampler(recipe.sampler())).frames(recipe.frames())
                .fps(recipe.fps()).lowpass(recipe.lowPass()).style(styles(recipe.styles()))
                .size(recipe.width(), recipe.height());
        if (mode.needsImage()) {
            if (source == null || source.isEmpty()) throw new IllegalArgumentException(mode.title() + " needs an input image");
            b.image(source.frameCount() == 1 ? source : source.slice(0, 1));
        }
        if (mode.needsVideo()) b.video(source);
        if (mode.needsMask()) b.masks(masks);
        return b.build();
    }

    /** The recipe as it was made: the clip's real size and the model pack's name, hash and engine version. */
    public static GenerationRecipe complete(GenerationRecipe draft, GeneratedVideo video) {
        return draft.toBuilder().size(video.frames().width(), video.frames().height())
                .modelPack(video.modelName(), video.modelHash()).engineVersion(Version.get()).build();
    }
}
