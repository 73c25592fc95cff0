package cinegen.engine.diffusers.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Python's string semantics that the reference tokenizer relies on ({@code str.isspace}, {@code split}, {@code lower}). */
final class PythonText {
    private PythonText() {}

    /**
     * Python's {@code str.isspace} (and {@code \s} of its {@code re} module): Unicode space separators plus the
     * characters of bidirectional class WS, B or S, which adds the ASCII controls 0x09-0x0D and 0x1C-0x1F and U+0085.
     */
    static boolean isSpace(int cp) {
        if (cp >= 0x09 && cp <= 0x0D) return true;
        if (cp >= 0x1C && cp <= 0x20) return true;
        if (cp == 0x85) return true;
        return Character.getType(cp) == Character.SPACE_SEPARATOR
                || Character.getType(cp) == Character.LINE_SEPARATOR
                || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR;
    }

    /** {@code text.split()}: the runs of non-space characters. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isSpace(cp)) {
                if (start >= 0) out.add(text.substring(start, i));
                start = -1;
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) out.add(text.substring(start));
        return out;
    }

    /** {@code text.lstrip()}. */
    static String stripLeading(String text) {
        int i = 0;
        while (i < text.length() && isSpace(text.codePointAt(i))) i += Character.charCount(text.codePointAt(i));
        return text.substring(i);
    }

    /** {@code text.rstrip()}. */
    static String stripTrailing(String text) {
        int end = text.length();
        while (end > 0 && isSpace(text.codePointBefore(end))) end -= Character.charCount(text.codePointBefore(end));
        return text.substring(0, end);
    }

    /** CLIP's {@code whitespace_clean}: {@code re.sub(r"\s+", " ", text).strip()}. */
    static String collapseWhitespace(String text) { return String.join(" ", split(text)); }

    /**
     * {@code str.lower()}: full Unicode lower-case mapping without locale rules (so U+0130 becomes "i" + U+0307
     * and a final capital sigma becomes U+03C2, as in Python).
     */
    static String lower(String text) { return text.toLowerCase(Locale.ROOT); }
}
