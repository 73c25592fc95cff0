package cinegen.ui.common;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorMessagesTest {
    /** A studio exception: checked, with a sentence for the person. */
    static final class BadPrompt extends Exception {
        BadPrompt(String m) { super(m); }
    }

    @Test
    void checkedStudioExceptionsAreShownAsTheyAre() {
        assertEquals("The prompt is longer than 77 tokens.",
                ErrorMessages.describe(new BadPrompt("The prompt is longer than 77 tokens.")));
    }

    @Test
    void fileProblemsNameTheFile() {
        assertEquals("File not found: clip.mp4", ErrorMessages.describe(new NoSuchFileException("clip.mp4")));
        assertEquals("Permission denied: out.gif", ErrorMessages.describe(new AccessDeniedException("out.gif")));
        assertEquals("Could not read or write a file: disk full.", ErrorMessages.describe(new IOException("disk full")));
    }

    @Test
    void wrappersAreUnwrapped() {
        assertEquals("File not found: a.png",
                ErrorMessages.describe(new ExecutionException(new NoSuchFileException("a.png"))));
    }

    @Test
    void cancellationAndMemory() {
        assertEquals("Cancelled.", ErrorMessages.describe(new CancellationException()));
        assertEquals("Cancelled.", ErrorMessages.describe(new InterruptedException()));
        assertTrue(ErrorMessages.describe(new OutOfMemoryError("Java heap space")).startsWith("Not enough memory"));
    }

    @Test
    void programmingErrorsGetAShortNoteNotAStackTrace() {
        String m = ErrorMessages.describe(new IllegalStateException("index 3\n\tat x.y.Z"));
        assertEquals("Unexpected error (IllegalStateException: index 3). Details are in the log.", m);
    }
}
