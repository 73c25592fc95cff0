package cinegen.media;

/**
 * A media file could not be read or written. The message is one plain sentence meant for the person
 * using the studio: it names the file and the problem, never an FFmpeg error code alone.
 */
public class MediaException extends Exception {
    private static final long serialVersionUID = 1L;

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
