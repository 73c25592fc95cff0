package cinegen.project.io;

/**
 * A project file is not what the studio can open: corrupt or incomplete JSON, a format newer than this studio,
 * a path that leaves the project folder, a mask that does not fit. The message names the file and the problem.
 */
public class ProjectFormatException extends ProjectException {
    public ProjectFormatException(String message) {
        super(message);
    }

    public ProjectFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
