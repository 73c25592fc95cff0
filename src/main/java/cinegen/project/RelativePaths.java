package cinegen.project;

/**
 * Lexical rules for paths stored in a project: relative to the project folder, '/'-separated, with no
 * {@code ..}, {@code .} or empty segments, no drive letters, colons, backslashes or control characters.
 * The file-system check (links must stay inside the folder) is done by {@code cinegen.project.io}.
 */
public final class RelativePaths {
    private static final int MAX_LENGTH = 1024;

    private RelativePaths() {}

    /** Why {@code path} is not an acceptable project path, or {@code null} when it is. */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) return "the path is empty";
        if (path.length() > MAX_LENGTH) return "the path is longer than " + MAX_LENGTH + " characters";
        if (path.startsWith("/") || path.startsWith("\\")) return "the path is absolute";
        if (path.length() >= 2 && Character.isLetter(path.charAt(0)) && path.charAt(1) == ':') {
            return "the path starts with a drive letter";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') return "the path contains a backslash; use '/'";
            if (c == ':') return "the path contains ':'";
            if (c < 0x20 || c == 0x7f) return "the path contains a control character";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) return "the path has an empty segment";
            if (segment.equals("..")) return "the path goes up with '..'";
            if (segment.equals(".")) return "the path has a '.' segment";
        }
        return null;
    }

    /** Returns {@code path} or throws {@link IllegalArgumentException} with the problem. */
    public static String require(String path) {
        String problem = problem(path);
        if (problem != null) throw new IllegalArgumentException("'" + path + "' is not a valid project path: " + problem);
        return path;
    }
}
