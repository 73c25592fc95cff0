package cinegen.engine.family.bundled.net;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word-level tokenizer over a fixed vocabulary: lower-case, split on anything that is not a letter or digit,
 * unknown words map to UNK, and the sequence is padded with PAD (or cut) to a fixed length.
 */
public final class Tokenizer {
    public static final String PAD = "<pad>", UNK = "<unk>";
    private final List<String> vocabulary;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int maxTokens;

    /** @param vocabulary every word, PAD first and UNK second */
    public Tokenizer(List<String> vocabulary, int maxTokens) {
        if (vocabulary.size() < 2 || !vocabulary.get(0).equals(PAD) || !vocabulary.get(1).equals(UNK)) {
            throw new IllegalArgumentException("the vocabulary must start with " + PAD + " and " + UNK);
        }
        this.vocabulary = List.copyOf(vocabulary);
        for (int i = 0; i < vocabulary.size(); i++) ids.put(vocabulary.get(i), i);
        this.maxTokens = maxTokens;
    }

    public int size() { return vocabulary.size(); }
    public int maxTokens() { return maxTokens; }
    public List<String> vocabulary() { return vocabulary; }

    public int[] encode(String text) {
        int[] out = new int[maxTokens];
        if (text == null) return out;
        int n = 0;
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) continue;
            if (n == maxTokens) break;
            out[n++] = ids.getOrDefault(w, 1);
        }
        return out;
    }

    /** Words of the text that the vocabulary does not know (shown to the user as a hint). */
    public List<String> unknownWords(String text) {
        if (text == null) return List.of();
        return java.util.Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty() && !ids.containsKey(w)).distinct().toList();
    }
}
