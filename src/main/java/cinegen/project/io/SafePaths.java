package cinegen.project.io;

import cinegen.project.RelativePaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns paths read from a project file into real paths that are guaranteed to lie inside the project folder,
 * following links. Anything else is refused with a {@link ProjectFormatException} naming the path.
 */
final class SafePaths {
    private SafePaths() {}

    /** The real path of an existing project folder. */
    static Path realFolder(Path folder) throws ProjectException {
        try {
            Path real = folder.toRealPath();
            if (!Files.isDirectory(real)) throw new ProjectException(folder + " is not a folder");
            return real;
        } catch (IOException e) {
            throw new ProjectException("The project folder " + folder + " cannot be read (" + IoMessages.reason(e) + ")", e);
        }
    }

    /**
     * Resolves {@code relative} inside {@code realRoot}. The result may not exist yet (a missing media file), but
     * whatever part of it exists must lead, after following links, to a place inside the folder.
     *
     * @param source the file the path was read from, for messages
     */
    static Path resolve(Path realRoot, String relative, String source) throws ProjectFormatException {
        String problem = RelativePaths.problem(relative);
        if (problem != null) {
            throw new ProjectFormatException(source + " refers to '" + relative + "', which is refused: " + problem
                    + ". A project may only use files inside its own folder.");
        }
        Path p = realRoot;
        for (String segment : relative.split("/")) p = p.resolve(segment);
        // the deepest part of the path that exists, link or not
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) throw outside(relative, source);
        try {
            Path real = existing.toRealPath();
            if (!real.startsWith(realRoot)) throw outside(relative, source);
            return existing.equals(p) ? real : real.resolve(existing.relativize(p));
        } catch (IOException e) {
            // exists as a link but its target does not
            throw new ProjectFormatException(source + " refers to '" + relative
                    + "', which goes through a broken link. A project may only use files inside its own folder.", e);
        }
    }

    private static ProjectFormatException outside(String relative, String source) {
        return new ProjectFormatException(source + " refers to '" + relative
                + "', which leads outside the project folder through a link; refusing to use it.");
    }

    /** A folder inside the project for the studio to write into, created if missing, checked like {@link #resolve}. */
    static Path writableDir(Path realRoot, String relative) throws ProjectException {
        Path dir = resolve(realRoot, relative, "The project folder");
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new ProjectException("Cannot write into " + relative + " of the project: it is a file, not a folder.");
            }
            Files.createDirectories(dir);
            Path real = dir.toRealPath();
            if (!real.startsWith(realRoot)) throw outside(relative, "The project folder");
            return real;
        } catch (IOException e) {
            throw new ProjectException("Cannot create the folder " + relative + " in " + realRoot + " (" + IoMessages.reason(e) + ")", e);
        }
    }
}
