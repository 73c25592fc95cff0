package cinegen.engine.diffusers.io;

import cinegen.engine.pack.ModelPackException;

import java.nio.file.Path;

/**
 * A model file that cannot be read or used. The message names the file and says in one sentence what is wrong, so
 * it can be shown to the artist as is. Extends {@link ModelPackException} so callers of the older readers need not
 * change their signatures.
 */
public class ModelFileException extends ModelPackException {
    public ModelFileException(String message) { super(message); }

    /** "{file name}: {problem}". */
    public ModelFileException(Path file, String problem) { super(file.getFileName() + ": " + problem); }
}
