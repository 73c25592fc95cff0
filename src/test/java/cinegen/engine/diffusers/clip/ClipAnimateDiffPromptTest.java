package cinegen.engine.diffusers.clip;

import cinegen.engine.diffusers.Fixtures;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prompt half of the AnimateDiff pipeline fixture: its tokenizer/ and text_encoder/ folders turn the recorded
 * prompt and negative prompt into the recorded input ids and prompt embeddings (encode_prompt without clip skip).
 */
class ClipAnimateDiffPromptTest {
    private static final Fixtures FIXTURE = Fixtures.of("pipeline_animatediff");

    static Stream<Arguments> cases() {
        return FIXTURE.cases().stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void promptEmbedsMatchThePipeline(String name, JsonNode c) throws Exception {
        ClipTokenizer tokenizer = ClipTokenizer.load(FIXTURE.folder.resolve("tokenizer"));
        try (NDManager weights = NDManager.newBaseManager(); NDManager m = NDManager.newBaseManager()) {
            ClipTextEncoder encoder = ClipTextEncoder.load(FIXTURE.folder.resolve("text_encoder"), weights);
            int checked = 0;
            for (String which : new String[] {"prompt", "negative_prompt"}) {
                if (!c.hasNonNull(which)) continue;
                int[] ids = tokenizer.encode(c.get(which).asText()).ids();
                assertArrayEquals(FIXTURE.ints(c.get("inputs").get(which + "_input_ids").asText()), ids, which + " ids");

                NDArray idArray = m.create(ids, new Shape(1, ids.length));
                NDArray embeds = encoder.encode(idArray, null, 0);
                String output = which + "_embeds";
                double err = Fixtures.maxAbsDiff(embeds, FIXTURE.array(m, c.get("outputs").get(output).asText()));
                double tol = Fixtures.atol(c, output);
                System.out.printf("%s %s max|diff| = %.3g (atol %.1g)%n", name, output, err, tol);
                assertTrue(err <= tol, name + " " + output + ": max|diff| " + err + " > " + tol);
                checked++;
            }
            assertTrue(checked >= 1, name + ": no prompt checked");
        }
    }
}
