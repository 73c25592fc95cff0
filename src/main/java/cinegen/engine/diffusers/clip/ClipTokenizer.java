package cinegen.engine.diffusers.clip;

import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer, computing what transformers' slow {@code CLIPTokenizer} computes for
 * {@code tokenizer(text, padding="max_length", max_length=model_max_length, truncation=True)}, the call of the
 * Stable Diffusion / AnimateDiff / ModelScope pipelines.
 *
 * <ol>
 *   <li>The text is split around the added tokens (the special tokens and the config's {@code added_tokens_decoder},
 *       exact and case-sensitive, leftmost-longest), honouring their lstrip/rstrip/single_word flags. With a pad token
 *       {@code !} (SD2 / ModelScope / Zeroscope tokenizers) a literal "!" therefore becomes the pad id, as in the
 *       reference.</li>
 *   <li>Every other piece is normalised ({@link Normalization}), split by CLIP's pattern (the two special-token
 *       strings, the contractions 's 't 're 've 'm 'll 'd, runs of letters, single digits, runs of other non-space
 *       characters) and each word byte-level-BPE encoded; a piece not in the vocabulary becomes the unknown token.</li>
 *   <li>BOS + the first {@code maxLength() - 2} ids + EOS, padded with the pad id to {@code maxLength()}; the
 *       attention mask is 1 on BOS, the ids and EOS, 0 on padding.</li>
 * </ol>
 * Instances are immutable and thread-safe.
 */
public final class ClipTokenizer {
    /** CLIP's context length, used when a config does not name {@code model_max_length}. */
    public static final int DEFAULT_MAX_LENGTH = 77;
    /** transformers' CLIPTokenizer reads at most this many merges (CLIP's 49408 vocabulary). */
    private static final int MAX_MERGES = 49152 - 256 - 2;
    private static final String BOS = "<|startoftext|>";
    private static final String EOS = "<|endoftext|>";
    private static final Pattern WORDS = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How text is cleaned before BPE; transformers picks one depending on whether ftfy is importable. */
    public enum Normalization {
        /**
         * Without ftfy (the default install of diffusers): BERT's BasicTokenizer clean-up. Control and format
         * characters (e.g. a zero-width space) removed, whitespace collapsed, spaces around CJK ideographs, NFC,
         * lower-cased, accents kept. Exact, except that code points unassigned in the JDK's Unicode tables are kept.
         */
        BASIC,
        /**
         * With ftfy 6.x: {@code ftfy.fix_text}, whitespace collapsed, lower-cased. Exact for HTML entities (named and
         * numeric, not after a line containing "&lt;"), curly quotes, fullwidth forms, Latin ligatures, C1 controls,
         * line breaks, terminal escapes, control characters, NFC. Mojibake is fixed only when the whole text re-encodes
         * to Latin-1/Windows-1252 bytes that are valid UTF-8 ("cafÃ©" to "café"); ftfy's badness heuristic, other code
         * pages and mojibake inside otherwise non-Latin text are not covered.
         */
        FTFY
    }

    /** Token ids and attention mask of one text, both {@link #maxLength()} long. */
    public record Encoding(int[] ids, int[] attentionMask) {
        /** Positions that hold real tokens (BOS, text, EOS) rather than padding. */
        public int length() { return (int) Arrays.stream(attentionMask).filter(m -> m != 0).count(); }
    }

    /** A token split off before normalisation, with transformers' AddedToken flags. */
    private record AddedToken(String content, int id, boolean lstrip, boolean rstrip, boolean singleWord) {}

    private final Map<String, Integer> vocab;
    private final ByteLevelBpe bpe;
    private final List<AddedToken> added;
    private final int bosId, eosId, padId, unkId, maxLength;
    private final Normalization normalization;

    private ClipTokenizer(Map<String, Integer> vocab, ByteLevelBpe bpe, List<AddedToken> added, int bosId, int eosId,
                          int padId, int unkId, int maxLength, Normalization normalization) {
        this.vocab = vocab;
        this.bpe = bpe;
        this.added = added;
        this.bosId = bosId;
        this.eosId = eosId;
        this.padId = padId;
        this.unkId = unkId;
        this.maxLength = maxLength;
        this.normalization = normalization;
    }

    /**
     * A tokenizer folder as {@code save_pretrained} writes it: vocab.json and merges.txt, and when present
     * tokenizer_config.json (model_max_length, special tokens, added_tokens_decoder; the newer and the older
     * "__type": "AddedToken" styles) and special_tokens_map.json (which overrides the config's special tokens, as in
     * transformers). {@link Normalization#BASIC}.
     */
    public static ClipTokenizer load(Path folder) throws ModelPackException {
        Path config = folder.resolve("tokenizer_config.json"), map = folder.resolve("special_tokens_map.json");
        return load(folder.resolve("vocab.json"), folder.resolve("merges.txt"),
                Files.isRegularFile(config) ? readJson(config) : null, Files.isRegularFile(map) ? readJson(map) : null);
    }

    /**
     * A bare vocab.json + merges.txt with CLIPTokenizer's defaults: BOS {@code <|startoftext|>}, EOS, unknown and pad
     * {@code <|endoftext|>}, maximum length {@value #DEFAULT_MAX_LENGTH}.
     */
    public static ClipTokenizer load(Path vocabJson, Path mergesTxt) throws ModelPackException {
        return load(vocabJson, mergesTxt, null, null);
    }

    /** The same tokenizer with another text normalisation. */
    public ClipTokenizer withNormalization(Normalization n) {
        return new ClipTokenizer(vocab, bpe, added, bosId, eosId, padId, unkId, maxLength, n);
    }

    public Normalization normalization() { return normalization; }

    /** {@code model_max_length}: the length of every {@link Encoding} (77 for CLIP). */
    public int maxLength() { return maxLength; }

    public int bosId() { return bosId; }

    public int eosId() { return eosId; }

    public int padId() { return padId; }

    /** Padded and truncated ids and attention mask, as the pipelines tokenize a prompt. */
    public Encoding encode(String text) {
        int[] content = contentIds(text);
        int keep = Math.min(content.length, Math.max(0, maxLength - 2));
        int[] ids = new int[maxLength], mask = new int[maxLength];
        Arrays.fill(ids, padId);
        int n = 0;
        ids[n] = bosId;
        mask[n++] = 1;
        for (int i = 0; i < keep; i++) {
            ids[n] = content[i];
            mask[n++] = 1;
        }
        ids[n] = eosId;
        mask[n] = 1;
        return new Encoding(ids, mask);
    }

    /**
     * Tokens the text uses including BOS and EOS, before truncation: the prompt fits when this is at most
     * {@link #maxLength()}; the tokens beyond it are dropped by {@link #encode}.
     */
    public int countTokens(String text) { return contentIds(text).length + 2; }

    /** The ids of the text without BOS/EOS, untruncated. */
    public int[] contentIds(String text) {
        List<String> tokens = tokens(text);
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = idOf(tokens.get(i));
        return ids;
    }

    /** The token strings of the text without BOS/EOS (byte-level symbols, "</w>" ending a word), untruncated. */
    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (Piece piece : splitOnAddedTokens(text)) {
            if (piece.added != null) {
                out.add(piece.added.content());
                continue;
            }
            String normalized = normalization == Normalization.FTFY ? FtfyFixer.normalize(piece.text)
                    : BasicNormalizer.normalize(piece.text);
            Matcher m = WORDS.matcher(normalized);
            while (m.find()) out.addAll(Arrays.asList(bpe.encode(ByteLevelBpe.toByteSymbols(m.group()))));
        }
        return out;
    }

    private int idOf(String token) {
        for (AddedToken a : added) if (a.content().equals(token)) return a.id();
        return vocab.getOrDefault(token, unkId);
    }

    /** A piece of the text: either an added token or plain text. */
    private record Piece(String text, AddedToken added) {}

    private List<Piece> splitOnAddedTokens(String text) {
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); ) {
            AddedToken match = null;
            for (AddedToken a : added) {
                if (text.startsWith(a.content(), i) && (match == null || a.content().length() > match.content().length())) {
                    match = a;
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            pieces.add(new Piece(text.substring(start, i), null));
            pieces.add(new Piece(match.content(), match));
            i += match.content().length();
            start = i;
        }
        pieces.add(new Piece(text.substring(start), null));
        // AddedToken flags act on the neighbouring text, as in PreTrainedTokenizer.tokenize.
        for (int i = 0; i < pieces.size(); i++) {
            AddedToken a = pieces.get(i).added;
            if (a == null) continue;
            String left = i > 0 ? pieces.get(i - 1).text : null, right = i + 1 < pieces.size() ? pieces.get(i + 1).text : null;
            if (a.rstrip() && right != null && !right.isEmpty()) pieces.set(i + 1, new Piece(PythonText.stripLeading(right), null));
            if (a.lstrip() && left != null && !left.isEmpty()) pieces.set(i - 1, new Piece(PythonText.stripTrailing(left), null));
            left = i > 0 ? pieces.get(i - 1).text : null;
            right = i + 1 < pieces.size() ? pieces.get(i + 1).text : null;
            if (a.singleWord() && left != null && !left.isEmpty() && !left.endsWith(" ")) {
                pieces.set(i - 1, new Piece(left + a.content(), null));
                pieces.set(i, new Piece("", null));
            } else if (a.singleWord() && right != null && !right.isEmpty() && !right.startsWith(" ")) {
                pieces.set(i, new Piece(a.content() + right, null));
                pieces.set(i + 1, new Piece("", null));
            }
        }
        pieces.removeIf(p -> p.text.isEmpty());
        return pieces;
    }

    private static ClipTokenizer load(Path vocabJson, Path mergesTxt, JsonNode config, JsonNode specialMap)
            throws ModelPackException {
        Map<String, Integer> vocab = readVocab(vocabJson);
        List<String[]> merges = readMerges(mergesTxt);

        // Special tokens: tokenizer_config.json, overridden by special_tokens_map.json, else CLIPTokenizer's defaults.
        Map<String, JsonNode> special = new LinkedHashMap<>();
        for (String key : List.of("bos_token", "eos_token", "unk_token", "pad_token")) {
            JsonNode v = specialMap != null && specialMap.hasNonNull(key) ? specialMap.get(key)
                    : config != null && config.hasNonNull(key) ? config.get(key) : null;
            special.put(key, v != null ? v : JSON.getNodeFactory().textNode(key.equals("bos_token") ? BOS : EOS));
        }
        String source = config != null || specialMap != null ? "tokenizer_config.json/special_tokens_map.json" : "defaults";

        List<AddedToken> added = new ArrayList<>();
        if (config != null && config.has("added_tokens_decoder")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = config.get("added_tokens_decoder").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int id;
                try {
                    id = Integer.parseInt(e.getKey());
                } catch (NumberFormatException bad) {
                    throw new ModelPackException("tokenizer_config.json: added_tokens_decoder key '" + e.getKey() + "' is not an id");
                }
                added.add(addedToken(e.getValue(), id, "tokenizer_config.json added_tokens_decoder." + e.getKey()));
            }
        }
        JsonNode additional = specialMap != null && specialMap.has("additional_special_tokens")
                ? specialMap.get("additional_special_tokens")
                : config != null ? config.get("additional_special_tokens") : null;
        Map<String, JsonNode> all = new LinkedHashMap<>(special);
        if (additional != null && additional.isArray()) {
            for (int i = 0; i < additional.size(); i++) all.put("additional_special_tokens[" + i + "]", additional.get(i));
        }
        for (Map.Entry<String, JsonNode> e : all.entrySet()) {
            String content = content(e.getValue(), source + " " + e.getKey());
            if (added.stream().anyMatch(a -> a.content().equals(content))) continue;
            Integer id = vocab.get(content);
            if (id == null) {
                throw new ModelPackException(vocabJson.getFileName() + ": special token " + e.getKey() + " '" + content
                        + "' is not in the vocabulary");
            }
            added.add(addedToken(e.getValue(), id, source + " " + e.getKey()));
        }

        int maxLength = DEFAULT_MAX_LENGTH;
        if (config != null && config.hasNonNull("model_max_length")) {
            JsonNode m = config.get("model_max_length");
            if (!m.canConvertToInt() || m.asInt() < 2) {
                throw new ModelPackException("tokenizer_config.json: model_max_length " + m + " is not a usable length");
            }
            maxLength = m.asInt();
        }
        Map<String, Integer> ids = new HashMap<>();
        for (String key : special.keySet()) {
            String content = content(special.get(key), source + " " + key);
            ids.put(key, added.stream().filter(a -> a.content().equals(content)).findFirst().orElseThrow().id());
        }
        ByteLevelBpe bpe = new ByteLevelBpe(merges, List.of(BOS, EOS));
        return new ClipTokenizer(Map.copyOf(vocab), bpe, List.copyOf(added), ids.get("bos_token"), ids.get("eos_token"),
                ids.get("pad_token"), ids.get("unk_token"), maxLength, Normalization.BASIC);
    }

    private static AddedToken addedToken(JsonNode v, int id, String where) throws ModelPackException {
        String content = content(v, where);
        if (content.isEmpty()) throw new ModelPackException(where + ": empty token");
        return new AddedToken(content, id, flag(v, "lstrip"), flag(v, "rstrip"), flag(v, "single_word"));
    }

    private static boolean flag(JsonNode v, String name) { return v.isObject() && v.path(name).asBoolean(false); }

    private static String content(JsonNode v, String where) throws ModelPackException {
        if (v.isTextual()) return v.asText();
        if (v.isObject() && v.path("content").isTextual()) return v.get("content").asText();
        throw new ModelPackException(where + ": expected a token string or an object with \"content\", got " + v);
    }

    private static Map<String, Integer> readVocab(Path file) throws ModelPackException {
        JsonNode root = readJson(file);
        if (!root.isObject()) throw new ModelPackException(file.getFileName() + ": expected a JSON object of token -> id");
        Map<String, Integer> vocab = new HashMap<>(root.size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt()) {
                throw new ModelPackException(file.getFileName() + ": id of '" + e.getKey() + "' is not an integer");
            }
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        return vocab;
    }

    /** merges.txt as CLIPTokenizer reads it: trimmed, the first line (the "#version" header) skipped. */
    private static List<String[]> readMerges(Path file) throws ModelPackException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelPackException(file.getFileName() + ": cannot be read (" + e.getMessage() + ")");
        }
        String[] lines = text.strip().split("\n", -1);
        List<String[]> merges = new ArrayList<>();
        for (int i = 1; i < lines.length && merges.size() < MAX_MERGES; i++) {
            String line = lines[i].strip();
            merges.add(line.isEmpty() ? new String[0] : line.split("\\s+"));
        }
        if (merges.isEmpty()) throw new ModelPackException(file.getFileName() + ": no merges after the header line");
        return merges;
    }

    private static JsonNode readJson(Path file) throws ModelPackException {
        if (!Files.isRegularFile(file)) throw new ModelPackException(file.getFileName() + ": file is missing");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelPackException(file.getFileName() + ": not valid JSON (" + e.getMessage() + ")");
        }
    }
}
