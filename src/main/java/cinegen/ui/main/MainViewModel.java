package cinegen.ui.main;

import cinegen.app.settings.UserSettings;
import cinegen.app.studio.StudioSession;
import cinegen.project.GenerationRecipe;
import cinegen.project.Project;
import cinegen.project.ProjectChange;
import cinegen.project.ProjectListener;
import cinegen.project.io.RecoverableProject;
import cinegen.ui.bin.MediaBinViewModel;
import cinegen.ui.inspector.ClipInfoViewModel;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.inspector.ModelPickerViewModel;
import cinegen.ui.mask.MaskEditorViewModel;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.queue.QueueViewModel;
import cinegen.ui.status.StatusViewModel;
import cinegen.ui.takes.StyleSweepViewModel;
import cinegen.ui.takes.VariantsViewModel;
import cinegen.ui.timeline.TimelineViewModel;
import cinegen.ui.viewer.ViewerViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The studio window's state: one view-model per panel, which panels are shown, and the coordinators that link the
 * panels to the services, each with its own job (decision 0617 lists them): the project's lifecycle
 * ({@link ProjectCoordinator}), the timeline program in the viewer ({@link ProgramCoordinator}), the media bin
 * ({@link BinCoordinator}), the inspector's recipes ({@link InspectorRecipes}), generation, the style sweep and variants
 * ({@link GenerationCoordinator}), export ({@link ExportCoordinator}), the model choice
 * ({@link ModelCoordinator}), and the inspector's settings and the job history kept with the project
 * ({@link InspectorKeeper}, {@link JobHistory}). This class builds and wires them, hands each the current project, and offers the views
 * one place to reach them.
 */
public final class MainViewModel {
    /** One thread for the whole studio that checks prompts against the model's vocabulary or tokenizer. */
    private static final Executor PROMPT_CHECKS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cinegen-prompt-check");
        t.setDaemon(true);
        return t;
    });

    private final StudioContext ctx;
    private final StatusViewModel status;
    private final MediaBinViewModel mediaBin;
    private final PresetShelfViewModel presets = new PresetShelfViewModel();
    private final StyleSweepViewModel sweep = new StyleSweepViewModel();
    private final VariantsViewModel variants = new VariantsViewModel();
    private final ViewerViewModel viewer = new ViewerViewModel();
    private final InspectorViewModel inspector;
    private final TimelineViewModel timeline = new TimelineViewModel();
    private final MaskEditorViewModel mask = new MaskEditorViewModel();
    private final QueueViewModel queue;
    private final ModelPickerViewModel models = new ModelPickerViewModel();
    private final ClipInfoViewModel clipInfo = new ClipInfoViewModel();
    private final BooleanProperty sidebarShown = new SimpleBooleanProperty(this, "sidebarShown", true);
    private final BooleanProperty inspectorShown = new SimpleBooleanProperty(this, "inspectorShown", true);
    private final BooleanProperty timelineShown = new SimpleBooleanProperty(this, "timelineShown", true);

    private final MediaFrames frames;
    private final ProjectCoordinator projects;
    private final ProgramCoordinator program;
    private final BinCoordinator bin;
    private final InspectorRecipes recipes;
    private final GenerationCoordinator generation;
    private final ExportCoordinator export;
    private final ModelCoordinator modelChoice;
    private final InspectorKeeper inspectorKeeper;
    private final JobHistory jobHistory;
    private final ProjectListener projectListener = this::projectChanged;
    private Project project;

    public MainViewModel(RandomGenerator random, String deviceInfo, StudioContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        StudioSession session = ctx.session();
        status = new StatusViewModel(deviceInfo);
        mediaBin = new MediaBinViewModel(status::showMessage);
        inspector = new InspectorViewModel(random);
        inspector.stylesProperty().bind(presets.summaryProperty());
        inspector.setPromptCheckExecutors(PROMPT_CHECKS, ctx.fx());
        queue = new QueueViewModel(ctx.generation(), ctx.fx());

        frames = new MediaFrames(session, ctx.tasks(), status);
        ProjectFilesQueue files = new ProjectFilesQueue(ctx.projectFiles(), ctx.fx());
        projects = new ProjectCoordinator(session, files, status, this::keepWorkingState);
        program = new ProgramCoordinator(timeline, viewer, mask, mediaBin, clipInfo, status, frames);
        inspectorKeeper = new InspectorKeeper(inspector, presets, mask);
        jobHistory = new JobHistory(ctx.generation(), queue, mediaBin, program::selectClip, status);
        bin = new BinCoordinator(session, ctx.tasks(), mediaBin, inspector, viewer, mask, status, frames, program);
        recipes = new InspectorRecipes(inspector, presets, mediaBin, bin::maskTrackFor, program::selectedRecipe, status,
                mask.cropToRegionProperty());
        generation = new GenerationCoordinator(ctx.generation(), session, files, ctx.fx(), inspector, presets, sweep, variants, viewer, mask, status, recipes, frames, program, projects::autosave,
                jobHistory);
        export = new ExportCoordinator(ctx.tasks(), timeline, status, frames, program::renderProgram);
        modelChoice = new ModelCoordinator(ctx.generation(), ctx.tasks(), ctx.fx(), ctx.presetsFolder(), models, inspector,
                presets, status);
        modelChoice.refreshModels();

        session.onProjectReplaced(this::bindProject);
        if (session.project() != null) bindProject(session.project());
    }

    /** "CPU · 8 cores · no model pack loaded": the device line until the engine service reports its own. */
    public static String defaultDeviceInfo() {
        int cores = Runtime.getRuntime().availableProcessors();
        return "CPU · " + cores + (cores == 1 ? " core" : " cores") + " · no model pack loaded";
    }

    /** Every coordinator works on the current project from now on, in the order the panels depend on each other. */
    private void bindProject(Project p) {
        if (p != null && p == project) {
            // The same project under a new name or folder (Save As): its media and decoded frames are unchanged, so
            // nothing is forgotten and decoded again (the timeline's thumbnails stay); only the title and the bin's
            // paths follow.
            projects.bind(p);
            bin.mediaChanged();
            return;
        }
        Project previous = project;
        if (project != null) project.removeListener(projectListener);
        project = p;
        var history = ctx.session().history();
        frames.bind(p);
        program.bind(p, history);
        bin.bind(p, history);
        generation.bind(p);
        export.bind(p);
        jobHistory.bind(p);
        // Another project (not the same one after Save As): its inspector settings, or the model's defaults. The
        // studio's first project starts from the inspector as it is.
        if (p != null && p != previous && (previous != null || p.inspectorSettings().isPresent())) {
            inspectorKeeper.restore(p.inspectorSettings().orElse(null));
        }
        if (p != null) {
            p.addListener(projectListener);
            program.start();
        }
        projects.bind(p);
    }

    /** Before a save takes its snapshot: the inspector's settings and the job history go into the project (decision 0619). */
    private void keepWorkingState(Project p) {
        p.setInspectorSettings(inspectorKeeper.capture());
        jobHistory.capture(p);
    }

    private void projectChanged(ProjectChange c) {
        switch (c.kind()) {
            case MEDIA_ADDED, MEDIA_REMOVED, MEDIA_CHANGED -> {
                bin.mediaChanged();
                if (c.kind() == ProjectChange.Kind.MEDIA_REMOVED) {
                    frames.forget(c.id());
                    program.mediaRemoved();
                }
            }
            case TIMELINE -> program.refreshTimeline();
            case MASK, MASK_TRACK_ADDED, MASK_TRACK_REMOVED -> mask.projectMasksChanged(c);
            default -> { }
        }
    }

    // ---- panels ----

    public StatusViewModel status() { return status; }
    /** The model picker (inspector and View > Models…). */
    public ModelPickerViewModel models() { return models; }
    /** The selected clip's recipe. */
    public ClipInfoViewModel clipInfo() { return clipInfo; }
    public MediaBinViewModel mediaBin() { return mediaBin; }
    public PresetShelfViewModel presets() { return presets; }
    /** The style sweep strip under the viewer. */
    public StyleSweepViewModel sweep() { return sweep; }
    /** The variants strip under the viewer. */
    public VariantsViewModel variants() { return variants; }
    public ViewerViewModel viewer() { return viewer; }
    public InspectorViewModel inspector() { return inspector; }
    public TimelineViewModel timeline() { return timeline; }
    public MaskEditorViewModel mask() { return mask; }
    /** The jobs panel. */
    public QueueViewModel queue() { return queue; }
    public StudioContext context() { return ctx; }
    public BooleanProperty sidebarShownProperty() { return sidebarShown; }
    public BooleanProperty inspectorShownProperty() { return inspectorShown; }
    public BooleanProperty timelineShownProperty() { return timelineShown; }
    public Project project() { return project; }

    /** Shows every panel again (the view also puts the dividers back). */
    public void resetLayout() {
        sidebarShown.set(true);
        inspectorShown.set(true);
        timelineShown.set(true);
    }

    // ---- project lifecycle ----

    /** "Kites — Cinegen Studio", with "•" before the name while there are unsaved changes. */
    public ReadOnlyStringProperty titleProperty() { return projects.titleProperty(); }
    public ReadOnlyBooleanProperty canUndoProperty() { return projects.canUndoProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return projects.canRedoProperty(); }
    public ReadOnlyStringProperty undoTextProperty() { return projects.undoTextProperty(); }
    public ReadOnlyStringProperty redoTextProperty() { return projects.redoTextProperty(); }
    /** True while a project is being created, opened, saved or recovered (on the project-files thread). */
    public ReadOnlyBooleanProperty projectBusyProperty() { return projects.busyProperty(); }
    public void undo() { projects.undo(); }
    public void redo() { projects.redo(); }
    public boolean isDirty() { return projects.isDirty(); }
    public boolean isUntitled() { return projects.isUntitled(); }

    /** A new untitled project (ask about unsaved changes first); {@code done} gets the problem, or null. */
    public void newProject(Consumer<String> done) { projects.newProject(done); }

    /** Opens a project folder; on failure the current project stays and {@code done} gets the sentence saying why. */
    public void openProject(Path folder, Consumer<String> done) { projects.openProject(folder, done); }

    /** Saves in place; {@code done} gets the problem or null. An untitled project must use {@link #saveProjectAs}. */
    public void saveProject(Consumer<String> done) { projects.saveProject(done); }

    /**
     * Saves into the project folder {@code chosen} names (from a save dialog: created when new), refusing a name
     * that is taken with a sentence; {@code done} gets the problem or null.
     */
    public void saveProjectAs(Path chosen, Consumer<String> done) { projects.saveProjectAs(chosen, done); }

    /** Where Save As starts: the folder to create the project in and the name to propose for it. */
    public StudioSession.SaveAsProposal saveAsProposal() { return projects.saveAsProposal(); }
    public List<Path> recentProjects() { return projects.recentProjects(); }
    public List<RecoverableProject> recoverableProjects() { return projects.recoverableProjects(); }
    public void recover(RecoverableProject r, Consumer<String> done) { projects.recover(r, done); }
    public void discardRecovery(RecoverableProject r, Consumer<String> done) { projects.discardRecovery(r, done); }

    /** Writes the autosave if there are unsaved changes (off the FX thread); failures go to the status bar. */
    public void autosave() { projects.autosave(); }

    /** Runs {@code then} on the FX thread once the project file work asked for until now is done. */
    public void whenProjectFilesIdle(Runnable then) { projects.whenIdle(then); }

    /** The window is gone: the project closes and its files are tidied after the file work already asked for. */
    void closeSession() { projects.closeSession(); }

    // ---- export ----

    /** True while the timeline has clips and no export runs. */
    public ReadOnlyBooleanProperty canExportProperty() { return export.canExportProperty(); }

    /**
     * The timeline's program (cut to the in and out marks when set) and the options to propose; null, with a message
     * in the status bar, when there is nothing to export yet.
     */
    public ExportSource exportSource() { return export.exportSource(); }

    /** Exports the timeline with the proposed options (see {@link #exportSource()}). */
    public void exportTimeline(Path out, Runnable whenDone) {
        ExportSource source = exportSource();
        if (source != null) exportTimeline(out, source.proposed(), whenDone);
    }

    /** Exports the timeline (or its marked range) to {@code out} with {@code options}, off the JavaFX thread. */
    public void exportTimeline(Path out, cinegen.media.ExportOptions options, Runnable whenDone) {
        export.exportTimeline(out, options, whenDone);
    }

    // ---- timeline program and bin ----

    public ReadOnlyBooleanProperty showingProgramProperty() { return program.showingProgramProperty(); }
    /** True when the selected clip was generated, so it can be regenerated or varied. */
    public ReadOnlyBooleanProperty clipHasRecipeProperty() { return program.clipHasRecipeProperty(); }
    /** Back to the timeline in the viewer when it shows bin media (the timeline was clicked). */
    public void showProgramIfNeeded() { program.showProgramIfNeeded(); }
    /** Plays the timeline again in the viewer, at the playhead. */
    public void showProgram() { program.showProgram(); }
    /** Puts the bin's selected item at the end of the timeline (a still lasts three seconds); undoable. */
    public void addSelectedToTimeline() { program.addSelectedToTimeline(); }
    /** Selects a clip on the timeline (and shows the program there). */
    public void selectClip(String clipId) { program.selectClip(clipId); }

    // ---- generation and recipes ----

    /** True while a job of this window runs (Cancel Generation works). */
    public ReadOnlyBooleanProperty generatingProperty() { return generation.generatingProperty(); }
    /** Queues a job with the inspector's settings; Generate and Ctrl+Enter do this. */
    public void generate() { generation.generate(); }
    /** Queues the inspector's settings at each strength of the chosen style, side by side. */
    public void styleSweep() { generation.styleSweep(); }
    /** Queues the inspector's settings with four seeds, side by side, to keep one or more. */
    public void generateVariants() { generation.generateVariants(); }
    /** Runs the selected clip's recipe again: the same seed, or a new one ("vary seed"). */
    public void regenerateSelected(boolean newSeed) { generation.regenerateSelected(newSeed); }
    public void cancelGeneration() { generation.cancelGeneration(); }
    /** Puts the selected clip's recipe back into the inspector and on the shelf. */
    public void useSelectedRecipe() { recipes.useSelectedRecipe(); }
    /** Shows a recipe in the inspector and on the shelf; returns the styles that are not on the shelf. */
    List<String> showRecipe(GenerationRecipe r) { return recipes.showRecipe(r); }

    // ---- models ----

    /** Models added by hand, oldest first. */
    public ObservableList<Path> addedModels() { return modelChoice.addedModels(); }
    /** Style files added to the shelf by hand (LoRAs, second checkpoints), kept in the user settings. */
    public ObservableList<Path> addedStyleFiles() { return modelChoice.addedStyleFiles(); }
    /** Offers the style files added in an earlier session again. */
    public void restoreStyleFiles(List<Path> files) { modelChoice.restoreStyleFiles(files); }
    /** The model the person chose last (null: the one the studio opens with). */
    public ObjectProperty<UserSettings.ModelSelection> chosenModelProperty() { return modelChoice.chosenModelProperty(); }
    /** Scans the models folders (off the JavaFX thread) and lists what they hold in the picker. */
    public void refreshModels() { modelChoice.refreshModels(); }
    /** Switches the studio to the model {@code e}; an unusable one is refused with its reason. */
    public void chooseModel(cinegen.app.ModelCatalog.Entry e) { modelChoice.chooseModel(e); }
    /** Restores a model chosen in an earlier session, when it is still there; otherwise says why not. */
    public void restoreModel(UserSettings.ModelSelection saved) { modelChoice.restoreModel(saved); }
    /** Add model…: lists the picked file or folder (remembered) and chooses it when it can be used. */
    public void addModel(Path path) { modelChoice.addModel(path); }
}
