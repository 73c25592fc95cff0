package cinegen.engine.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time left is estimated from the steps after the first, whose time includes loading and encoding. */
class StepProgressTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theEstimateLeavesOutTheSlowFirstStep() {
        // 8 s to the end of step 1 (loading, prompts, warm-up), then 2 s per step; 10 steps.
        StepProgress two = new StepProgress(2, 10, 10 * S, 1, 1, List.of(), 8 * S);
        assertTrue(two.hasEstimate());
        assertEquals(16 * S, two.etaNanos(), "8 steps left at the 2 s measured");
        StepProgress five = new StepProgress(5, 10, 16 * S, 1, 1, List.of(), 8 * S);
        assertEquals(10 * S, five.etaNanos());
        StepProgress one = new StepProgress(1, 10, 8 * S, 1, 1, List.of(), 8 * S);
        assertFalse(one.hasEstimate(), "one step is not enough to estimate from");
    }

    @Test
    void thePipelineReportsWhenTheFirstStepEnded() throws Exception {
        // Measured on a real (tiny) model run: every report after the first carries the first step's end.
        try (var model = cinegen.engine.family.bundled.VideoModel.load(cinegen.engine.family.bundled.ModelPack.open(
                cinegen.engine.testing.TinyPack.create(java.nio.file.Files.createTempDirectory("eta"), 1)), ai.djl.Device.cpu())) {
            List<StepProgress> steps = new java.util.ArrayList<>();
            new VideoPipeline(model).generate(GenerationRequest.builder().prompt("a red circle").frames(4).steps(3).build(),
                    steps::add, CancelToken.none());
            assertEquals(3, steps.size());
            long first = steps.get(0).elapsedNanos();
            for (StepProgress p : steps) assertEquals(first, p.firstStepEndNanos());
        }
    }
}
