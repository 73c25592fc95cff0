package cinegen.engine.diffusers.clip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text clean-up transformers' CLIPTokenizer does when the {@code ftfy} package is installed:
 * {@code whitespace_clean(ftfy.fix_text(text)).lower()}, with ftfy 6.x's default configuration.
 *
 * <p>Covered exactly, in ftfy's order and repeated until the text no longer changes, per line (the same
 * segmentation as {@code fix_text}):
 * <ul>
 *   <li>HTML entities: every HTML5 named entity ending in ";" (and ftfy's upper-cased variants such as
 *       {@code &NTILDE;}) and numeric references with Python's {@code html.unescape} rules; skipped, as ftfy's
 *       {@code unescape_html="auto"} does, from the first line that contains a "&lt;" on;</li>
 *   <li>C1 control characters read as Windows-1252 ({@code fix_c1_controls}), Latin ligatures (ﬁ, ĳ, ...),
 *       fullwidth/halfwidth forms and U+3000 ({@code fix_character_width}), curly quotes to straight ones,
 *       line breaks (CR LF, CR, U+2028/2029/0085) to LF, lone surrogates to U+FFFD, ANSI terminal escapes removed,
 *       ftfy's control characters removed (C0 except tab/LF/FF/CR, DEL, U+206A-206F, BOM, U+FFF9-FFFC);</li>
 *   <li>Unicode NFC; then whitespace runs to one space, trimmed, lower-cased.</li>
 * </ul>
 * <p>Mojibake ({@code fix_encoding}) is covered only in its main form: text whose characters all fit Latin-1 or
 * Windows-1252 (ftfy's "sloppy" variant) and whose bytes in that encoding are valid UTF-8 is decoded as UTF-8
 * ("cafÃ©" to "café", "itâ€™s" to "it’s"), repeatedly. Not covered: ftfy's badness heuristic that decides whether
 * such text is really mojibake (here any text that decodes is taken), the other single-byte code pages (Windows-1250/
 * 1251/1253/1254/1257, ISO-8859-2, MacRoman, CP437), restoring bytes 0xA0 that became spaces, lossy sequences,
 * the "utf-8-variants" decoding (CESU-8, overlong NUL), and mojibake embedded in otherwise non-Latin text.
 */
final class FtfyFixer {
    private static final int MAX_SEGMENT = 1_000_000;
    private static final Pattern HTML_ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");
    private static final Pattern NUMERIC_REFERENCE = Pattern.compile("&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));");
    private static final Pattern TERMINAL_ESCAPE = Pattern.compile("\u001b\\[(?:\\p{Nd}|;)*[a-zA-Z]");
    private static final Map<String, String> ENTITIES = loadEntities();
    /** Bytes 0x80-0x9F of sloppy Windows-1252: the code page's characters, its five holes kept as C1 controls. */
    private static final char[] WINDOWS_1252_HIGH = windows1252High();
    private static final Map<Character, Byte> WINDOWS_1252_ENCODE = windows1252Encode();

    private FtfyFixer() {}

    /** The full normalisation: {@code whitespace_clean(fix_text(text)).lower()}. */
    static String normalize(String text) {
        return PythonText.lower(PythonText.collapseWhitespace(fixText(text)));
    }

    /** {@code ftfy.fix_text} (see the class doc for what is covered). */
    static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescapeHtml = true;
        for (int pos = 0; pos < text.length(); ) {
            int end = text.indexOf('\n', pos) + 1;
            if (end == 0) end = text.length();
            if (end - pos > MAX_SEGMENT) end = pos + MAX_SEGMENT;
            String segment = text.substring(pos, end);
            if (unescapeHtml && segment.indexOf('<') >= 0) unescapeHtml = false;
            out.append(fixSegment(segment, unescapeHtml));
            pos = end;
        }
        return out.toString();
    }

    private static String fixSegment(String text, boolean unescapeHtml) {
        while (true) {
            String before = text;
            if (unescapeHtml) text = unescapeHtml(text);
            text = fixEncoding(text);
            text = fixC1Controls(text);
            text = fixLatinLigatures(text);
            text = fixCharacterWidth(text);
            text = uncurlQuotes(text);
            text = fixLineBreaks(text);
            text = fixSurrogates(text);
            text = TERMINAL_ESCAPE.matcher(text).replaceAll("");
            text = removeControlChars(text);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(before)) return text;
        }
    }

    static String unescapeHtml(String text) {
        if (text.indexOf('&') < 0) return text;
        Matcher m = HTML_ENTITY.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String entity = m.group();
            String named = entity.charAt(1) == '#' ? null : ENTITIES.get(entity.substring(1, entity.length() - 1));
            String replacement = named != null ? named : entity.charAt(1) == '#' ? numericReference(entity) : entity;
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * A "&amp;#...;" reference as ftfy decodes it with Python's {@code html.unescape}: kept as is unless the whole
     * reference is decimal or hex digits, and kept as is when it decodes to ";".
     */
    private static String numericReference(String entity) {
        Matcher m = NUMERIC_REFERENCE.matcher(entity);
        if (!m.matches()) return entity;
        BigInteger value = m.group(1) != null ? new BigInteger(m.group(1)) : new BigInteger(m.group(2), 16);
        String decoded = value.bitLength() > 24 ? "\uFFFD" : charReference(value.intValue());
        return decoded.contains(";") ? entity : decoded;
    }

    /** Python's {@code html._replace_charref} for a number. */
    private static String charReference(int cp) {
        if (cp == 0) return "\uFFFD";
        if (cp == 0x0D) return "\r";
        if (cp >= 0x80 && cp <= 0x9F) return String.valueOf(WINDOWS_1252_HIGH[cp - 0x80]);
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return "\uFFFD";
        boolean invalid = (cp >= 0x01 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
        return invalid ? "" : new String(Character.toChars(cp));
    }

    /** Text that fits a single-byte encoding and whose bytes are valid UTF-8 is decoded as UTF-8, repeatedly. */
    static String fixEncoding(String text) {
        while (true) {
            String fixed = decodeMisreadUtf8(text);
            if (fixed == null || fixed.equals(text)) return text;
            text = fixed;
        }
    }

    private static String decodeMisreadUtf8(String text) {
        if (text.chars().allMatch(c -> c < 0x80)) return null;
        byte[] bytes = encodeLatin1(text);
        if (bytes == null) bytes = encodeSloppyWindows1252(text);
        if (bytes == null) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    private static byte[] encodeLatin1(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) return null;
            out[i] = (byte) c;
        }
        return out;
    }

    private static byte[] encodeSloppyWindows1252(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
                out[i] = (byte) c;
            } else {
                Byte b = WINDOWS_1252_ENCODE.get(c);
                if (b == null) return null;
                out[i] = b;
            }
        }
        return out;
    }

    static String fixC1Controls(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 && c <= 0x9F) {
                if (sb == null) sb = new StringBuilder(text.substring(0, i));
                sb.append(WINDOWS_1252_HIGH[c - 0x80]);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    private static String fixLatinLigatures(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> sb.append(switch (cp) {
            case 0x0132 -> "IJ";
            case 0x0133 -> "ij";
            case 0x0149 -> "\u02BCn";
            case 0x01F1 -> "DZ";
            case 0x01F2 -> "Dz";
            case 0x01F3 -> "dz";
            case 0x01C4 -> "D\u017D";
            case 0x01C5 -> "D\u017E";
            case 0x01C6 -> "d\u017E";
            case 0x01C7 -> "LJ";
            case 0x01C8 -> "Lj";
            case 0x01C9 -> "lj";
            case 0x01CA -> "NJ";
            case 0x01CB -> "Nj";
            case 0x01CC -> "nj";
            case 0xFB00 -> "ff";
            case 0xFB01 -> "fi";
            case 0xFB02 -> "fl";
            case 0xFB03 -> "ffi";
            case 0xFB04 -> "ffl";
            case 0xFB05 -> "\u017Ft";
            case 0xFB06 -> "st";
            default -> new String(Character.toChars(cp));
        }));
        return sb.toString();
    }

    /** Fullwidth and halfwidth forms (U+FF01-FFEF) to their NFKC equivalents, U+3000 to a space. */
    private static String fixCharacterWidth(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0x3000) sb.append(' ');
            else if (c >= 0xFF01 && c <= 0xFFEF) sb.append(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC));
            else sb.append(c);
        }
        return sb.toString();
    }

    private static String uncurlQuotes(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) sb.append('\'');
            else if (c >= 0x201C && c <= 0x201F) sb.append('"');
            else sb.append(c);
        }
        return sb.toString();
    }

    private static String fixLineBreaks(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n')
                .replace('\u0085', '\n');
    }

    private static String fixSurrogates(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            sb.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String removeControlChars(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
                    || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
            if (!control) sb.append(c);
        }
        return sb.toString();
    }

    private static char[] windows1252High() {
        Charset cp1252 = Charset.forName("windows-1252");
        char[] out = new char[32];
        for (int b = 0x80; b <= 0x9F; b++) {
            CharBuffer decoded;
            try {
                decoded = cp1252.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(new byte[] {(byte) b}));
                out[b - 0x80] = decoded.charAt(0);
            } catch (CharacterCodingException hole) {
                out[b - 0x80] = (char) b;
            }
        }
        return out;
    }

    private static Map<Character, Byte> windows1252Encode() {
        Map<Character, Byte> out = new HashMap<>();
        for (int b = 0x80; b <= 0x9F; b++) out.put(WINDOWS_1252_HIGH[b - 0x80], (byte) b);
        return out;
    }

    private static Map<String, String> loadEntities() {
        Map<String, String> out = new HashMap<>(4096);
        try (InputStream in = FtfyFixer.class.getResourceAsStream("html_entities.txt")) {
            if (in == null) throw new IllegalStateException("resource html_entities.txt is missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                int tab = line.indexOf('\t');
                StringBuilder value = new StringBuilder();
                for (String hex : line.substring(tab + 1).split(" ")) value.appendCodePoint(Integer.parseInt(hex, 16));
                out.put(line.substring(0, tab), value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("html_entities.txt cannot be read", e);
        }
        return out;
    }
}
