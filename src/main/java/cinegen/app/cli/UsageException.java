package cinegen.app.cli;

/** Bad input or usage: the message is shown to the user as one line and the process exits with code 2. */
public class UsageException extends Exception {
    public UsageException(String message) { super(message); }
    public UsageException(String message, Throwable cause) { super(message, cause); }
}
