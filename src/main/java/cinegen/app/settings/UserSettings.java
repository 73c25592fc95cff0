package cinegen.app.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's settings, kept as {@value #FILE_NAME} in a per-user folder ({@link ConfigDirectory}). Loading a
 * missing file gives defaults; saving writes a temp file in the same folder and renames it over the old one, so
 * a crash never leaves a half-written file. Not thread-safe: the UI owns one instance.
 */
public final class UserSettings {
    public static final String FILE_NAME = "settings.json";
    /** Version of the file's layout; readers ignore fields they do not know. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;
    private WindowState window;
    private java.util.List<String> promptHistory = java.util.List.of();
    private ModelSelection model;
    private java.util.List<String> addedModels = java.util.List.of();
    private java.util.List<String> styleFiles = java.util.List.of();

    private UserSettings(Path directory, WindowState window) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.window = window;
    }

    /** Most prompts kept in the history. */
    public static final int MAX_PROMPTS = 20;

    /** Empty settings that will be saved in {@code directory}. */
    public static UserSettings defaults(Path directory) {
        return new UserSettings(directory, null);
    }

    /** The settings in {@code directory}, or defaults when it has no settings file yet. */
    public static UserSettings load(Path directory) throws SettingsException {
        Path file = directory.resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return defaults(directory);
        } catch (IOException e) {
            throw new SettingsException("Could not read the settings file " + file + ": " + reason(e), e);
        }
        try {
            FileContent content = JSON.readValue(bytes, FileContent.class);
            if (content == null) throw new SettingsException("The settings file " + file + " is empty.");
            UserSettings s = new UserSettings(directory, content.window());
            if (content.promptHistory() != null) s.setPromptHistory(content.promptHistory());
            if (content.model() != null && content.model().path() != null && !content.model().path().isBlank()) s.model = content.model();
            if (content.addedModels() != null) s.setAddedModels(content.addedModels());
            if (content.styleFiles() != null) s.setStyleFiles(content.styleFiles());
            return s;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SettingsException("The settings file " + file + " holds an invalid value: " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new SettingsException("The settings file " + file + " is not valid settings JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SettingsException("Could not read the settings file " + file + ": " + reason(e), e);
        }
    }

    /** The folder these settings live in. */
    public Path directory() { return directory; }

    public Path file() { return directory.resolve(FILE_NAME); }

    /** The main window's last placement, if one was saved. */
    public Optional<WindowState> window() { return Optional.ofNullable(window); }

    public void setWindow(WindowState window) { this.window = Objects.requireNonNull(window, "window"); }

    /** Prompts generated with, newest first. */
    public java.util.List<String> promptHistory() { return promptHistory; }

    /** Keeps up to {@value #MAX_PROMPTS} non-blank prompts, without repeats. */
    public void setPromptHistory(java.util.List<String> prompts) {
        promptHistory = prompts.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).distinct()
                .limit(MAX_PROMPTS).toList();
    }

    /**
     * The model the studio generates with, as the user last chose it (a models-folder model, one added by hand or the
     * bundled one), restored at the next start.
     */
    public Optional<ModelSelection> model() { return Optional.ofNullable(model); }

    /** Remembers the chosen model; null forgets it (the bundled model opens). */
    public void setModel(ModelSelection model) { this.model = model; }

    /** Models the user added by hand (Add model…), as paths, oldest first, without repeats. */
    public java.util.List<String> addedModels() { return addedModels; }

    public void setAddedModels(java.util.List<String> paths) {
        addedModels = paths.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).distinct().toList();
    }

    /** Style files (LoRAs, second checkpoints) the user added to the shelf, as paths, oldest first, without repeats. */
    public java.util.List<String> styleFiles() { return styleFiles; }

    public void setStyleFiles(java.util.List<String> paths) {
        styleFiles = paths.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).distinct().toList();
    }

    /**
     * A chosen model: its file or folder, and the motion module it runs with (null when it needs none).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelSelection(String path, String motion) {
        public ModelSelection {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Writes the settings atomically, creating the folder if needed. */
    public void save() throws SettingsException {
        Path file = file();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, FILE_NAME + ".", ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(new FileContent(SCHEMA_VERSION, window, promptHistory.isEmpty() ? null : promptHistory, model,
                    addedModels.isEmpty() ? null : addedModels, styleFiles.isEmpty() ? null : styleFiles)));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new SettingsException("Could not save settings to " + file + ": " + reason(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file is harmless
                }
            }
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName().replaceAll("Exception$", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        return m == null ? kind.toLowerCase() : kind.toLowerCase() + " (" + m + ")";
    }

    /** The JSON layout of the file. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileContent(int version, WindowState window, java.util.List<String> promptHistory, ModelSelection model,
                       java.util.List<String> addedModels, java.util.List<String> styleFiles) {}
}
