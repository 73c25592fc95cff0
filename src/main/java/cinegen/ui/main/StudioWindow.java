package cinegen.ui.main;

import atlantafx.base.theme.PrimerDark;
import cinegen.app.settings.SettingsException;
import cinegen.app.settings.UserSettings;
import cinegen.app.settings.WindowState;
import cinegen.ui.common.UiTasks;
import cinegen.app.ModelLocator;
import cinegen.app.StylePresets;
import cinegen.app.generate.GenerationService;
import cinegen.app.studio.StudioSession;
import cinegen.engine.pack.DeviceChoice;
import cinegen.project.io.ProjectException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The studio's main window on a stage: theme, scene, and the placement it remembers in the user settings
 * (restored when it opens, saved when it closes).
 */
public final class StudioWindow {
    public static final String TITLE = "Cinegen Studio";
    static final double DEFAULT_WIDTH = 1440, DEFAULT_HEIGHT = 900;
    static final double MIN_WIDTH = 960, MIN_HEIGHT = 600;
    private static final String STYLESHEET = "/cinegen/ui/studio.css";
    private static final Logger LOG = LoggerFactory.getLogger(StudioWindow.class);

    private final Stage stage;
    private final UserSettings settings;
    private final MainViewModel viewModel;
    private final MainView view;
    private final UiTasks tasks = new UiTasks();
    /** The studio's one project-files thread, shared by its windows so their file work runs in order. */
    private static final java.util.concurrent.ExecutorService PROJECT_FILES = StudioContext.newProjectFilesWorker();
    /** The window's bounds when last neither maximized, full screen nor minimized. */
    private Rectangle2D normalBounds;
    private boolean recordPending;

    private final StudioContext context;
    private final javafx.animation.Timeline autosaveClock;

    private StudioWindow(Stage stage, UserSettings settings, String startupMessage, Path settingsDir, ModelChoice model) {
        this.stage = stage;
        this.settings = settings;
        String problem = null;
        StudioSession session;
        try {
            session = StudioSession.start(settingsDir);
        } catch (ProjectException e) {
            session = startInTemporaryFolder(e);
            problem = e.getMessage() + " Untitled projects are kept in a temporary folder this time, and recent"
                    + " projects are not remembered.";
        }
        GenerationService generation = new GenerationService(model.dir(), DeviceChoice.AUTO, model.missingReason());
        context = new StudioContext(session, generation, tasks, Platform::runLater, PROJECT_FILES, model.presets());
        viewModel = new MainViewModel(new SecureRandom(), MainViewModel.defaultDeviceInfo(), context);
        view = new MainView(viewModel, tasks);
        viewModel.inspector().promptHistory().setAll(settings.promptHistory());
        restoreModels();
        if (startupMessage != null) viewModel.status().showMessage(startupMessage);
        if (problem != null) viewModel.status().showMessage(problem);
        else if (model.dir() == null && startupMessage == null) viewModel.status().showMessage(model.missingReason());
        autosaveClock = new javafx.animation.Timeline(new javafx.animation.KeyFrame(AUTOSAVE_EVERY, e -> viewModel.autosave()));
        autosaveClock.setCycleCount(javafx.animation.Animation.INDEFINITE);
    }

    /** A session whose settings folder is a new temporary folder, when the settings folder cannot hold projects. */
    private static StudioSession startInTemporaryFolder(ProjectException cause) {
        try {
            return StudioSession.start(java.nio.file.Files.createTempDirectory("cinegen-settings"));
        } catch (ProjectException | java.io.IOException e) {
            IllegalStateException failure = new IllegalStateException(cause.getMessage()
                    + " No temporary folder could be used either (" + e.getMessage() + ").", e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    /**
     * The models added by hand and the model chosen last time, from the settings; the chosen one is restored unless
     * {@code -Dcinegen.model} or {@code CINEGEN_MODEL} names a model for this start. Changes go back to the settings.
     */
    private void restoreModels() {
        List<Path> added = new java.util.ArrayList<>();
        for (String p : settings.addedModels()) {
            try {
                added.add(Path.of(p));
            } catch (java.nio.file.InvalidPathException e) {
                LOG.warn("Skipping the added model {}: {}", p, e.getMessage());
            }
        }
        viewModel.addedModels().setAll(added);
        String prop = System.getProperty("cinegen.model"), env = System.getenv("CINEGEN_MODEL");
        boolean named = (prop != null && !prop.isBlank()) || (env != null && !env.isBlank());
        if (!named) settings.model().ifPresent(viewModel::restoreModel);
        viewModel.chosenModelProperty().addListener((o, a, now) -> settings.setModel(now));
        viewModel.addedModels().addListener((javafx.collections.ListChangeListener<Path>) c ->
                settings.setAddedModels(viewModel.addedModels().stream().map(Path::toString).toList()));
        List<Path> styles = new java.util.ArrayList<>();
        for (String p : settings.styleFiles()) {
            try {
                styles.add(Path.of(p));
            } catch (java.nio.file.InvalidPathException e) {
                LOG.warn("Skipping the style file {}: {}", p, e.getMessage());
            }
        }
        viewModel.restoreStyleFiles(styles);
        viewModel.addedStyleFiles().addListener((javafx.collections.ListChangeListener<Path>) c ->
                settings.setStyleFiles(viewModel.addedStyleFiles().stream().map(Path::toString).toList()));
        if (!added.isEmpty()) viewModel.refreshModels();
    }

    /** How often unsaved work is autosaved. */
    static final javafx.util.Duration AUTOSAVE_EVERY = javafx.util.Duration.minutes(1);

    /**
     * The model pack to use: its folder, or null with the sentence saying where the studio looked; and the folder of
     * style preset files for the shelf (null: none).
     */
    public record ModelChoice(Path dir, String missingReason, Path presets) {
        public ModelChoice(Path dir, String missingReason) {
            this(dir, missingReason, null);
        }

        /**
         * The pack {@link ModelLocator} finds ({@code -Dcinegen.model}, {@code CINEGEN_MODEL}, the bundled pack),
         * with the application's {@code presets/} folder.
         */
        public static ModelChoice locate() { return in(null); }

        /**
         * The pack in {@code folder} (null: locate it as usual, with the application's presets). A pack given
         * explicitly comes without preset files unless {@link #withPresets} adds them.
         */
        public static ModelChoice in(Path folder) {
            String explicit = folder == null ? null : folder.toString();
            Path presets = folder == null ? StylePresets.defaultFolder() : null;
            Optional<Path> found = ModelLocator.find(explicit);
            if (found.isPresent()) return new ModelChoice(found.get(), null, presets);
            String places = String.join("; ", ModelLocator.candidates(explicit).stream().map(Path::toString).toList());
            return new ModelChoice(null, "No model pack found, so generation is off. Looked in: " + places + ".", presets);
        }

        /** The same pack with the style preset files of {@code folder}. */
        public ModelChoice withPresets(Path folder) { return new ModelChoice(dir, missingReason, folder); }
    }

    /** Applies the theme, builds the window on {@code stage} with settings from {@code settingsDir}, and shows it. */
    public static StudioWindow open(Stage stage, Path settingsDir) {
        return open(stage, settingsDir, ModelChoice.locate());
    }

    /** As {@link #open(Stage, Path)}, with the model pack given. */
    public static StudioWindow open(Stage stage, Path settingsDir, ModelChoice model) {
        Objects.requireNonNull(stage, "stage");
        UserSettings settings;
        String message = null;
        try {
            settings = UserSettings.load(settingsDir);
        } catch (SettingsException e) {
            settings = UserSettings.defaults(settingsDir);
            message = e.getMessage() + " Starting with default settings.";
        }
        applyTheme();
        StudioWindow w = new StudioWindow(stage, settings, message, settingsDir, model);
        w.show();
        return w;
    }

    /** The dark theme for every window of the process. */
    public static void applyTheme() {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
    }

    public Stage stage() { return stage; }
    public MainViewModel viewModel() { return viewModel; }
    public MainView view() { return view; }
    /** The window's services. */
    public StudioContext context() { return context; }

    private void show() {
        Scene scene = new Scene(view);
        scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource(STYLESHEET), STYLESHEET).toExternalForm());
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setScene(scene);
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        restorePlacement();

        view.fullScreenProperty().set(stage.isFullScreen());
        view.fullScreenProperty().addListener((o, a, b) -> { if (stage.isFullScreen() != b) stage.setFullScreen(b); });
        stage.fullScreenProperty().addListener((o, a, b) -> view.fullScreenProperty().set(b));
        InvalidationListener moved = o -> scheduleRecord();
        stage.xProperty().addListener(moved);
        stage.yProperty().addListener(moved);
        stage.widthProperty().addListener(moved);
        stage.heightProperty().addListener(moved);
        stage.addEventHandler(WindowEvent.WINDOW_CLOSE_REQUEST, e -> {
            // Only the window on the stage now asks (tests reuse one stage for several windows).
            if (stage.getScene() != view.getScene()) return;
            if (viewModel.projectBusyProperty().get()) {
                // A save or an open is running: the window closes (asking first if need be) once it is done.
                e.consume();
                viewModel.status().showMessage("The window closes when the project is saved…");
                viewModel.whenProjectFilesIdle(() -> {
                    if (stage.isShowing() && stage.getScene() == view.getScene()) {
                        stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
                    }
                });
                return;
            }
            // Not saving, or not asking: the window closes now; saving first: it closes once saved.
            boolean[] asking = {true};
            boolean[] closeNow = {false};
            view.confirmDiscard("closing", () -> {
                if (asking[0]) closeNow[0] = true;
                else stage.close();
            });
            asking[0] = false;
            if (!closeNow[0]) e.consume();
        });
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            savePlacement();
            autosaveClock.stop();
            context.generation().close();
            viewModel.closeSession();
            tasks.close();
        });
        stage.show();
        recordNormalBounds();
        autosaveClock.play();
        context.generation().loadModel();
        Platform.runLater(view::offerRecovery);
    }

    /** Puts the window where it was last time if that place is on a screen now; otherwise centres it. */
    private void restorePlacement() {
        Optional<WindowState> saved = settings.window();
        Optional<WindowState> placed = saved.flatMap(s -> s.placedOn(screens()));
        if (placed.isPresent()) {
            WindowState p = placed.get();
            stage.setX(p.x());
            stage.setY(p.y());
            stage.setWidth(p.width());
            stage.setHeight(p.height());
        } else {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            stage.setWidth(Math.max(Math.min(DEFAULT_WIDTH, screen.getWidth() * 0.92), Math.min(MIN_WIDTH, screen.getWidth())));
            stage.setHeight(Math.max(Math.min(DEFAULT_HEIGHT, screen.getHeight() * 0.92), Math.min(MIN_HEIGHT, screen.getHeight())));
            stage.centerOnScreen();
        }
        normalBounds = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        if (saved.map(WindowState::maximized).orElse(false)) stage.setMaximized(true);
    }

    private static List<WindowState.Area> screens() {
        return Screen.getScreens().stream().map(Screen::getVisualBounds)
                .map(b -> new WindowState.Area(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight())).toList();
    }

    /**
     * Position and size change one property at a time, and a maximize may report its new size before its state,
     * so the normal bounds are taken once the event has settled.
     */
    private void scheduleRecord() {
        if (recordPending) return;
        recordPending = true;
        Platform.runLater(() -> {
            recordPending = false;
            recordNormalBounds();
        });
    }

    private void recordNormalBounds() {
        if (stage.isMaximized() || stage.isFullScreen() || stage.isIconified()) return;
        if (Double.isNaN(stage.getX()) || stage.getWidth() < WindowState.MIN_WIDTH || stage.getHeight() < WindowState.MIN_HEIGHT) return;
        normalBounds = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
    }

    /** Writes the window's placement to the settings file; a failure is logged, as the window is already gone. */
    void savePlacement() {
        settings.setPromptHistory(List.copyOf(viewModel.inspector().promptHistory()));
        recordNormalBounds();
        if (normalBounds == null) return;
        settings.setWindow(new WindowState(normalBounds.getMinX(), normalBounds.getMinY(), normalBounds.getWidth(),
                normalBounds.getHeight(), stage.isMaximized()));
        try {
            settings.save();
        } catch (SettingsException e) {
            LOG.warn(e.getMessage());
        }
    }
}
