package cinegen.engine.diffusers.clip;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The text clean-up transformers' CLIPTokenizer does when ftfy is not installed (the default for diffusers): BERT's
 * {@code BasicTokenizer(strip_accents=False, do_split_on_punc=False)}, whose words are joined with single spaces.
 * <ol>
 *   <li>NUL, U+FFFD and "other" characters (Cc, Cf, Cs, Co) except tab/newline/carriage return are dropped
 *       (so a zero-width space joins its neighbours); tab, newline, carriage return and space separators (Zs)
 *       become spaces;</li>
 *   <li>spaces are put around CJK ideographs (not kana or hangul), making each one a word;</li>
 *   <li>Unicode NFC;</li>
 *   <li>split on Python whitespace, each word lower-cased (accents kept), joined with single spaces.</li>
 * </ol>
 * One deliberate difference: unassigned code points (Cn) are kept, where Python drops them. Python 3.11's Unicode
 * tables (14.0) are newer than Java 17's (13.0), so emoji added in Unicode 14 would otherwise be dropped here and kept
 * by the reference; a code point unassigned in every version does not occur in real prompts.
 */
final class BasicNormalizer {
    private BasicNormalizer() {}

    static String normalize(String text) {
        StringBuilder cleaned = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isOther(cp)) return;
            if (isBertWhitespace(cp)) {
                cleaned.append(' ');
            } else if (isCjkIdeograph(cp)) {
                cleaned.append(' ').appendCodePoint(cp).append(' ');
            } else {
                cleaned.appendCodePoint(cp);
            }
        });
        String nfc = Normalizer.normalize(cleaned, Normalizer.Form.NFC);
        List<String> words = new ArrayList<>();
        for (String w : PythonText.split(nfc)) words.add(PythonText.lower(w));
        // Lower-casing never introduces whitespace, so BasicTokenizer's second whitespace split changes nothing.
        return String.join(" ", words);
    }

    private static boolean isBertWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** Category C*, except tab, newline and carriage return, and except unassigned code points (see class doc). */
    private static boolean isOther(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE;
    }

    /** The CJK Unified Ideographs blocks BERT treats as one word per character. */
    private static boolean isCjkIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
