package cinegen.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A value typed as text: the view binds a text field to {@link #text()}; each edit is parsed at once. A valid text
 * updates {@link #value()}; an invalid one leaves the last valid value in place and sets {@link #error()} to the
 * reason, which the view shows beside the field. Toolkit-free (JavaFX properties only).
 */
public final class ValidatedField<T> {
    /** Turns text into a value or refuses it with a sentence saying why. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text) throws InvalidInput;
    }

    /** A refused input; the message is shown to the person as it is. */
    public static final class InvalidInput extends Exception {
        public InvalidInput(String reason) { super(reason); }
    }

    private final String label;
    private Parser<T> parser;
    private final Function<T, String> formatter;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyObjectWrapper<T> value = new ReadOnlyObjectWrapper<>(this, "value");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", true);

    public ValidatedField(String label, T initial, Parser<T> parser, Function<T, String> formatter) {
        this.label = Objects.requireNonNull(label, "label");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.formatter = Objects.requireNonNull(formatter, "formatter");
        text.addListener((obs, old, now) -> validate(now));
        setValue(initial);
        if (!valid.get()) throw new IllegalArgumentException("initial " + label + " is invalid: " + error.get());
    }

    /** Whole numbers in [min, max]. */
    public static ValidatedField<Integer> integer(String label, int initial, int min, int max) {
        return new ValidatedField<>(label, initial, integerParser(label, min, max), String::valueOf);
    }

    /** The parser of {@link #integer}: whole numbers in [min, max]. */
    public static Parser<Integer> integerParser(String label, int min, int max) {
        return t -> (int) parseWhole(label, t, min, max);
    }

    /** The parser of {@link #decimal}: numbers in [min, max]. */
    public static Parser<Double> decimalParser(String label, double min, double max) {
        return t -> parseDecimal(label, t, min, max);
    }

    /**
     * Changes what is accepted (a model with other limits was loaded) and checks the text as it stands again: a value
     * the new limits refuse is shown as refused, with the reason, rather than changed behind the person's back.
     */
    public void setParser(Parser<T> parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
        validate(text.get());
    }

    /** Whole numbers in [min, max], for values wider than an int such as seeds. */
    public static ValidatedField<Long> whole(String label, long initial, long min, long max) {
        return new ValidatedField<>(label, initial, t -> parseWhole(label, t, min, max), String::valueOf);
    }

    /** Decimal numbers in [min, max]; a comma is accepted as the decimal separator. */
    public static ValidatedField<Double> decimal(String label, double initial, double min, double max) {
        return new ValidatedField<>(label, initial, t -> parseDecimal(label, t, min, max), ValidatedField::formatDecimal);
    }

    public String label() { return label; }
    /** The text as typed. */
    public StringProperty text() { return text; }
    /** The last valid value. */
    public ReadOnlyObjectProperty<T> value() { return value.getReadOnlyProperty(); }
    public T get() { return value.get(); }
    /** Why the current text is refused, or null while it is valid. */
    public ReadOnlyStringProperty error() { return error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty valid() { return valid.getReadOnlyProperty(); }
    public boolean isValid() { return valid.get(); }

    /** Sets the value through its text, so the usual validation applies. */
    public void setValue(T v) { text.set(formatter.apply(v)); }

    /** Puts the text back to the last valid value. */
    public void revert() { setValue(value.get()); }

    private void validate(String raw) {
        try {
            T parsed = parser.parse(raw == null ? "" : raw.trim());
            value.set(parsed);
            error.set(null);
            valid.set(true);
        } catch (InvalidInput e) {
            error.set(e.getMessage());
            valid.set(false);
        }
    }

    private static long parseWhole(String label, String t, long min, long max) throws InvalidInput {
        String range = " from " + min + " to " + max;
        if (t.isEmpty()) throw new InvalidInput(label + " needs a whole number" + range + ".");
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new InvalidInput(label + " must be a whole number" + range + "; \"" + shorten(t) + "\" is not one.");
        }
        if (v < min) throw new InvalidInput(label + " must be at least " + min + ".");
        if (v > max) throw new InvalidInput(label + " can be at most " + max + ".");
        return v;
    }

    private static double parseDecimal(String label, String t, double min, double max) throws InvalidInput {
        String range = " from " + formatDecimal(min) + " to " + formatDecimal(max);
        if (t.isEmpty()) throw new InvalidInput(label + " needs a number" + range + ".");
        double v;
        try {
            v = Double.parseDouble(t.replace(',', '.'));
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v) || t.endsWith("d") || t.endsWith("f") || t.endsWith("D") || t.endsWith("F")) {
            throw new InvalidInput(label + " must be a number" + range + "; \"" + shorten(t) + "\" is not one.");
        }
        if (v < min) throw new InvalidInput(label + " must be at least " + formatDecimal(min) + ".");
        if (v > max) throw new InvalidInput(label + " can be at most " + formatDecimal(max) + ".");
        return v;
    }

    /** Shortest plain form: 7.5, 12, 0.25. */
    static String formatDecimal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String shorten(String t) { return t.length() > 20 ? t.substring(0, 20) + "…" : t; }
}
