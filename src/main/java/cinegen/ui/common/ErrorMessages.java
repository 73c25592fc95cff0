package cinegen.ui.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failure into one sentence a person can act on, per exception type. Checked exceptions of the studio
 * already carry such a sentence and are shown as they are; programming errors get a short note and go to the log.
 */
public final class ErrorMessages {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMessages.class);

    private ErrorMessages() {}

    public static String describe(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof CancellationException || e instanceof InterruptedException) return "Cancelled.";
        if (e instanceof NoSuchFileException f) return "File not found: " + f.getFile();
        if (e instanceof AccessDeniedException f) return "Permission denied: " + f.getFile();
        if (e instanceof FileSystemException f) {
            String reason = f.getReason();
            return "Could not use " + f.getFile() + (reason == null ? "." : ": " + reason + ".");
        }
        if (e instanceof IOException) return "Could not read or write a file: " + messageOr(e, "input/output error") + ".";
        if (e instanceof OutOfMemoryError) {
            return "Not enough memory for this job. Try fewer frames or a smaller size.";
        }
        if (e instanceof Exception && !(e instanceof RuntimeException) && e.getMessage() != null) {
            return e.getMessage();
        }
        LOG.error("Unexpected failure in a background task", e);
        String msg = e.getMessage();
        return "Unexpected error (" + e.getClass().getSimpleName()
                + (msg == null ? "" : ": " + msg.lines().findFirst().orElse("")) + "). Details are in the log.";
    }

    static Throwable unwrap(Throwable e) {
        while (e.getCause() != null && (e instanceof ExecutionException || e instanceof CompletionException
                || e instanceof InvocationTargetException || e instanceof UndeclaredThrowableException)) {
            e = e.getCause();
        }
        return e;
    }

    private static String messageOr(Throwable e, String fallback) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? fallback : m;
    }
}
