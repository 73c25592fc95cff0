package cinegen.tools.eval;

import cinegen.tools.train.*;

import ai.djl.Device;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.testing.TinyPack;
import cinegen.engine.family.bundled.scene.SceneVocabulary;
import cinegen.engine.train.style.StyleFilter;
import cinegen.engine.train.style.StyleStatistics;
import cinegen.engine.train.style.StyleTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The style sweep of {@code eval --styles} on a tiny pack with two trained styles, one of a known look. */
class StyleEvaluatorTest {
    @Test
    void sweepsAlphaPerStyleAndItsZeroColumnIsTheBaseModel(@TempDir Path dir) throws Exception {
        ModelPack pack = ModelPack.open(TinyPack.create(dir.resolve("pack"), 9));
        var o = new StyleTrainer.Options(2, 2, 1e-3, 1, 4, 4);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        StyleTrainer.train(pack, "neon", "glow", StyleTrainer.scenes(StyleFilter.NEON, 32, 8), o, quiet);
        StyleTrainer.train(ModelPack.open(pack.dir()), "mine", "user images", StyleTrainer.scenes(StyleFilter.VINTAGE_FILM, 32, 8), o, quiet);
        var options = new StyleEvaluator.Options(1, 8, 8, 2, 3, SamplerKind.DDIM);
        try (VideoModel model = VideoModel.load(ModelPack.open(pack.dir()), Device.cpu())) {
            StyleEvaluator.Report report = new StyleEvaluator(model, options, quiet).run();
            assertEquals(2, report.styles().size());
            StyleEvaluator.StyleRow neon = report.styles().stream().filter(r -> r.style().equals("neon")).findFirst().orElseThrow();
            assertEquals("neon", neon.look());
            assertEquals(5, neon.statistic().length);
            assertNotNull(neon.monotone());
            StyleEvaluator.StyleRow mine = report.styles().stream().filter(r -> r.style().equals("mine")).findFirst().orElseThrow();
            assertNull(mine.statistic(), "a user style has no statistic");
            assertNull(mine.look());

            // α = 0 must be the base model exactly: the same statistic as a generation without any style.
            StyleEvaluator.Case c = StyleEvaluator.cases(1).get(0);
            var plain = new VideoPipeline(model).generate(GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).prompt(c.prompt()).frames(8).fps(8)
                    .steps(2).guidance(3).sampler(SamplerKind.DDIM).seed(c.seed()).build(), StepListener.NONE, CancelToken.none());
            assertEquals(StyleStatistics.of(StyleFilter.NEON, plain.frames()), neon.statistic()[0], 1e-9);

            Path out = dir.resolve("style-report.json");
            report.write(out);
            assertTrue(Files.readString(out).contains("\"monotone\""));
            assertTrue(report.table().contains("neon"));
        }
    }

    @Test
    void casesAreTranslationsOnPlainContrastingBackgrounds() {
        List<StyleEvaluator.Case> cases = StyleEvaluator.cases(12);
        assertEquals(12, cases.stream().map(StyleEvaluator.Case::seed).distinct().count());
        for (StyleEvaluator.Case c : cases) {
            assertTrue(c.motion().isTranslation(), c.prompt());
            assertTrue(c.background() != SceneVocabulary.Background.CHECKERBOARD && c.background() != SceneVocabulary.Background.GRASS, c.prompt());
            assertTrue(SceneVocabulary.contrasts(c.hue(), c.background()), c.prompt());
        }
        assertEquals(4, cases.stream().map(StyleEvaluator.Case::motion).distinct().count());
    }
}
