package cinegen.project;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Identifiers of media items, clips and mask tracks: short ASCII strings such as {@code clip-5f0c2a9e}.
 * They also name folders ({@code frames/<id>/}), so only letters, digits, {@code _} and {@code -} are allowed.
 */
public final class Ids {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A new random id with the given prefix, e.g. {@code newId("clip")} gives {@code clip-5f0c2a9e}. */
    public static String newId(String prefix) {
        return prefix + "-" + String.format("%08x", RANDOM.nextInt());
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** Returns {@code id} or throws {@link IllegalArgumentException} naming {@code what}. */
    public static String require(String id, String what) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(what + " id '" + id
                    + "' is not valid (1 to 64 letters, digits, '_' or '-', starting with a letter or digit)");
        }
        return id;
    }
}
