package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.family.bundled.Manifest;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;
import cinegen.engine.train.style.StyleFilter;
import cinegen.engine.train.style.StyleStatistics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Issue 7's bars for every style weight set of a pack: the same prompts and seeds generated at α = 0, 0.25, 0.5,
 * 0.75 and 1; the style's own statistic ({@link StyleStatistics}, read from the frames) must rise with α, and at
 * α = 1 the object must still move the way the prompt says in at least 70% of clips (Lumiere keeps the temporal
 * layers of the base, so motion should survive). Motion is read by the same frame analysis as the T2V rows, whose
 * per-row background model is fitted to the clip itself, so it works on styled backgrounds too.
 */
public final class StyleEvaluator {
    public static final double[] ALPHAS = {0, 0.25, 0.5, 0.75, 1};
    public static final double BAR_MOTION_AT_FULL_STYLE = 0.70;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Options(int cases, int frames, double fps, int steps, double guidance, SamplerKind sampler) {
        public static Options defaults(boolean quick) {
            return new Options(quick ? 2 : 8, 16, 8, 25, 5, SamplerKind.DPMPP_2M);
        }
    }

    /** One style: mean statistic per α (null when the style has no known look), and motion at α = 0 and α = 1. */
    public record StyleRow(String style, String look, double[] alphas, double[] statistic, Boolean monotone,
                           double motionAtZero, double motionAtFull, boolean motionPasses, double seconds) {
        public boolean passes() { return (monotone == null || monotone) && motionPasses; }
    }

    public record Report(String model, String modelHash, Options options, List<String> prompts, List<StyleRow> styles) {
        public boolean allPass() { return !styles.isEmpty() && styles.stream().allMatch(StyleRow::passes); }

        public String table() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-14s %-13s %-37s %-9s %-8s %-8s%n",
                    "style", "look", "statistic at α 0 / .25 / .5 / .75 / 1", "monotone", "motion0", "motion1"));
            for (StyleRow r : styles) {
                StringBuilder s = new StringBuilder();
                if (r.statistic() != null) for (double v : r.statistic()) s.append(String.format(Locale.ROOT, "%.3f ", v));
                b.append(String.format(Locale.ROOT, "%-14s %-13s %-37s %-9s %-8.2f %-8.2f %s%n", r.style(), r.look() == null ? "-" : r.look(),
                        r.statistic() == null ? "(no statistic for this style)" : s.toString().strip(),
                        r.monotone() == null ? "-" : r.monotone() ? "yes" : "NO", r.motionAtZero(), r.motionAtFull(), r.passes() ? "pass" : "FAIL"));
            }
            return b.toString();
        }

        public void write(Path file) throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A prompt with a translation on a plain background (motion is read against the background). */
    record Case(Hue hue, ShapeKind shape, Motion motion, Background background, long seed) {
        String prompt() {
            return "a " + hue.word() + " " + shape.word() + " moving " + motion.word() + " on a " + background.word() + " background";
        }
    }

    private final VideoModel model;
    private final VideoPipeline pipeline;
    private final Options options;
    private final PrintStream log;

    public StyleEvaluator(VideoModel model, Options options, PrintStream log) {
        this.model = model;
        this.pipeline = new VideoPipeline(model);
        this.options = options;
        this.log = log;
    }

    static List<Case> cases(int count) {
        Motion[] motions = {Motion.RIGHT, Motion.LEFT, Motion.UP, Motion.DOWN};
        Background[] backgrounds = {Background.BLACK, Background.WHITE, Background.GRAY, Background.SKY, Background.SUNSET};
        Hue[] hues = Hue.values();
        ShapeKind[] shapes = ShapeKind.values();
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Hue hue = hues[(i * 4 + 1) % hues.length];
            Background bg = backgrounds[i % backgrounds.length];
            for (int j = 1; !cinegen.engine.family.bundled.scene.SceneVocabulary.contrasts(hue, bg); j++) bg = backgrounds[(i + j) % backgrounds.length];
            out.add(new Case(hue, shapes[i % shapes.length], motions[i % motions.length], bg, 750_000 + i));
        }
        return out;
    }

    /** The look a style was trained on, when its name is one of the shipped looks. */
    static Optional<StyleFilter> look(String styleName) {
        try {
            return Optional.of(StyleFilter.parse(styleName));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Report run() throws ModelPackException {
        List<Case> cases = cases(options.cases());
        List<StyleRow> rows = new ArrayList<>();
        for (Manifest.StyleJson style : model.pack().styles()) rows.add(evaluate(style.name(), cases));
        model.styles().apply(StyleMix.NONE);
        return new Report(model.pack().name(), model.hash(), options, cases.stream().map(Case::prompt).toList(), rows);
    }

    private StyleRow evaluate(String style, List<Case> cases) throws ModelPackException {
        long t0 = System.nanoTime();
        Optional<StyleFilter> look = look(style);
        double[] statistic = new double[ALPHAS.length];
        int movedAtZero = 0, movedAtFull = 0;
        for (int a = 0; a < ALPHAS.length; a++) {
            for (Case c : cases) {
                GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).prompt(c.prompt()).frames(options.frames()).fps(options.fps())
                        .steps(options.steps()).guidance(options.guidance()).sampler(options.sampler()).seed(c.seed())
                        .style(new StyleMix(List.of(new StyleMix.Entry(style, ALPHAS[a])))).build();
                GeneratedVideo v = pipeline.generate(r, StepListener.NONE, CancelToken.none());
                if (look.isPresent()) statistic[a] += StyleStatistics.of(look.get(), v.frames()) / cases.size();
                boolean moved = FrameAnalysis.analyse(v.frames(), c.background()).motion() == c.motion();
                if (a == 0 && moved) movedAtZero++;
                if (a == ALPHAS.length - 1 && moved) movedAtFull++;
            }
            if (log != null) log.printf(Locale.ROOT, "style %-14s α %.2f  %s%n", style, ALPHAS[a],
                    look.isPresent() ? String.format(Locale.ROOT, "statistic %.4f", statistic[a]) : "");
        }
        Boolean monotone = null;
        if (look.isPresent()) {
            monotone = true;
            for (int a = 1; a < ALPHAS.length; a++) monotone &= statistic[a] > statistic[a - 1];
        }
        double full = movedAtFull / (double) cases.size();
        return new StyleRow(style, look.map(StyleFilter::id).orElse(null), ALPHAS.clone(), look.isPresent() ? statistic : null, monotone,
                movedAtZero / (double) cases.size(), full, full >= BAR_MOTION_AT_FULL_STYLE, (System.nanoTime() - t0) / 1e9);
    }
}
