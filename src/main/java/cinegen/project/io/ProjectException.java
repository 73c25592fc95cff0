package cinegen.project.io;

/** A project could not be created, opened, saved or read; the message is a sentence to show the user. */
public class ProjectException extends Exception {
    public ProjectException(String message) {
        super(message);
    }

    public ProjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
