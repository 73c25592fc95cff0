package cinegen.ui.main;

import cinegen.app.ModelCatalog;
import cinegen.app.ModelFolders;
import cinegen.app.generate.GenerationListener;
import cinegen.app.generate.GenerationService;
import cinegen.app.generate.ModelStatus;
import cinegen.app.generate.PromptAdvisor;
import cinegen.app.settings.UserSettings;
import cinegen.ui.common.UiTasks;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.inspector.ModelPickerViewModel;
import cinegen.ui.presets.PresetCatalog;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.status.StatusViewModel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The model the studio generates with: the picker's list (the models folders, scanned off the FX thread, and the
 * models added by hand), the person's choice (loaded on the generation worker, remembered in the user settings by
 * the window), the model's state in the device line, the picker and the inspector, and the style shelf of a ready
 * model. FX thread.
 */
final class ModelCoordinator {
    private final GenerationService generation;
    private final UiTasks tasks;
    private final Path presetsFolder;
    private final ModelPickerViewModel models;
    private final InspectorViewModel inspector;
    private final PresetShelfViewModel presets;
    private final StatusViewModel status;
    /** Models added by hand (Add model…), remembered in the user settings by the window. */
    private final ObservableList<Path> addedModels = FXCollections.observableArrayList();
    /** The model the person chose (null: the bundled one), remembered in the user settings by the window. */
    private final ObjectProperty<UserSettings.ModelSelection> chosenModel = new SimpleObjectProperty<>(this, "chosenModel");
    /** The model the studio opens with (the bundled one, or the one given at start). */
    private final Path bundledModel;
    /** Set when the person chose a model: its loading, ready or failed state goes to the status bar. */
    private boolean announceModel;

    /** @param presetsFolder the style preset files (null: none, the shelf shows the pack's styles as text cards) */
    ModelCoordinator(GenerationService generation, UiTasks tasks, Executor fx, Path presetsFolder, ModelPickerViewModel models,
                     InspectorViewModel inspector, PresetShelfViewModel presets, StatusViewModel status) {
        this.generation = generation;
        this.tasks = tasks;
        this.presetsFolder = presetsFolder;
        this.models = models;
        this.inspector = inspector;
        this.presets = presets;
        this.status = status;
        this.bundledModel = generation.modelPath();
        models.setOnChoose(this::chooseModel);
        models.setOnAdd(this::addModel);
        presets.setOnAddStyleFile(this::addStyleFile);
        generation.addListener(new GenerationListener() {
            @Override public void modelChanged(ModelStatus s) { fx.execute(() -> showModel(s)); }
        });
        showModel(generation.modelStatus());
    }

    ObservableList<Path> addedModels() { return addedModels; }

    /** Style files the person added to the shelf, oldest first (kept in the user settings). */
    private final ObservableList<Path> addedStyleFiles = FXCollections.observableArrayList();

    ObservableList<Path> addedStyleFiles() { return addedStyleFiles; }

    /** At start-up: the style files added before, offered again without a word (missing ones are skipped). */
    void restoreStyleFiles(List<Path> files) {
        for (Path f : files) {
            if (!addedStyleFiles.contains(f)) addedStyleFiles.add(f);
            tasks.submit(p -> java.nio.file.Files.isRegularFile(f) ? generation.addStyleFile(f) : null, problem -> { }, reason -> { });
        }
    }
    ObjectProperty<UserSettings.ModelSelection> chosenModelProperty() { return chosenModel; }

    /**
     * The model's state: the device line, the picker's state, and whether Generate can run (only once the model is
     * ready: its defaults, limits and sizes come from its info). After the person chose a model, its loading, ready
     * or failed state also goes to the status bar, failures with their sentence.
     */
    void showModel(ModelStatus s) {
        status.deviceInfoProperty().set(s.describe());
        boolean ready = s.state() == ModelStatus.State.READY;
        inspector.engineAvailableProperty().set(ready);
        switch (s.state()) {
            case NOT_LOADED, LOADING -> inspector.engineProblemProperty().set("The model " + s.name() + " is loading…");
            case READY -> { }
            default -> inspector.engineProblemProperty().set(s.problem());
        }
        Path path = generation.modelPath();
        Path motion = generation.motionPath();
        switch (s.state()) {
            case NOT_LOADED, LOADING -> {
                models.stateProperty().set(ModelPickerViewModel.State.LOADING);
                models.stateTextProperty().set("Loading " + s.name() + "…");
                if (announceModel) status.showMessage("Loading the model " + s.name() + "…");
            }
            case READY -> {
                models.stateProperty().set(ModelPickerViewModel.State.READY);
                models.stateTextProperty().set("Ready");
                models.remember(path, motion, s.info());
                if (announceModel) status.showMessage("The model " + s.name() + " is ready.");
                announceModel = false;
            }
            case FAILED, MISSING -> {
                models.stateProperty().set(ModelPickerViewModel.State.FAILED);
                models.stateTextProperty().set(s.problem());
                if (announceModel) status.showMessage(s.problem());
                announceModel = false;
            }
        }
        if (path != null) models.find(path, motion).ifPresent(models.currentProperty()::set);
        presets.takesStyleFilesProperty().set(s.takesStyleFiles());
        if (ready) {
            inspector.applyModel(s.info());
            inspector.advisorProperty().set(generation.promptAdvisor());
            loadPresets(s);
        } else {
            inspector.advisorProperty().set(PromptAdvisor.none());
        }
    }

    /** Scans the models folders (off the JavaFX thread) and lists what they hold in the picker. */
    void refreshModels() {
        models.scanningProperty().set(true);
        Path bundled = bundledModel;
        List<Path> added = List.copyOf(addedModels);
        tasks.submit(p -> ModelCatalog.list(bundled, ModelFolders.roots(), added), found -> {
            models.scanningProperty().set(false);
            models.entries().setAll(found);
            Path path = generation.modelPath();
            if (path != null) {
                Path motion = generation.motionPath();
                Optional<ModelCatalog.Entry> now = models.find(path, motion);
                if (now.isEmpty()) {
                    ModelCatalog.Entry e = new ModelCatalog.Entry(path, motion, null, "", "", null, path.equals(bundled));
                    models.entries().add(0, e);
                    now = Optional.of(e);
                }
                models.currentProperty().set(now.get());
            }
        }, reason -> {
            models.scanningProperty().set(false);
            status.showMessage("The models folders could not be read: " + reason);
        });
    }

    /**
     * Switches the studio to {@code e} (loaded on the generation worker, between jobs) and remembers the choice; an
     * unusable one is refused with its reason.
     */
    void chooseModel(ModelCatalog.Entry e) {
        if (e == null) return;
        if (!e.usable()) {
            status.showMessage(e.name() + " cannot be used: " + e.reason());
            return;
        }
        if (e.sameModel(generation.modelPath(), generation.motionPath())
                && generation.modelStatus().state() != ModelStatus.State.FAILED) {
            models.currentProperty().set(e);
            status.showMessage(e.name() + " is the model in use.");
            return;
        }
        announceModel = true;
        models.currentProperty().set(e);
        chosenModel.set(e.path().equals(bundledModel) && e.motion() == null ? null
                : new UserSettings.ModelSelection(e.path().toString(), e.motion() == null ? null : e.motion().toString()));
        generation.selectModel(e.path(), e.motion());
    }

    /** Restores a model chosen in an earlier session, when it is still there; otherwise says why not. */
    void restoreModel(UserSettings.ModelSelection saved) {
        if (saved == null) return;
        Path path = Path.of(saved.path());
        Path motion = saved.motion() == null ? null : Path.of(saved.motion());
        if (!Files.exists(path) || (motion != null && !Files.exists(motion))) {
            status.showMessage("The model chosen last time is gone (" + (Files.exists(path) ? motion : path)
                    + "); using " + (bundledModel == null ? "none" : bundledModel.getFileName()) + ".");
            return;
        }
        if (path.equals(bundledModel) && motion == null) return;
        chosenModel.set(saved);
        generation.selectModel(path, motion);
        models.find(path, motion).ifPresent(models.currentProperty()::set);
    }

    /** Add model…: lists the picked file or folder (remembered) and chooses it when it can be used. */
    void addModel(Path path) {
        if (path == null) return;
        Path abs = path.toAbsolutePath().normalize();
        tasks.submit(p -> ModelCatalog.inspect(abs, ModelFolders.roots()), found -> {
            if (!addedModels.contains(abs)) addedModels.add(abs);
            for (ModelCatalog.Entry e : found) {
                if (models.find(e.path(), e.motion()).isEmpty()) models.entries().add(e);
            }
            Optional<ModelCatalog.Entry> usable = found.stream().filter(ModelCatalog.Entry::usable).findFirst();
            if (usable.isPresent()) chooseModel(models.find(usable.get().path(), usable.get().motion()).orElse(usable.get()));
            else status.showMessage(found.isEmpty() ? abs.getFileName() + " holds no model." : found.get(0).reason());
        }, reason -> status.showMessage("Could not read " + abs.getFileName() + ": " + reason));
    }

    /** A LoRA or second checkpoint as a style: checked off the FX thread, then on the shelf once the model lists it. */
    void addStyleFile(Path file) {
        tasks.submit(p -> generation.addStyleFile(file), problem -> {
            if (problem != null) {
                status.showMessage(problem);
                return;
            }
            Path abs = file.toAbsolutePath().normalize();
            if (!addedStyleFiles.contains(abs)) addedStyleFiles.add(abs);
            status.showMessage("Added " + file.getFileName() + " to the style shelf (its weights are read when a job first uses it).");
        }, reason -> status.showMessage("Could not add " + file.getFileName() + ": " + reason));
    }

    /**
     * Shows the pack's styles at once (text cards), then, read off the JavaFX thread, the preset files that name
     * them: labels, descriptions, default strengths and thumbnails.
     */
    private void loadPresets(ModelStatus s) {
        presets.setInstalled(PresetCatalog.load(null, s.name(), s.styles()).presets());
        if (presetsFolder == null || s.styles().isEmpty()) {
            sayMissingKeptStyles(s);
            return;
        }
        Path folder = presetsFolder;
        tasks.submit(p -> PresetCatalog.load(folder, s.name(), s.styles()), found -> {
            presets.setInstalled(found.presets());
            sayMissingKeptStyles(s);
            if (!found.problems().isEmpty()) {
                status.showMessage("Some style presets could not be used: " + String.join("; ", found.problems()) + ".");
            }
        }, reason -> status.showMessage("The style presets could not be read: " + reason));
    }

    /** A reopened project's styles that this model does not have are named, not dropped without a word. */
    private void sayMissingKeptStyles(ModelStatus s) {
        List<String> missing = presets.missingKeptStyles();
        if (missing.isEmpty() || s.state() != ModelStatus.State.READY) return;
        status.showMessage("This project's style" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                + (missing.size() == 1 ? " is" : " are") + " not among the styles of " + s.name()
                + "; generating goes without " + (missing.size() == 1 ? "it" : "them") + " until a model that has "
                + (missing.size() == 1 ? "it" : "them") + " is loaded.");
    }
}
