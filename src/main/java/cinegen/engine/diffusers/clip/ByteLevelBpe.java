package cinegen.engine.diffusers.clip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's byte-level BPE on one pre-tokenised word: the word's UTF-8 bytes as printable symbols (GPT-2's
 * {@code bytes_to_unicode}), the last symbol marked with {@code </w>}, then the lowest-ranked adjacent pair merged
 * until no pair of the merge list is left (transformers' {@code CLIPTokenizer.bpe}).
 */
final class ByteLevelBpe {
    static final String END_OF_WORD = "</w>";
    private static final int CACHE_LIMIT = 20_000;

    /** Symbol for each byte value 0..255. */
    private static final String[] BYTE_SYMBOLS = byteSymbols();

    private final Map<String, Integer> ranks;
    /** Words returned unsplit (CLIP's cache is seeded with its two special tokens). */
    private final List<String> verbatim;
    private final Map<String, String[]> cache = new ConcurrentHashMap<>();

    /**
     * @param merges the merge lines split on whitespace, in rank order (a line that is not a pair keeps its rank
     *     number but never matches)
     * @param verbatim words that are returned as a single piece (CLIP's {@code <|startoftext|>}, {@code <|endoftext|>})
     */
    ByteLevelBpe(List<String[]> merges, List<String> verbatim) {
        Map<String, Integer> r = new HashMap<>(merges.size() * 2);
        for (int i = 0; i < merges.size(); i++) {
            String[] m = merges.get(i);
            if (m.length == 2) r.put(pairKey(m[0], m[1]), i); // a repeated pair keeps its last rank, as in Python's dict
        }
        this.ranks = r;
        this.verbatim = List.copyOf(verbatim);
    }

    /** The word's UTF-8 bytes as byte-level symbols, e.g. "a b" to "aĠb". */
    static String toByteSymbols(String word) {
        StringBuilder sb = new StringBuilder();
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) sb.append(BYTE_SYMBOLS[b & 0xFF]);
        return sb.toString();
    }

    /** BPE pieces of one word given as byte-level symbols. */
    String[] encode(String symbols) {
        if (verbatim.contains(symbols)) return new String[] {symbols};
        String[] cached = cache.get(symbols);
        if (cached != null) return cached;
        String[] pieces = merge(symbols);
        if (cache.size() >= CACHE_LIMIT) cache.clear();
        cache.put(symbols, pieces);
        return pieces;
    }

    private String[] merge(String symbols) {
        int[] cps = symbols.codePoints().toArray();
        if (cps.length == 0) return new String[0];
        List<String> word = new ArrayList<>(cps.length);
        for (int i = 0; i < cps.length; i++) {
            String s = new String(Character.toChars(cps[i]));
            word.add(i == cps.length - 1 ? s + END_OF_WORD : s);
        }
        while (word.size() > 1) {
            int best = Integer.MAX_VALUE;
            String first = null, second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = ranks.get(pairKey(word.get(i), word.get(i + 1)));
                if (rank != null && rank < best) {
                    best = rank;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) break;
            // Merge every non-overlapping occurrence of the pair, left to right.
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); ) {
                if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i += 2;
                } else {
                    merged.add(word.get(i));
                    i++;
                }
            }
            word = merged;
        }
        return word.toArray(new String[0]);
    }

    private static String pairKey(String a, String b) { return a + ' ' + b; }

    private static boolean isPrintableByte(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    /** Printable bytes stand for themselves; the others map to U+0100 onwards in byte order. */
    private static String[] byteSymbols() {
        String[] out = new String[256];
        int next = 0;
        for (int b = 0; b < 256; b++) {
            out[b] = isPrintableByte(b) ? String.valueOf((char) b) : String.valueOf((char) (256 + next++));
        }
        return out;
    }
}
