package cinegen.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line arguments: {@code --name value} options, {@code --flag} switches and positional words.
 * Every accessor that converts a value reports a bad one as a {@link UsageException} naming the option.
 */
public final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    /**
     * @param switches option names (without dashes) that take no value
     */
    public static Args parse(List<String> words, Set<String> switches) throws UsageException {
        Args a = new Args();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--") && w.length() > 2) {
                String name = w.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (switches.contains(name)) {
                    value = "true";
                } else {
                    if (i + 1 >= words.size()) throw new UsageException("option --" + name + " needs a value");
                    value = words.get(++i);
                }
                if (a.options.containsKey(name)) throw new UsageException("option --" + name + " is given twice");
                a.options.put(name, value);
            } else {
                a.positional.add(w);
            }
        }
        return a;
    }

    /** Fails on any option not in {@code known}, so a typo never passes silently. */
    public Args allowOnly(Set<String> known) throws UsageException {
        for (String k : options.keySet()) {
            if (!known.contains(k)) throw new UsageException("unknown option --" + k);
        }
        return this;
    }

    public List<String> positional() { return positional; }
    public boolean has(String name) { return options.containsKey(name); }
    public boolean flag(String name) { return "true".equals(options.get(name)); }

    public String string(String name, String fallback) { return options.getOrDefault(name, fallback); }

    public String required(String name) throws UsageException {
        String v = options.get(name);
        if (v == null || v.isBlank()) throw new UsageException("missing required option --" + name);
        return v;
    }

    public int integer(String name, int fallback, int min, int max) throws UsageException {
        String v = options.get(name);
        if (v == null) return fallback;
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + n);
        return n;
    }

    public long longValue(String name, long fallback) throws UsageException {
        String v = options.get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public double number(String name, double fallback, double min, double max) throws UsageException {
        String v = options.get(name);
        if (v == null) return fallback;
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
        if (!(d >= min && d <= max)) throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + v);
        return d;
    }

    /** An existing, readable regular file named by option {@code name}, or null when absent. */
    public Path existingFile(String name) throws UsageException {
        String v = options.get(name);
        if (v == null) return null;
        Path p = Path.of(v);
        if (!Files.exists(p)) throw new UsageException("--" + name + ": file not found: " + v);
        if (!Files.isRegularFile(p)) throw new UsageException("--" + name + ": not a file: " + v);
        if (!Files.isReadable(p)) throw new UsageException("--" + name + ": file is not readable: " + v);
        return p;
    }

    public <E extends Enum<E>> E choice(String name, E fallback, Map<String, E> choices) throws UsageException {
        String v = options.get(name);
        if (v == null) return fallback;
        E e = choices.get(v.toLowerCase(java.util.Locale.ROOT));
        if (e == null) throw new UsageException("--" + name + " must be one of " + String.join(", ", choices.keySet()) + ", got '" + v + "'");
        return e;
    }
}
