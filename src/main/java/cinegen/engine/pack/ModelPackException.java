package cinegen.engine.pack;

import cinegen.engine.family.bundled.*;

/** A model pack that cannot be used, with a message that names the file and the problem. */
public class ModelPackException extends Exception {
    public ModelPackException(String message) { super(message); }
}
