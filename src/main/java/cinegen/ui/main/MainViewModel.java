package cinegen.ui.main;

import cinegen.app.TimelineExport;
import cinegen.app.TimelineProgram;
import cinegen.app.TimelineRenderer;
import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.GenerationListener;
import cinegen.app.generate.JobState;
import cinegen.app.generate.ModelStatus;
import cinegen.app.generate.Recipes;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.StepProgress;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.frames.Resample;
import cinegen.project.Clip;
import cinegen.project.GenerationRecipe;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.frames.MediaKind;
import cinegen.project.Project;
import cinegen.project.ProjectChange;
import cinegen.project.ProjectListener;
import cinegen.project.Sampler;
import cinegen.project.StyleBlend;
import cinegen.project.edit.DuplicateClipEdit;
import cinegen.project.edit.MoveClipEdit;
import cinegen.project.edit.RemoveClipEdit;
import cinegen.project.edit.RippleDeleteClipEdit;
import cinegen.project.edit.SplitClipEdit;
import cinegen.project.edit.TrimClipEdit;
import cinegen.project.edit.UndoHistory;
import cinegen.project.io.ProjectException;
import cinegen.project.io.RecoverableProject;
import cinegen.ui.bin.BinItem;
import cinegen.ui.bin.MediaBinViewModel;
import cinegen.ui.common.ErrorMessages;
import cinegen.frames.GenerationMode;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.mask.MaskEditorViewModel;
import cinegen.ui.presets.PresetCatalog;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.presets.StylePreset;
import cinegen.ui.sweep.StyleSweepViewModel;
import cinegen.ui.queue.JobRow;
import cinegen.ui.queue.QueueViewModel;
import cinegen.ui.status.StatusViewModel;
import cinegen.ui.timeline.ClipSpan;
import cinegen.ui.timeline.Thumbnail;
import cinegen.ui.timeline.TimelineEditor;
import cinegen.ui.timeline.TimelineViewModel;
import cinegen.ui.viewer.PreviewMosaic;
import cinegen.ui.viewer.ViewerViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * The studio window's state: one view-model per panel, which panels are shown, and the links between panels and
 * services. The viewer plays the timeline's <em>program</em> (every clip in order, at the timeline's frame rate)
 * and the playhead follows it; picking media in the bin shows that media instead until the timeline is used again.
 * Generation: the inspector's settings become a project recipe, the recipe an engine request on the generation
 * queue; live previews go to the viewer, and a finished clip is saved into the project and put on the timeline.
 */
public final class MainViewModel {
    /** Preview tiles are scaled up to this many pixels on their longer side. */
    static final int PREVIEW_TILE = 96;
    static final int THUMBNAIL_HEIGHT = 40;
    /**
     * Bin items are decoded up to this many frames for showing them alone, painting masks and as inpainting input
     * (the most a generation takes). The timeline always decodes every frame (issue 30).
     */
    static final int MAX_DECODED_FRAMES = 240;
    /** One thread for the whole studio that checks prompts against the model's vocabulary or tokenizer. */
    private static final java.util.concurrent.Executor PROMPT_CHECKS = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cinegen-prompt-check");
        t.setDaemon(true);
        return t;
    });

    private final StatusViewModel status;
    private final MediaBinViewModel mediaBin;
    private final PresetShelfViewModel presets = new PresetShelfViewModel();
    private final StyleSweepViewModel sweep = new StyleSweepViewModel();
    private final ViewerViewModel viewer = new ViewerViewModel();
    private final InspectorViewModel inspector;
    private final TimelineViewModel timeline = new TimelineViewModel();
    private final MaskEditorViewModel mask = new MaskEditorViewModel();
    private final QueueViewModel queue;
    private final StudioContext ctx;
    private final cinegen.ui.inspector.ModelPickerViewModel models = new cinegen.ui.inspector.ModelPickerViewModel();
    private final cinegen.ui.inspector.ClipInfoViewModel clipInfo = new cinegen.ui.inspector.ClipInfoViewModel();
    /** Models added by hand (Add model…), remembered in the user settings by the window. */
    private final javafx.collections.ObservableList<Path> addedModels = javafx.collections.FXCollections.observableArrayList();
    /** The model the person chose (null: the bundled one), remembered in the user settings by the window. */
    private final javafx.beans.property.ObjectProperty<cinegen.app.settings.UserSettings.ModelSelection> chosenModel =
            new javafx.beans.property.SimpleObjectProperty<>(this, "chosenModel");
    /** The model the studio opens with (the bundled one, or the one given at start). */
    private Path bundledModel;
    /** Set when the person chose a model: its loading, ready or failed state goes to the status bar. */
    private boolean announceModel;
    private final BooleanProperty sidebarShown = new SimpleBooleanProperty(this, "sidebarShown", true);
    private final BooleanProperty inspectorShown = new SimpleBooleanProperty(this, "inspectorShown", true);
    private final BooleanProperty timelineShown = new SimpleBooleanProperty(this, "timelineShown", true);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", StudioWindow.TITLE);
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper(this, "undoText", "Undo");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper(this, "redoText", "Redo");
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper(this, "generating");
    private final ReadOnlyBooleanWrapper clipHasRecipe = new ReadOnlyBooleanWrapper(this, "clipHasRecipe");
    private final ReadOnlyBooleanWrapper showingProgram = new ReadOnlyBooleanWrapper(this, "showingProgram", true);
    /** Frames of bin items at their own size, by media id, at most {@link #MAX_DECODED_FRAMES} of them. */
    private final Map<String, FrameSequence> frames = new HashMap<>();
    /** Every frame of the media the timeline uses, by media id: what the renderer plays and exports. */
    private final Map<String, FrameSequence> programFrames = new HashMap<>();
    private final Set<String> loading = new HashSet<>();
    private final Set<String> unreadable = new HashSet<>();
    private final Set<GenerationJob> filed = new HashSet<>();
    private final AtomicReference<StepProgress> latestStep = new AtomicReference<>();
    private final AtomicBoolean stepPending = new AtomicBoolean();
    private final ProjectListener projectListener = this::projectChanged;
    private final Runnable historyListener = this::historyChanged;
    private Project project;
    private UndoHistory history;
    /** The project's timeline as frames: the same renderer the export command uses, fed from {@link #programFrames}. */
    private TimelineRenderer renderer;
    private GenerationJob previewJob;
    private boolean syncingPlayhead;

    /** A window without services (view-model tests, and a studio whose services could not start). */
    public MainViewModel(RandomGenerator random, String deviceInfo) {
        this(random, deviceInfo, null);
    }

    public MainViewModel(RandomGenerator random, String deviceInfo, StudioContext ctx) {
        this.ctx = ctx;
        status = new StatusViewModel(deviceInfo);
        mediaBin = new MediaBinViewModel(status::showMessage);
        inspector = new InspectorViewModel(random);
        viewer.currentFrameProperty().addListener((o, a, b) -> playheadFollowsViewer());
        viewer.sequenceProperty().addListener((o, a, b) -> playheadFollowsViewer());
        timeline.playheadSecondsProperty().addListener((o, a, b) -> {
            if (syncingPlayhead) return;
            if (!showingProgram.get() && ctx != null) showProgram();
            viewer.seekSeconds(b.doubleValue());
            if (project != null) project.timeline().setPlayhead(timelineFrame(b.doubleValue()));
        });
        mediaBin.selectedProperty().addListener((o, a, item) -> binSelectionChanged(item));
        mask.activeProperty().addListener((o, a, on) -> maskModeChanged(on));
        mask.setOnChange(this::maskStateChanged);
        viewer.currentFrameProperty().addListener((o, a, f) -> {
            if (mask.activeProperty().get()) mask.showFrame(f.intValue());
        });
        presets.sweepBlockedReasonProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            if (!presets.strengthAppliesProperty().get()) return PresetShelfViewModel.NO_STYLE_TO_SWEEP;
            return inspector.generateBlockedReasonProperty().get();
        }, presets.strengthAppliesProperty(), inspector.generateBlockedReasonProperty()));
        sweep.setOnPick(this::useSweepStrength);
        inspector.stylesProperty().bind(presets.summaryProperty());
        timeline.selectedClipIdProperty().addListener(o -> updateClipRecipe());
        clipInfo.setOnCopied(seed -> status.showMessage("Seed " + seed + " copied."));
        timeline.setTransport(new Transport());
        javafx.beans.InvalidationListener marks = o -> {
            String text = timeline.marksText();
            status.showMessage(text == null ? "Export range cleared: File > Export writes the whole timeline."
                    : "Export range: " + text + ".");
        };
        timeline.markInProperty().addListener(marks);
        timeline.markOutProperty().addListener(marks);
        if (ctx == null) {
            queue = null;
            return;
        }
        queue = new QueueViewModel(ctx.generation(), ctx.fx());
        bundledModel = ctx.generation().modelPath();
        inspector.setPromptCheckExecutors(PROMPT_CHECKS, ctx.fx());
        models.setOnChoose(this::chooseModel);
        models.setOnAdd(this::addModel);
        mediaBin.setImporter(this::importFiles);
        inspector.setOnGenerate(this::generate);
        presets.setOnSweep(this::styleSweep);
        sweep.setOnAdd(this::addSweepResult);
        sweep.setCanceller(job -> ctx.generation().cancel(job));
        mediaBin.setOnOpen(this::addSelectedToTimeline);
        timeline.setEditor(new Editor());
        viewer.setCancelAction(this::cancelGeneration);
        ctx.generation().addListener(new GenerationListener() {
            @Override public void jobChanged(GenerationJob job) { ctx.fx().execute(() -> onJobChanged(job)); }
            @Override public void stepDone(GenerationJob job, StepProgress p) { onStep(job, p); }
            @Override public void modelChanged(ModelStatus s) { ctx.fx().execute(() -> showModel(s)); }
        });
        showModel(ctx.generation().modelStatus());
        refreshModels();
        ctx.session().onProjectReplaced(p -> bindProject(p));
        if (ctx.session().project() != null) bindProject(ctx.session().project());
    }

    /** "CPU · 8 cores · no model pack loaded": the device line until the engine service reports its own. */
    public static String defaultDeviceInfo() {
        int cores = Runtime.getRuntime().availableProcessors();
        return "CPU · " + cores + (cores == 1 ? " core" : " cores") + " · no model pack loaded";
    }

    public StatusViewModel status() { return status; }
    /** The model picker (inspector and View > Models…). */
    public cinegen.ui.inspector.ModelPickerViewModel models() { return models; }
    /** The selected clip's recipe. */
    public cinegen.ui.inspector.ClipInfoViewModel clipInfo() { return clipInfo; }
    /** Models added by hand, oldest first. */
    public javafx.collections.ObservableList<Path> addedModels() { return addedModels; }
    /** The model the person chose last (null: the one the studio opens with). */
    public javafx.beans.property.ObjectProperty<cinegen.app.settings.UserSettings.ModelSelection> chosenModelProperty() { return chosenModel; }
    public MediaBinViewModel mediaBin() { return mediaBin; }
    public PresetShelfViewModel presets() { return presets; }
    /** The style sweep strip under the viewer. */
    public StyleSweepViewModel sweep() { return sweep; }
    public ViewerViewModel viewer() { return viewer; }
    public InspectorViewModel inspector() { return inspector; }
    public TimelineViewModel timeline() { return timeline; }
    public MaskEditorViewModel mask() { return mask; }
    /** The jobs panel; null without services. */
    public QueueViewModel queue() { return queue; }
    public Optional<StudioContext> context() { return Optional.ofNullable(ctx); }
    public BooleanProperty sidebarShownProperty() { return sidebarShown; }
    public BooleanProperty inspectorShownProperty() { return inspectorShown; }
    public BooleanProperty timelineShownProperty() { return timelineShown; }
    /** "Kites — Cinegen Studio", with "•" before the name while there are unsaved changes. */
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
    public ReadOnlyStringProperty undoTextProperty() { return undoText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty redoTextProperty() { return redoText.getReadOnlyProperty(); }
    /** True while a job of this window runs (Cancel Generation works). */
    public ReadOnlyBooleanProperty generatingProperty() { return generating.getReadOnlyProperty(); }
    /** True when the selected clip was generated, so it can be regenerated or varied. */
    public ReadOnlyBooleanProperty clipHasRecipeProperty() { return clipHasRecipe.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty showingProgramProperty() { return showingProgram.getReadOnlyProperty(); }
    public Project project() { return project; }

    /** Shows every panel again (the view also puts the dividers back). */
    public void resetLayout() {
        sidebarShown.set(true);
        inspectorShown.set(true);
        timelineShown.set(true);
    }

    // ---- project ----

    private void bindProject(Project p) {
        if (project != null) project.removeListener(projectListener);
        if (history != null) history.removeListener(historyListener);
        project = p;
        history = ctx.session().history();
        frames.clear();
        programFrames.clear();
        unreadable.clear();
        renderer = p == null ? null : new TimelineRenderer(p, item -> programFrames.get(item.id()));
        timeline.clearMarks();
        timeline.thumbnails().clear();
        timeline.select(null);
        mediaBin.forgetSources();
        mask.attach(p, history);
        if (p == null) return;
        p.addListener(projectListener);
        history.addListener(historyListener);
        mediaBin.showMedia(p.media());
        mediaBin.selectedProperty().set(null);
        showingProgram.set(true);
        refreshTimeline();
        historyChanged();
        updateTitle();
    }

    private void projectChanged(ProjectChange c) {
        switch (c.kind()) {
            case MEDIA_ADDED, MEDIA_REMOVED, MEDIA_CHANGED -> {
                mediaBin.showMedia(project.media());
                if (c.kind() == ProjectChange.Kind.MEDIA_REMOVED) {
                    frames.remove(c.id());
                    programFrames.remove(c.id());
                    if (renderer != null) renderer.forgetResized();
                }
            }
            case TIMELINE -> refreshTimeline();
            case NAME, FOLDER, DIRTY -> updateTitle();
            case MASK, MASK_TRACK_ADDED, MASK_TRACK_REMOVED -> mask.projectMasksChanged(c);
            default -> { }
        }
    }

    private void updateTitle() {
        if (project == null) {
            title.set(StudioWindow.TITLE);
            return;
        }
        // A fresh, untouched untitled project is just the studio: the window reads "Cinegen Studio".
        if (isUntitled() && !project.isDirty()) {
            title.set(StudioWindow.TITLE);
            return;
        }
        title.set((project.isDirty() ? "• " : "") + project.name() + " — " + StudioWindow.TITLE);
    }

    private void historyChanged() {
        canUndo.set(history != null && history.canUndo());
        canRedo.set(history != null && history.canRedo());
        undoText.set(history == null ? "Undo" : history.undoName().map(n -> "Undo " + n).orElse("Undo"));
        redoText.set(history == null ? "Redo" : history.redoName().map(n -> "Redo " + n).orElse("Redo"));
    }

    public void undo() {
        if (history != null && history.canUndo()) {
            String name = history.undoName().orElse("");
            history.undo();
            status.showMessage("Undid " + name + ".");
        }
    }

    public void redo() {
        if (history != null && history.canRedo()) {
            String name = history.redoName().orElse("");
            history.redo();
            status.showMessage("Redid " + name + ".");
        }
    }

    public boolean isDirty() { return project != null && project.isDirty(); }
    public boolean isUntitled() { return ctx != null && ctx.session().isUntitled(); }

    /** A new untitled project (ask about unsaved changes first). Returns the problem, or null. */
    public String newProject() {
        return lifecycle(() -> ctx.session().newProject(), "Started a new project.");
    }

    /** Opens a project folder; on failure the current project stays and the returned sentence says why. */
    public String openProject(Path folder) {
        return lifecycle(() -> ctx.session().open(folder), null);
    }

    /** Saves in place; returns the problem or null. An untitled project must use {@link #saveProjectAs}. */
    public String saveProject() {
        return lifecycle(() -> ctx.session().save(), "Saved.");
    }

    /**
     * Saves into the project folder {@code chosen} names (from a save dialog: created when new), refusing a name
     * that is taken with a sentence; returns the problem or null.
     */
    public String saveProjectAs(Path chosen) {
        return lifecycle(() -> ctx.session().saveAs(chosen), null);
    }

    /** Where Save As starts: the folder to create the project in and the name to propose for it. */
    public cinegen.app.studio.StudioSession.SaveAsProposal saveAsProposal() {
        Path documents = Path.of(System.getProperty("user.home"), "Documents");
        Path fallback = java.nio.file.Files.isDirectory(documents) ? documents : Path.of(System.getProperty("user.home"));
        if (ctx == null) return new cinegen.app.studio.StudioSession.SaveAsProposal(fallback, "Untitled");
        return ctx.session().proposeSaveAs(fallback);
    }

    public List<Path> recentProjects() { return ctx == null ? List.of() : ctx.session().recentProjects(); }
    public List<RecoverableProject> recoverableProjects() { return ctx == null ? List.of() : ctx.session().recoverable(); }

    public String recover(RecoverableProject r) {
        return lifecycle(() -> ctx.session().recover(r), "Recovered " + r.projectName() + " as it was autosaved. Save it to keep it.");
    }

    public String discardRecovery(RecoverableProject r) {
        return lifecycle(() -> ctx.session().discardRecovery(r), null);
    }

    /** Writes the autosave if there are unsaved changes; failures go to the status bar. */
    public void autosave() {
        if (ctx == null) return;
        try {
            if (ctx.session().autosave()) status.showMessage("Autosaved.");
        } catch (ProjectException e) {
            status.showMessage(e.getMessage());
        }
    }

    private interface ProjectAction {
        void run() throws ProjectException;
    }

    private String lifecycle(ProjectAction action, String success) {
        if (ctx == null) return "No project services in this window.";
        try {
            action.run();
            if (success != null) status.showMessage(success);
            else if (project != null) status.showMessage(project.name() + (project.folder().map(f -> " · " + f).orElse("")));
            updateTitle();
            return null;
        } catch (ProjectException e) {
            status.showMessage(e.getMessage());
            return e.getMessage();
        }
    }

    // ---- export ----

    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(this, "exporting");
    private final ReadOnlyBooleanWrapper canExport = new ReadOnlyBooleanWrapper(this, "canExport");

    /** True while the timeline has clips and no export runs. */
    public ReadOnlyBooleanProperty canExportProperty() { return canExport.getReadOnlyProperty(); }

    private void updateCanExport() {
        canExport.set(ctx != null && project != null && !project.timeline().clips().isEmpty() && !exporting.get());
    }

    /**
     * What exporting the timeline starts from: the program to write (the whole timeline, or the part between the
     * in and out marks) and the options to propose for it.
     */
    public record ExportSource(TimelineProgram program, cinegen.media.ExportOptions proposed) {
        public int width() { return program.width(); }
        public int height() { return program.height(); }
        public int frameCount() { return (int) Math.min(Integer.MAX_VALUE, program.frameCount()); }
        public double fps() { return program.fps(); }
    }

    private cinegen.media.ExportOptions lastExportOptions;

    /**
     * The timeline's program as the viewer plays it (every clip in order, gaps black), cut to the in and out
     * marks when they are set, and the options to propose: the last ones used in this session, or small frames
     * scaled up to at least {@value #EXPORT_MIN_SIDE} px on their longer side. Null, with a message in the status
     * bar, when there is nothing to export yet.
     */
    public ExportSource exportSource() {
        if (!canExport.get()) return null;
        for (Clip c : project.timeline().clips()) {
            if (programFrames.containsKey(c.mediaId())) continue;
            String name = project.mediaItem(c.mediaId()).map(MediaItem::name).orElse(c.mediaId());
            status.showMessage(unreadable.contains(c.mediaId())
                    ? "The timeline cannot be exported: " + name + " cannot be read."
                    : "The timeline is still loading; try again in a moment.");
            return null;
        }
        TimelineProgram program = renderProgram();
        if (program == null) return null;
        long[] range = exportRange();
        program = program.range(range[0], range[1]);
        if (program.isEmpty()) {
            status.showMessage("The marked range holds no frames; clear the in and out marks (Alt+X on the timeline).");
            return null;
        }
        if (lastExportOptions != null) return new ExportSource(program, lastExportOptions);
        int side = Math.max(program.width(), program.height());
        double scale = Math.min(cinegen.media.ExportOptions.MAX_SCALE, Math.max(1, Math.ceil(EXPORT_MIN_SIDE / (double) side)));
        return new ExportSource(program, cinegen.media.ExportOptions.defaults().withScale(scale));
    }

    /** Timeline frames [from, to) that an export writes: the in and out marks, or the whole timeline. */
    long[] exportRange() {
        long in = timeline.markInProperty().get(), out = timeline.markOutProperty().get();
        return new long[] {Math.max(0, in), out >= 0 ? out : Long.MAX_VALUE};
    }

    /** Exports the timeline with the proposed options (see {@link #exportSource()}). */
    public void exportTimeline(Path out, Runnable whenDone) {
        ExportSource source = exportSource();
        if (source != null) exportTimeline(out, source.proposed(), whenDone);
    }

    /**
     * Exports the timeline's program (or its marked range) to {@code out} with {@code options} through the app's
     * {@link TimelineExport}; the extension picks the format (MP4, GIF, WebM, PNG). Runs off the JavaFX thread,
     * reports progress in the status bar and writes nothing when it fails. The options are proposed again for the
     * next export.
     */
    public void exportTimeline(Path out, cinegen.media.ExportOptions options, Runnable whenDone) {
        ExportSource source = exportSource();
        if (source == null) return;
        TimelineProgram program = source.program();
        lastExportOptions = options;
        exporting.set(true);
        updateCanExport();
        status.begin("Exporting to " + out.getFileName() + "…");
        ctx.tasks().submit(p -> TimelineExport.export(program, out, options, p::update, p::isCancelled),
                result -> {
                    exporting.set(false);
                    updateCanExport();
                    status.finish("Exported " + result.frameCount() + " frames at " + result.width() + "×" + result.height()
                            + " to " + out.getFileName() + ".");
                    if (whenDone != null) whenDone.run();
                },
                reason -> {
                    exporting.set(false);
                    updateCanExport();
                    status.finish("Export failed: " + reason);
                    if (whenDone != null) whenDone.run();
                });
    }

    static final int EXPORT_MIN_SIDE = 256;

    // ---- import ----

    private void importFiles(List<Path> files) {
        for (Path f : files) {
            ctx.tasks().submit(p -> ctx.session().prepareImport(f), item -> {
                ctx.session().addImported(item);
                mediaBin.select(item.id());
                status.showMessage("Imported " + item.name() + " (" + item.width() + "×" + item.height()
                        + (item.isStill() ? "" : ", " + item.frameCount() + " frames") + ").");
            }, reason -> {
                mediaBin.forgetSource(f);
                status.showMessage("Could not import " + f.getFileName() + ": " + reason);
            });
        }
    }

    // ---- bin and viewer ----

    private void binSelectionChanged(BinItem item) {
        inspector.sourceProperty().set(item == null ? InspectorViewModel.Source.NONE
                : item.media().isStill() ? InspectorViewModel.Source.IMAGE : InspectorViewModel.Source.VIDEO);
        updateMaskPainted();
        if (item == null) {
            if (mask.activeProperty().get()) mask.activeProperty().set(false);
            return;
        }
        if (ctx == null) return;
        showingProgram.set(false);
        MediaItem media = item.media();
        withFrames(media, seq -> {
            BinItem still = mediaBin.selectedProperty().get();
            if (still == null || !still.id().equals(media.id()) || showingProgram.get()) return;
            viewer.load(seq);
            if (mask.activeProperty().get()) mask.edit(media, seq);
            status.showMessage(showingText(item.name(), seq, media.frameCount()));
        }, () -> {
            // The viewer and the painter follow the selection: never the previous item's frames under this one's name.
            BinItem still = mediaBin.selectedProperty().get();
            if (still == null || !still.id().equals(media.id()) || showingProgram.get()) return;
            viewer.load(null);
            if (mask.activeProperty().get()) mask.activeProperty().set(false);
        });
    }

    /**
     * "Showing tree.avi (320×240)."; for a video longer than the viewer holds for a bin item, that it shows the first
     * {@value #MAX_DECODED_FRAMES} of its frames (the timeline and the export use all of them).
     */
    static String showingText(String name, FrameSequence seq, int frameCount) {
        String size = seq.width() + "×" + seq.height();
        if (frameCount > seq.frameCount()) {
            return "Showing " + name + " (" + size + "): the first " + seq.frameCount() + " of its " + frameCount
                    + " frames; the timeline and the export use all of them.";
        }
        return "Showing " + name + " (" + size + ").";
    }

    /** Back to the timeline in the viewer when it shows bin media (the timeline was clicked). */
    public void showProgramIfNeeded() {
        if (ctx != null && !showingProgram.get()) showProgram();
    }

    /** Plays the timeline again in the viewer, at the playhead. */
    public void showProgram() {
        if (mask.activeProperty().get()) mask.activeProperty().set(false);
        showingProgram.set(true);
        refreshTimeline();
    }

    private void maskModeChanged(boolean on) {
        BinItem item = mediaBin.selectedProperty().get();
        if (on) {
            if (item == null) {
                mask.activeProperty().set(false);
                status.showMessage("Pick an image or video in the media bin to paint on.");
                return;
            }
            showingProgram.set(false);
            withFrames(item.media(), seq -> {
                viewer.load(seq);
                mask.edit(item.media(), seq);
            }, () -> mask.activeProperty().set(false));
        }
    }

    private void maskStateChanged() {
        updateMaskPainted();
    }

    private void updateMaskPainted() {
        BinItem item = mediaBin.selectedProperty().get();
        inspector.maskPaintedProperty().set(item != null && maskTrackFor(item.id()).map(MaskEditorViewModel::isPainted).orElse(false));
    }

    private Optional<MaskTrack> maskTrackFor(String mediaId) {
        if (project == null) return Optional.empty();
        return project.maskTracks().stream().filter(t -> t.mediaId().map(mediaId::equals).orElse(false)).findFirst();
    }

    /** Runs {@code then} with the media's frames, loading them off the JavaFX thread first if needed. */
    private void withFrames(MediaItem media, java.util.function.Consumer<FrameSequence> then) {
        withFrames(media, then, () -> { });
    }

    /** {@link #withFrames(MediaItem, java.util.function.Consumer)}, running {@code failed} when they cannot be read. */
    private void withFrames(MediaItem media, java.util.function.Consumer<FrameSequence> then, Runnable failed) {
        FrameSequence cached = frames.get(media.id());
        FrameSequence all = programFrames.get(media.id());
        if (cached == null && all != null) {
            cached = all.frameCount() <= MAX_DECODED_FRAMES ? all : all.slice(0, MAX_DECODED_FRAMES);
            frames.put(media.id(), cached);
        }
        if (cached != null) {
            then.accept(cached);
            return;
        }
        Project owner = project;
        ctx.tasks().submit(p -> ctx.session().loadFrames(media, MAX_DECODED_FRAMES), seq -> {
            if (project != owner) return;
            frames.put(media.id(), seq);
            then.accept(seq);
        }, reason -> {
            status.showMessage("Could not show " + media.name() + ": " + reason);
            if (project == owner) failed.run();
        });
    }

    private void playheadFollowsViewer() {
        if (!showingProgram.get()) return;
        FrameSequence s = viewer.sequenceProperty().get();
        syncingPlayhead = true;
        try {
            timeline.playheadSecondsProperty().set(s == null ? 0 : viewer.currentFrame() / s.fps());
            if (project != null && s != null) project.timeline().setPlayhead(viewer.currentFrame());
        } finally {
            syncingPlayhead = false;
        }
    }

    private long timelineFrame(double seconds) {
        double fps = project == null ? timeline.fpsProperty().get() : project.timeline().fps();
        return (long) Math.floor(seconds * fps + 1e-9);
    }

    // ---- timeline ----

    /** Mirrors the project's clips into the timeline and rebuilds the program once every clip's frames are in. */
    private void refreshTimeline() {
        if (project == null) return;
        double fps = project.timeline().fps();
        timeline.fpsProperty().set(fps);
        List<ClipSpan> spans = new ArrayList<>();
        List<MediaItem> missing = new ArrayList<>();
        for (Clip c : project.timeline().clips()) {
            MediaItem m = project.mediaItem(c.mediaId()).orElse(null);
            if (m == null) continue;
            spans.add(new ClipSpan(c.id(), c.mediaId(), c.name().isEmpty() ? m.name() : c.name(), c.start() / fps,
                    c.length() / fps, c.inPoint(), c.outPoint(), m.isStill() ? Integer.MAX_VALUE : m.frameCount()));
            if (!programFrames.containsKey(m.id()) && !unreadable.contains(m.id()) && missing.stream().noneMatch(x -> x.id().equals(m.id()))) missing.add(m);
        }
        timeline.clips().setAll(spans);
        updateCanExport();
        if (timeline.selectedClip().isEmpty()) timeline.select(null);
        updateClipRecipe();
        for (MediaItem m : missing) load(m);
        if (missing.isEmpty() || missing.stream().allMatch(m -> loading.contains(m.id()))) buildProgram();
    }

    private void load(MediaItem m) {
        if (!loading.add(m.id())) return;
        Project owner = project;
        // Every frame: the viewer plays what the export writes, a long video included (issue 30).
        ctx.tasks().submit(p -> ctx.session().loadFrames(m, 0), seq -> {
            loading.remove(m.id());
            if (project != owner) return;
            programFrames.put(m.id(), seq);
            refreshTimeline();
        }, reason -> {
            loading.remove(m.id());
            unreadable.add(m.id());
            status.showMessage(m.name() + " cannot be shown: " + reason);
            refreshTimeline();
        });
    }

    /** The program in the viewer: what {@link TimelineRenderer} makes of the timeline, at the playhead. */
    private void buildProgram() {
        for (MediaItem m : project.media()) {
            FrameSequence f = programFrames.getOrDefault(m.id(), frames.get(m.id()));
            if (f != null && !timeline.thumbnails().containsKey(m.id())) timeline.thumbnails().put(m.id(), thumbnail(f));
        }
        if (!showingProgram.get()) return;
        TimelineProgram program = project.timeline().clips().isEmpty() ? null : renderProgram();
        FrameSequence flat = program == null ? null : program.flatten();
        if (flat == null) {
            viewer.replace(null, 0);
            return;
        }
        int at = (int) Math.min(flat.frameCount() - 1, project.timeline().playhead());
        viewer.replace(flat, Math.max(0, at));
        playheadFollowsViewer();
    }

    /** The whole timeline from the decoded media (not yet decoded or unreadable media show black); null on failure. */
    private TimelineProgram renderProgram() {
        try {
            return renderer.program();
        } catch (Exception e) {
            status.showMessage("The timeline cannot be shown: " + ErrorMessages.describe(e));
            return null;
        }
    }

    static Thumbnail thumbnail(FrameSequence f) {
        int h = Math.min(THUMBNAIL_HEIGHT, f.height());
        int w = Math.max(1, Math.round(f.width() * h / (float) f.height()));
        return new Thumbnail(w, h, Resample.resizeArgb(f.frame(0), f.width(), f.height(), w, h, false));
    }

    private void updateClipRecipe() {
        Optional<GenerationRecipe> r = selectedRecipe();
        clipHasRecipe.set(r.isPresent());
        String name = timeline.selectedClip().map(ClipSpan::name).orElse("");
        clipInfo.show(name, r.orElse(null));
    }

    private Optional<GenerationRecipe> selectedRecipe() {
        if (project == null) return Optional.empty();
        return timeline.selectedClip().flatMap(c -> project.mediaItem(c.mediaId())).flatMap(MediaItem::generation);
    }

    /** Transport keys on the timeline play the program in the viewer; the playhead follows it. */
    private final class Transport implements cinegen.ui.timeline.TimelineTransport {
        @Override public void togglePlay() { showProgramIfNeeded(); viewer.togglePlay(); }
        @Override public void playForward() { showProgramIfNeeded(); viewer.playForward(); }
        @Override public void playReverse() { showProgramIfNeeded(); viewer.playReverse(); }
        @Override public void stop() { viewer.stop(); }

        @Override
        public void step(int frames) {
            showProgramIfNeeded();
            if (frames > 0) viewer.stepForward();
            else viewer.stepBack();
        }

        @Override public void goToStart() { showProgramIfNeeded(); viewer.first(); }
        @Override public void goToEnd() { showProgramIfNeeded(); viewer.last(); }
    }

    /** Timeline edits, each one undoable step. */
    private final class Editor implements TimelineEditor {
        @Override public void move(String clipId, int newIndex) { perform(() -> MoveClipEdit.of(project, clipId, newIndex)); }
        @Override public void trim(String clipId, int in, int out) { perform(() -> TrimClipEdit.of(project, clipId, in, out, false)); }

        @Override
        public boolean splitAtPlayhead() {
            long frame = timelineFrame(timeline.playheadSeconds());
            Optional<Clip> under = project.timeline().clipAt(frame);
            if (under.isEmpty() || under.get().start() == frame) {
                status.showMessage("Put the playhead inside a clip to split it.");
                return false;
            }
            return perform(() -> SplitClipEdit.at(project, frame));
        }

        @Override public void duplicate(String clipId) { perform(() -> DuplicateClipEdit.of(project, clipId)); }
        @Override public void delete(String clipId) { perform(() -> RemoveClipEdit.of(project, clipId)); }
        @Override public void rippleDelete(String clipId) { perform(() -> RippleDeleteClipEdit.of(project, clipId)); }
    }

    private boolean perform(java.util.function.Supplier<cinegen.project.edit.Edit> make) {
        try {
            cinegen.project.edit.Edit e = make.get();
            boolean done = history.perform(e);
            if (done) status.showMessage(e.name() + ".");
            return done;
        } catch (IllegalArgumentException | IllegalStateException e) {
            status.showMessage("Cannot do that: " + e.getMessage() + ".");
            return false;
        }
    }

    /** Puts the bin's selected item at the end of the timeline (a still lasts three seconds); undoable. */
    public void addSelectedToTimeline() {
        BinItem item = mediaBin.selectedProperty().get();
        if (item == null || project == null || history == null) return;
        cinegen.project.edit.AddClipEdit[] made = new cinegen.project.edit.AddClipEdit[1];
        if (perform(() -> made[0] = cinegen.project.edit.AddClipEdit.append(project, item.id()))) {
            String clipId = made[0].clipId();
            showingProgram.set(true);
            if (mask.activeProperty().get()) mask.activeProperty().set(false);
            refreshTimeline();
            selectClip(clipId);
            project.timeline().clip(clipId).ifPresent(c ->
                    timeline.playheadSecondsProperty().set(c.start() / project.timeline().fps()));
        }
    }

    /** Selects a clip on the timeline (and shows the program there). */
    public void selectClip(String clipId) {
        timeline.select(clipId);
        updateClipRecipe();
    }

    // ---- generation ----

    /** Queues a job with the inspector's settings; Generate and Ctrl+Enter do this. */
    public void generate() {
        if (ctx == null || project == null || !inspector.canGenerateProperty().get()) return;
        GenerationRecipe.Builder b = inspectorRecipe();
        if (b == null) return;
        GenerationRecipe recipe = b.styles(presets.toBlend()).build();
        inspector.rememberPrompt();
        submit(recipe, titleFor(recipe.prompt()), null);
        if (inspector.seedRandomProperty().get()) inspector.randomizeSeed();
    }

    /** A recipe of the inspector's settings (styles still to set), or null when its source media is missing. */
    private GenerationRecipe.Builder inspectorRecipe() {
        GenerationMode mode = inspector.modeProperty().get();
        GenerationRecipe.Builder b = GenerationRecipe.builder(project.settings(), mode)
                .prompt(inspector.promptProperty().get().strip())
                .negativePrompt(inspector.negativePromptProperty().get())
                .seed(inspector.seed().get()).steps(inspector.steps().get()).guidance(inspector.guidance().get())
                .sampler(inspector.samplerProperty().get()).frames(inspector.frames().get())
                .fps(inspector.fps().get()).size(inspector.width().get(), inspector.height().get())
                .lowPass(inspector.lowPassProperty().get() ? Math.max(0, Math.min(1, 1 - inspector.lowPassCutoff().get())) : 0);
        if (mode != GenerationMode.TEXT_TO_VIDEO) {
            BinItem source = mediaBin.selectedProperty().get();
            if (source == null) return null;
            b.sourceMediaId(source.id());
            if (mode == GenerationMode.INPAINT || mode == GenerationMode.CINEMAGRAPH) {
                maskTrackFor(source.id()).ifPresent(t -> b.maskTrackId(t.id()));
            }
        }
        return b;
    }

    // ---- style sweep ----

    /** What a sweep job carries: its cell, and the recipe and title to file it with if the artist adds it. */
    record SweepTake(StyleSweepViewModel.Cell cell, GenerationRecipe recipe, String title) {}

    /**
     * Style Sweep: queues the inspector's settings with the same seed at each of
     * {@link PresetShelfViewModel#SWEEP_ALPHAS} of the chosen style (alone, without the blend), and shows the
     * results side by side. They stay out of the project until one is added to the timeline. The seed is kept, so
     * Generate after picking a strength renders the same picture again.
     */
    public void styleSweep() {
        if (ctx == null || project == null) return;
        String blocked = presets.sweepBlockedReasonProperty().get();
        if (blocked != null) {
            status.showMessage(blocked);
            return;
        }
        StylePreset style = presets.selectedProperty().get();
        GenerationRecipe.Builder b = inspectorRecipe();
        if (b == null) return;
        long seed = inspector.seed().get();
        String base = titleFor(inspector.promptProperty().get());
        inspector.rememberPrompt();
        for (StyleSweepViewModel.Cell cell : sweep.start(style, seed, PresetShelfViewModel.SWEEP_ALPHAS)) {
            GenerationRecipe recipe = b.styles(StyleBlend.of(style.id(), cell.alpha())).build();
            String title = base + " · " + style.name() + " " + cell.label();
            submit(recipe, title, new SweepTake(cell, recipe, title));
        }
        status.showMessage("Style sweep of " + style.name() + " queued: " + PresetShelfViewModel.SWEEP_ALPHAS.size()
                + " strengths with seed " + seed + ".");
    }

    /** A sweep cell was picked: the shelf shows its style at its strength. */
    private void useSweepStrength(StyleSweepViewModel.Cell cell) {
        StylePreset swept = sweep.presetProperty().get();
        Optional<StylePreset> onShelf = swept == null ? Optional.empty() : presets.find(swept.id());
        if (onShelf.isEmpty()) {
            status.showMessage("That style is no longer on the shelf.");
            return;
        }
        if (!presets.selectedProperty().get().sameStyle(onShelf.get())) presets.choose(onShelf.get());
        presets.strengthProperty().set(cell.alpha());
        status.showMessage(onShelf.get().name() + " at " + cell.label() + " on the shelf (the sweep's seed was " + sweep.seed() + ").");
    }

    /** Puts a sweep result on the timeline, saved into the project like any generated clip. */
    private void addSweepResult(StyleSweepViewModel.Cell cell) {
        GenerationJob job = cell.job();
        if (ctx == null || job == null || job.result() == null || !(job.tag() instanceof SweepTake take)) return;
        fileVideo(job, take.recipe(), take.title(), () -> sweep.markAdded(cell));
    }

    /** Runs the selected clip's recipe again: the same seed, or a new one ("vary seed"). */
    public void regenerateSelected(boolean newSeed) {
        Optional<GenerationRecipe> r = selectedRecipe();
        if (r.isEmpty() || ctx == null) {
            status.showMessage("Select a generated clip on the timeline first.");
            return;
        }
        GenerationRecipe recipe = newSeed ? r.get().withSeed(Math.floorMod(r.get().seed() + 0x9E3779B9L, InspectorViewModel.MAX_SEED + 1)) : r.get();
        submit(recipe, titleFor(recipe.prompt()) + (newSeed ? " (seed " + recipe.seed() + ")" : " (again)"), null);
    }

    /** What a queued job carries to be filed when it is done. */
    record PendingClip(GenerationRecipe recipe, String title) {}

    /** Queues {@code recipe}; {@code tag} is what files the result (null: a clip for the timeline). */
    private void submit(GenerationRecipe recipe, String title, Object tag) {
        MediaItem source = recipe.source().flatMap(project::mediaItem).orElse(null);
        List<Mask> masks = recipe.mask().flatMap(id -> project.maskTrack(id)).map(MaskTrack::copyOfMasks).orElse(List.of());
        if (recipe.source().isPresent() && source == null) {
            refused(tag, "the source media is no longer in the bin");
            status.showMessage("The clip's source media is no longer in the bin.");
            return;
        }
        Object t = tag == null ? new PendingClip(recipe, title) : tag;
        if (source == null) {
            queue(recipe, title, null, masks, t);
            return;
        }
        withFrames(source, seq -> queue(recipe, title, seq, masks, t));
    }

    private void queue(GenerationRecipe recipe, String title, FrameSequence source, List<Mask> masks, Object tag) {
        try {
            GenerationRequest request = Recipes.toRequest(recipe, source, masks);
            ctx.generation().submit(title, request, mask.cropToRegionProperty().get(), tag);
            status.showMessage("Queued “" + title + "”.");
        } catch (IllegalArgumentException | IllegalStateException e) {
            refused(tag, e.getMessage());
            status.showMessage("Cannot generate: " + e.getMessage() + ".");
        }
    }

    private void refused(Object tag, String reason) {
        if (tag instanceof SweepTake take) sweep.refused(take.cell(), reason);
    }

    public void cancelGeneration() {
        if (previewJob != null) ctx.generation().cancel(previewJob);
    }

    private void onStep(GenerationJob job, StepProgress p) {
        if (job.tag() instanceof SweepTake take) take.cell().stepDone(p, ctx.fx());
        // Worker thread: compose the preview here, so the JavaFX thread only copies pixels.
        PreviewMosaic.Image img = PreviewMosaic.compose(p.previewFrames(), p.previewWidth(), p.previewHeight(), PREVIEW_TILE);
        viewer.pushPreview(img.width(), img.height(), img.argb());
        latestStep.set(p);
        if (stepPending.compareAndSet(false, true)) ctx.fx().execute(() -> {
            stepPending.set(false);
            StepProgress s = latestStep.get();
            if (s == null || previewJob == null) return;
            viewer.previewTextProperty().set(JobRow.stepText(s));
            status.progressProperty().set(s.fraction());
        });
    }

    private void onJobChanged(GenerationJob job) {
        JobState s = job.state();
        if (job.tag() instanceof SweepTake take) sweep.jobChanged(take.cell(), job);
        if (s == JobState.RUNNING && previewJob != job) {
            previewJob = job;
            latestStep.set(null);
            generating.set(true);
            viewer.previewTextProperty().set("Starting “" + job.title() + "”…");
            viewer.previewingProperty().set(true);
            status.begin("Generating “" + job.title() + "”…");
            return;
        }
        if (!s.isFinished()) return;
        if (job == previewJob) {
            previewJob = null;
            generating.set(false);
            viewer.previewingProperty().set(false);
        }
        switch (s) {
            case DONE -> {
                if (job.tag() instanceof SweepTake take) sweepCellDone(job, take);
                else file(job);
            }
            case FAILED -> status.finish("Generation failed: " + job.failure());
            case CANCELLED -> { if (job.progress() != null || job == previewJob) status.finish("Generation of “" + job.title() + "” cancelled."); else status.finish("Cancelled “" + job.title() + "”."); }
            default -> { }
        }
    }

    /** Saves a finished job's frames into the project (off the JavaFX thread), then adds its clip (undoable). */
    private void file(GenerationJob job) {
        if (!(job.tag() instanceof PendingClip pending)) return;
        fileVideo(job, pending.recipe(), pending.title(), null);
    }

    /** Saves a finished job's clip into the project and puts it on the timeline (once per job). */
    private void fileVideo(GenerationJob job, GenerationRecipe draft, String title, Runnable onFiled) {
        if (!filed.add(job)) return;
        GenerationRecipe recipe = Recipes.complete(draft, job.result());
        Project owner = project;
        ctx.tasks().submit(p -> ctx.session().saveGenerated(job.result(), recipe, title), item -> {
            if (project != owner) {
                status.finish("“" + title + "” finished after its project was closed; it was not added.");
                return;
            }
            frames.put(item.id(), job.result().frames());
            programFrames.put(item.id(), job.result().frames());
            String clipId = ctx.session().addGenerated(item);
            showingProgram.set(true);
            if (mask.activeProperty().get()) mask.activeProperty().set(false);
            project.timeline().clip(clipId).ifPresent(c -> project.timeline().setPlayhead(c.start()));
            refreshTimeline();
            selectClip(clipId);
            timeline.playheadSecondsProperty().set(project.timeline().playhead() / project.timeline().fps());
            status.finish("Generated “" + title + "” in " + String.format(java.util.Locale.ROOT, "%.1f s", job.result().elapsedNanos() / 1e9) + ".");
            if (onFiled != null) onFiled.run();
            autosave();
        }, reason -> {
            filed.remove(job);
            status.finish("The generated clip could not be saved: " + reason);
        });
    }

    /** A sweep cell's job is done: its result stays in the strip; the status bar counts the sweep. */
    private void sweepCellDone(GenerationJob job, SweepTake take) {
        if (!sweep.isCurrent(take.cell())) {
            status.finish("“" + job.title() + "” finished after its sweep was closed; it was let go.");
            return;
        }
        long done = sweep.cells().stream().filter(c -> c.stateProperty().get() == JobState.DONE).count();
        if (!sweep.runningProperty().get()) {
            status.finish("Style sweep done: click a result to use its strength.");
        } else {
            status.finish("Style sweep: " + take.cell().label() + " done (" + done + " of " + sweep.cells().size() + ").");
        }
    }

    /**
     * The model's state: the device line, the picker's state, and whether Generate can run (only once the model is
     * ready: its defaults, limits and sizes come from its info). After the person chose a model, its loading, ready
     * or failed state also goes to the status bar, failures with their sentence.
     */
    private void showModel(ModelStatus s) {
        status.deviceInfoProperty().set(s.describe());
        boolean ready = s.state() == ModelStatus.State.READY;
        inspector.engineAvailableProperty().set(ready);
        switch (s.state()) {
            case NOT_LOADED, LOADING -> inspector.engineProblemProperty().set("The model " + s.name() + " is loading…");
            case READY -> { }
            default -> inspector.engineProblemProperty().set(s.problem());
        }
        Path path = ctx == null ? null : ctx.generation().modelPath();
        Path motion = ctx == null ? null : ctx.generation().motionPath();
        switch (s.state()) {
            case NOT_LOADED, LOADING -> {
                models.stateProperty().set(cinegen.ui.inspector.ModelPickerViewModel.State.LOADING);
                models.stateTextProperty().set("Loading " + s.name() + "…");
                if (announceModel) status.showMessage("Loading the model " + s.name() + "…");
            }
            case READY -> {
                models.stateProperty().set(cinegen.ui.inspector.ModelPickerViewModel.State.READY);
                models.stateTextProperty().set("Ready");
                models.remember(path, motion, s.info());
                if (announceModel) status.showMessage("The model " + s.name() + " is ready.");
                announceModel = false;
            }
            case FAILED, MISSING -> {
                models.stateProperty().set(cinegen.ui.inspector.ModelPickerViewModel.State.FAILED);
                models.stateTextProperty().set(s.problem());
                if (announceModel) status.showMessage(s.problem());
                announceModel = false;
            }
        }
        if (path != null) models.find(path, motion).ifPresent(models.currentProperty()::set);
        if (ready) {
            inspector.applyModel(s.info());
            inspector.advisorProperty().set(ctx == null ? cinegen.app.generate.PromptAdvisor.none() : ctx.generation().promptAdvisor());
            loadPresets(s);
        } else {
            inspector.advisorProperty().set(cinegen.app.generate.PromptAdvisor.none());
        }
    }

    // ---- models ----

    /** Scans the models folders (off the JavaFX thread) and lists what they hold in the picker. */
    public void refreshModels() {
        if (ctx == null) return;
        models.scanningProperty().set(true);
        Path bundled = bundledModel;
        List<Path> added = List.copyOf(addedModels);
        ctx.tasks().submit(p -> cinegen.app.ModelCatalog.list(bundled, cinegen.app.ModelFolders.roots(), added), found -> {
            models.scanningProperty().set(false);
            models.entries().setAll(found);
            Path path = ctx.generation().modelPath();
            if (path != null) {
                Path motion = ctx.generation().motionPath();
                Optional<cinegen.app.ModelCatalog.Entry> now = models.find(path, motion);
                if (now.isEmpty()) {
                    cinegen.app.ModelCatalog.Entry e = new cinegen.app.ModelCatalog.Entry(path, motion, null, "", "", null, path.equals(bundled));
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
    public void chooseModel(cinegen.app.ModelCatalog.Entry e) {
        if (ctx == null || e == null) return;
        if (!e.usable()) {
            status.showMessage(e.name() + " cannot be used: " + e.reason());
            return;
        }
        if (e.sameModel(ctx.generation().modelPath(), ctx.generation().motionPath())
                && ctx.generation().modelStatus().state() != ModelStatus.State.FAILED) {
            models.currentProperty().set(e);
            status.showMessage(e.name() + " is the model in use.");
            return;
        }
        announceModel = true;
        models.currentProperty().set(e);
        chosenModel.set(e.path().equals(bundledModel) && e.motion() == null ? null
                : new cinegen.app.settings.UserSettings.ModelSelection(e.path().toString(), e.motion() == null ? null : e.motion().toString()));
        ctx.generation().selectModel(e.path(), e.motion());
    }

    /** Restores a model chosen in an earlier session, when it is still there; otherwise says why not. */
    public void restoreModel(cinegen.app.settings.UserSettings.ModelSelection saved) {
        if (ctx == null || saved == null) return;
        Path path = Path.of(saved.path());
        Path motion = saved.motion() == null ? null : Path.of(saved.motion());
        if (!java.nio.file.Files.exists(path) || (motion != null && !java.nio.file.Files.exists(motion))) {
            status.showMessage("The model chosen last time is gone (" + (java.nio.file.Files.exists(path) ? motion : path)
                    + "); using " + (bundledModel == null ? "none" : bundledModel.getFileName()) + ".");
            return;
        }
        if (path.equals(bundledModel) && motion == null) return;
        chosenModel.set(saved);
        ctx.generation().selectModel(path, motion);
        models.find(path, motion).ifPresent(models.currentProperty()::set);
    }

    /** Add model…: lists the picked file or folder (remembered) and chooses it when it can be used. */
    public void addModel(Path path) {
        if (ctx == null || path == null) return;
        Path abs = path.toAbsolutePath().normalize();
        ctx.tasks().submit(p -> cinegen.app.ModelCatalog.inspect(abs, cinegen.app.ModelFolders.roots()), found -> {
            if (!addedModels.contains(abs)) addedModels.add(abs);
            for (cinegen.app.ModelCatalog.Entry e : found) {
                if (models.find(e.path(), e.motion()).isEmpty()) models.entries().add(e);
            }
            Optional<cinegen.app.ModelCatalog.Entry> usable = found.stream().filter(cinegen.app.ModelCatalog.Entry::usable).findFirst();
            if (usable.isPresent()) chooseModel(models.find(usable.get().path(), usable.get().motion()).orElse(usable.get()));
            else status.showMessage(found.isEmpty() ? abs.getFileName() + " holds no model." : found.get(0).reason());
        }, reason -> status.showMessage("Could not read " + abs.getFileName() + ": " + reason));
    }

    /**
     * Shows the pack's styles at once (text cards), then, read off the JavaFX thread, the preset files that name
     * them: labels, descriptions, default strengths and thumbnails.
     */
    private void loadPresets(ModelStatus s) {
        presets.setInstalled(PresetCatalog.load(null, s.name(), s.styles()).presets());
        if (ctx == null || ctx.presetsFolder() == null || s.styles().isEmpty()) return;
        Path folder = ctx.presetsFolder();
        ctx.tasks().submit(p -> PresetCatalog.load(folder, s.name(), s.styles()), found -> {
            presets.setInstalled(found.presets());
            if (!found.problems().isEmpty()) {
                status.showMessage("Some style presets could not be used: " + String.join("; ", found.problems()) + ".");
            }
        }, reason -> status.showMessage("The style presets could not be read: " + reason));
    }

    // ---- using a clip's recipe ----

    /**
     * Puts the selected clip's recipe back into the inspector and the shelf (prompt, seed, settings, styles and
     * their strengths), so Generate makes it again or a variation of it.
     */
    public void useSelectedRecipe() {
        Optional<GenerationRecipe> r = selectedRecipe();
        if (r.isEmpty()) {
            status.showMessage("Select a generated clip on the timeline first.");
            return;
        }
        List<String> missing = showRecipe(r.get());
        status.showMessage(missing.isEmpty() ? "The clip's settings are in the inspector and on the shelf."
                : "The clip's settings are in the inspector; its style " + String.join(", ", missing)
                + " is not on the shelf (the model pack has no such weight set).");
    }

    /** Shows a recipe in the inspector and on the shelf; returns the styles that are not on the shelf. */
    List<String> showRecipe(GenerationRecipe r) {
        if (inspector.isAvailable(r.mode())) inspector.modeProperty().set(r.mode());
        inspector.promptProperty().set(r.prompt());
        inspector.negativePromptProperty().set(r.negativePrompt());
        inspector.seed().setValue(r.seed());
        inspector.steps().setValue(r.steps());
        inspector.guidance().setValue(Math.max(InspectorViewModel.MIN_GUIDANCE, r.guidance()));
        inspector.samplerProperty().set(r.sampler());
        inspector.frames().setValue(r.frames());
        inspector.fps().setValue((int) Math.round(r.fps()));
        inspector.width().setValue(r.width());
        inspector.height().setValue(r.height());
        inspector.lowPassProperty().set(r.lowPass() > 0);
        if (r.lowPass() > 0) inspector.lowPassCutoff().setValue(Math.max(InspectorViewModel.MIN_CUTOFF, 1 - r.lowPass()));
        return presets.apply(r.styles());
    }

    /** A short name for a clip from its prompt: the first words, at most 32 characters. */
    static String titleFor(String prompt) {
        String p = prompt.strip().replaceAll("\\s+", " ");
        if (p.length() <= 32) return p;
        int cut = p.lastIndexOf(' ', 32);
        return p.substring(0, cut > 12 ? cut : 32) + "…";
    }

    /** Why a failure happened, as one sentence (for dialogs). */
    static String describe(Throwable t) { return ErrorMessages.describe(t); }
}
