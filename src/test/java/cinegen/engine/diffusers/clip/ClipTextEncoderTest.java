package cinegen.engine.diffusers.clip;

import cinegen.engine.diffusers.Fixtures;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parity with transformers' CLIPTextModel on every case of the text_encoder fixture. */
class ClipTextEncoderTest {
    private static final Fixtures FIXTURE = Fixtures.of("text_encoder");

    static Stream<Arguments> cases() {
        return FIXTURE.cases().stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTransformers(String name, JsonNode c) throws Exception {
        try (NDManager weights = NDManager.newBaseManager(); NDManager m = NDManager.newBaseManager()) {
            ClipTextEncoder encoder = ClipTextEncoder.load(FIXTURE.folder.resolve(c.get("model_folder").asText()), weights);
            JsonNode inputs = c.get("inputs");
            NDArray ids = FIXTURE.array(m, inputs.get("input_ids").asText());
            NDArray mask = inputs.has("attention_mask") ? FIXTURE.array(m, inputs.get("attention_mask").asText()) : null;
            ClipTextEncoder.Output out = encoder.forward(ids, mask, true);
            int layers = encoder.config().numHiddenLayers();
            assertEquals(layers + 1, out.hiddenStates().size());

            int compared = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = c.get("outputs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String output = e.getKey();
                NDArray actual;
                if (output.equals("last_hidden_state")) actual = out.lastHiddenState();
                else if (output.equals("pooler_output")) actual = out.pooled();
                else if (output.equals("clip_skip_1_prompt_embeds")) actual = encoder.encode(ids, mask, 1);
                else if (output.equals("hidden_states_penultimate")) actual = out.hiddenStates().get(layers - 1);
                else if (output.startsWith("hidden_states.")) {
                    actual = out.hiddenStates().get(Integer.parseInt(output.substring("hidden_states.".length())));
                } else throw new AssertionError("output " + output + " of " + name + " is not handled by this test");
                double err = Fixtures.maxAbsDiff(actual, FIXTURE.array(m, e.getValue().asText()));
                double tol = Fixtures.atol(c, output);
                System.out.printf("%s %s max|diff| = %.3g (atol %.1g)%n", name, output, err, tol);
                assertTrue(err <= tol, name + " " + output + ": max|diff| " + err + " > " + tol);
                compared++;
            }
            assertTrue(compared >= 2, "case " + name + " compared nothing");

            // clip skip 0 is the last hidden state; clip skip N is final_layer_norm of the recorded hidden_states[-(N+1)].
            NDArray skip0 = encoder.encode(ids, mask, 0);
            assertEquals(0f, Fixtures.maxAbsDiff(skip0, out.lastHiddenState()), 0f);
            JsonNode outputs = c.get("outputs");
            for (int skip = 1; skip <= layers; skip++) {
                JsonNode key = outputs.get("hidden_states." + (layers - skip));
                if (key == null) continue;
                NDArray expected = encoder.finalLayerNorm(FIXTURE.array(m, key.asText()));
                double err = Fixtures.maxAbsDiff(encoder.encode(ids, mask, skip), expected);
                assertTrue(err <= 2e-5, name + " clip skip " + skip + ": max|diff| " + err);
            }
        }
    }

    /**
     * Real SD1.5 configs say eos_token_id 2, which makes transformers pool at the argmax of the ids; with CLIP's EOS
     * being the largest id that is the same position, so the recorded pooler_output still applies. Also checks that a
     * forward pass leaves nothing behind in the weights' manager.
     */
    @Test
    void legacyEosIdPoolsAtTheArgmaxAndKeepsTheWeightsManagerClean() throws Exception {
        JsonNode c = FIXTURE.cases().get(0);
        try (NDManager weights = NDManager.newBaseManager(); NDManager m = NDManager.newBaseManager()) {
            Path folder = FIXTURE.folder.resolve(c.get("model_folder").asText());
            ClipTextConfig real = ClipTextConfig.load(folder.resolve("config.json"));
            ClipTextConfig legacy = new ClipTextConfig(real.vocabSize(), real.hiddenSize(), real.intermediateSize(),
                    real.numHiddenLayers(), real.numAttentionHeads(), real.maxPositionEmbeddings(), real.hiddenAct(),
                    real.layerNormEps(), real.bosTokenId(), 2, real.padTokenId());
            assertTrue(legacy.legacyEosPooling() && !real.legacyEosPooling());
            ClipTextEncoder encoder = new ClipTextEncoder(legacy,
                    cinegen.engine.diffusers.Params.load(folder.resolve("model.safetensors"), weights).at("text_model"));
            int before = weights.getManagedArrays().size();
            NDArray ids = FIXTURE.array(m, c.get("inputs").get("input_ids").asText());
            NDArray pooled = encoder.forward(ids, null, false).pooled();
            double err = Fixtures.maxAbsDiff(pooled, FIXTURE.array(m, c.get("outputs").get("pooler_output").asText()));
            assertTrue(err <= Fixtures.atol(c, "pooler_output"), "legacy pooling: max|diff| " + err);
            encoder.encode(ids, ids.onesLike(), 1);
            assertEquals(before, weights.getManagedArrays().size(), "arrays left in the weights' manager");
        }
    }

    /** The cases' input ids and masks are what the tokenizer fixture's tokenizers make of the named texts. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputsAreTheTokenizersOutput(String name, JsonNode c) throws Exception {
        Fixtures tokenizerFixture = Fixtures.of("tokenizer");
        String variant = c.get("tokenizer_variant").asText();
        JsonNode anyCase = tokenizerFixture.cases().stream()
                .filter(t -> t.get("name").asText().startsWith(variant + ".")).findFirst().orElseThrow();
        ClipTokenizer tokenizer = ClipTokenizer.load(tokenizerFixture.folder.resolve(anyCase.get("tokenizer_folder").asText()));
        int[] ids = FIXTURE.ints(c.get("inputs").get("input_ids").asText());
        JsonNode maskKey = c.get("inputs").get("attention_mask");
        int[] mask = maskKey == null ? null : FIXTURE.ints(maskKey.asText());
        JsonNode texts = c.get("texts");
        for (int row = 0; row < texts.size(); row++) {
            String caseName = variant + "." + texts.get(row).asText();
            String text = tokenizerFixture.cases().stream().filter(t -> t.get("name").asText().equals(caseName))
                    .findFirst().orElseThrow(() -> new AssertionError("no tokenizer case " + caseName)).get("text").asText();
            ClipTokenizer.Encoding e = tokenizer.encode(text);
            int n = tokenizer.maxLength();
            assertArrayEquals(java.util.Arrays.copyOfRange(ids, row * n, (row + 1) * n), e.ids(), caseName + " ids");
            if (mask != null) {
                assertArrayEquals(java.util.Arrays.copyOfRange(mask, row * n, (row + 1) * n), e.attentionMask(), caseName + " mask");
            }
        }
    }

    @Test
    void rejectsBadInputWithNamedProblems(@TempDir Path dir) throws Exception {
        Path src = FIXTURE.folder;
        Files.writeString(dir.resolve("config.json"), Files.readString(src.resolve("config.json")).replace("\"hidden_size\"", "\"hidden\""));
        ModelPackException noKey = assertThrows(ModelPackException.class, () -> ClipTextEncoder.load(dir, null));
        assertTrue(noKey.getMessage().contains("hidden_size"), noKey.getMessage());

        Files.writeString(dir.resolve("config.json"), Files.readString(src.resolve("config.json")).replace("\"intermediate_size\": 37", "\"intermediate_size\": 38"));
        Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        try (NDManager m = NDManager.newBaseManager()) {
            ModelPackException shape = assertThrows(ModelPackException.class, () -> ClipTextEncoder.load(dir, m));
            assertTrue(shape.getMessage().contains("mlp.fc1.weight"), shape.getMessage());

            ClipTextEncoder encoder = ClipTextEncoder.load(src, m);
            NDArray tooLong = m.zeros(new ai.djl.ndarray.types.Shape(1, encoder.config().maxPositionEmbeddings() + 1));
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(tooLong, null, 0));
            NDArray outOfVocab = m.full(new ai.djl.ndarray.types.Shape(1, 4), encoder.config().vocabSize());
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(outOfVocab, null, 0));
            NDArray ids = m.zeros(new ai.djl.ndarray.types.Shape(1, 4));
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(ids, null, encoder.config().numHiddenLayers() + 1));
        }
    }
}
