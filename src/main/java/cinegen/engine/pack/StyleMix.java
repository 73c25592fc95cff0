package cinegen.engine.pack;

import cinegen.engine.family.bundled.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which style weight sets are blended in, and how strongly: W = W_base + sum(alpha_i * Delta_i). */
public record StyleMix(List<Entry> entries) {
    public record Entry(String name, double alpha) {
        public Entry {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a style needs a name");
            if (!(alpha >= 0 && alpha <= 1.5)) throw new IllegalArgumentException("style weight must be between 0 and 1.5, got " + alpha);
        }
    }

    public static final StyleMix NONE = new StyleMix(List.of());

    public StyleMix {
        entries = List.copyOf(entries);
    }

    public boolean isEmpty() { return entries.stream().allMatch(e -> e.alpha() == 0); }

    /** Parses "NAME[:ALPHA][,NAME:ALPHA]" (alpha defaults to {@code defaultAlpha}). */
    public static StyleMix parse(String text, double defaultAlpha) {
        if (text == null || text.isBlank()) return NONE;
        List<Entry> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int colon = p.lastIndexOf(':');
            String name = colon < 0 ? p : p.substring(0, colon).trim();
            double alpha = defaultAlpha;
            if (colon >= 0) {
                try {
                    alpha = Double.parseDouble(p.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("style weight of '" + name + "' is not a number: " + p.substring(colon + 1));
                }
            }
            out.add(new Entry(name.toLowerCase(Locale.ROOT), alpha));
        }
        return new StyleMix(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (sb.length() > 0) sb.append(',');
            sb.append(e.name()).append(':').append(String.format(Locale.ROOT, "%.2f", e.alpha()));
        }
        return sb.toString();
    }
}
