package cinegen.app.settings;

/** The settings file could not be read or written; the message is a sentence a person can act on. */
public class SettingsException extends Exception {
    public SettingsException(String message) { super(message); }
    public SettingsException(String message, Throwable cause) { super(message, cause); }
}
