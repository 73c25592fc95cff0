package cinegen.engine.diffusers.clip;

import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.diffusers.clip.ClipTokenizer.Normalization;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parity with transformers' CLIPTokenizer on every case of the tokenizer fixture, without and with ftfy. */
class ClipTokenizerTest {
    private static final Fixtures FIXTURE = Fixtures.of("tokenizer");
    private static final Map<String, ClipTokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        return FIXTURE.cases().stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    private static ClipTokenizer tokenizer(String folder) {
        return TOKENIZERS.computeIfAbsent(folder, f -> {
            try {
                return ClipTokenizer.load(FIXTURE.folder.resolve(f));
            } catch (ModelPackException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTransformersWithoutFtfy(String name, JsonNode c) {
        String text = c.get("text").asText();
        ClipTokenizer tok = tokenizer(c.get("tokenizer_folder").asText());
        assertEquals(Normalization.BASIC, tok.normalization());
        ClipTokenizer.Encoding e = tok.encode(text);

        assertEquals(expectedContentTokens(c.get("tokens")), tok.tokens(text), "tokens");
        assertArrayEquals(FIXTURE.ints(c.get("outputs").get("input_ids").asText()), e.ids(), "input_ids");
        assertArrayEquals(Fixtures.intArray(c.get("input_ids")), e.ids(), "input_ids in cases.json");
        assertArrayEquals(FIXTURE.ints(c.get("outputs").get("attention_mask").asText()), e.attentionMask(), "attention_mask");
        assertEquals(c.get("unpadded_ids").size(), tok.countTokens(text), "countTokens");
        assertEquals(c.get("truncated").asBoolean(), tok.countTokens(text) > tok.maxLength(), "truncated");

        ClipTokenizer other = tokenizer(c.get("same_ids_expected_from").asText());
        ClipTokenizer.Encoding o = other.encode(text);
        assertArrayEquals(e.ids(), o.ids(), "ids from " + c.get("same_ids_expected_from").asText());
        assertArrayEquals(e.attentionMask(), o.attentionMask(), "mask from " + c.get("same_ids_expected_from").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTransformersWithFtfy(String name, JsonNode c) {
        String text = c.get("text").asText();
        ClipTokenizer tok = tokenizer(c.get("tokenizer_folder").asText()).withNormalization(Normalization.FTFY);
        ClipTokenizer.Encoding e = tok.encode(text);
        boolean differs = c.get("ftfy_changes_result").asBoolean();

        JsonNode tokens = differs ? c.get("tokens_with_ftfy") : c.get("tokens");
        assertEquals(expectedContentTokens(tokens), tok.tokens(text), "tokens with ftfy");
        assertArrayEquals(FIXTURE.ints(c.get("outputs").get("input_ids_with_ftfy").asText()), e.ids(), "input_ids_with_ftfy");
        JsonNode mask = differs ? c.get("attention_mask_with_ftfy") : c.get("attention_mask");
        assertArrayEquals(Fixtures.intArray(mask), e.attentionMask(), "attention_mask_with_ftfy");
        if (differs) assertArrayEquals(Fixtures.intArray(c.get("input_ids_with_ftfy")), e.ids(), "ids in cases.json");
    }

    /** cases.json lists the tokens with BOS and EOS; {@link ClipTokenizer#tokens} leaves them out. */
    private static List<String> expectedContentTokens(JsonNode tokens) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < tokens.size() - 1; i++) out.add(tokens.get(i).asText());
        return out;
    }

    @Test
    void configuredIdsAndLength() {
        JsonNode vocab = FIXTURE.json.get("vocab");
        ClipTokenizer eosPad = tokenizer("."), bangPad = tokenizer("pad_bang");
        assertEquals(77, eosPad.maxLength());
        assertEquals(vocab.get("bos_token_id").asInt(), eosPad.bosId());
        assertEquals(vocab.get("eos_token_id").asInt(), eosPad.eosId());
        assertEquals(vocab.get("pad_token_id").get(".").asInt(), eosPad.padId());
        assertEquals(vocab.get("pad_token_id").get("pad_bang").asInt(), bangPad.padId());
        assertEquals(vocab.get("pad_token_id").get("pad_bang").asInt(), tokenizer("pad_bang_legacy_format").padId());
    }

    @Test
    void barePairUsesClipDefaults() throws Exception {
        ClipTokenizer bare = ClipTokenizer.load(FIXTURE.folder.resolve("vocab.json"), FIXTURE.folder.resolve("merges.txt"));
        for (JsonNode c : FIXTURE.cases()) {
            if (!c.get("tokenizer_folder").asText().equals(".")) continue;
            assertArrayEquals(Fixtures.intArray(c.get("input_ids")), bare.encode(c.get("text").asText()).ids(),
                    c.get("name").asText());
        }
    }

    @Test
    void missingFilesAndUnknownSpecialTokensAreNamed(@TempDir Path dir) throws IOException {
        ModelPackException missing = assertThrows(ModelPackException.class, () -> ClipTokenizer.load(dir));
        assertTrue(missing.getMessage().contains("vocab.json"), missing.getMessage());

        Files.copy(FIXTURE.folder.resolve("vocab.json"), dir.resolve("vocab.json"));
        Files.copy(FIXTURE.folder.resolve("merges.txt"), dir.resolve("merges.txt"));
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": \"<pad>\"}");
        ModelPackException unknown = assertThrows(ModelPackException.class, () -> ClipTokenizer.load(dir));
        assertTrue(unknown.getMessage().contains("pad_token") && unknown.getMessage().contains("<pad>"), unknown.getMessage());

        Files.writeString(dir.resolve("special_tokens_map.json"), "{}");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": \"long\"}");
        ModelPackException length = assertThrows(ModelPackException.class, () -> ClipTokenizer.load(dir));
        assertTrue(length.getMessage().contains("model_max_length"), length.getMessage());
    }
}
