package cinegen.ui.main;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.GenerationListener;
import cinegen.app.generate.GenerationService;
import cinegen.app.generate.JobState;
import cinegen.app.generate.Recipes;
import cinegen.app.studio.StudioSession;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.StepProgress;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.project.GenerationRecipe;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.StyleBlend;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.mask.MaskEditorViewModel;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.presets.StylePreset;
import cinegen.ui.queue.JobRow;
import cinegen.ui.status.StatusViewModel;
import cinegen.ui.sweep.StyleSweepViewModel;
import cinegen.ui.viewer.PreviewMosaic;
import cinegen.ui.viewer.ViewerViewModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Generation: the inspector's settings become a project recipe, the recipe an engine request on the generation
 * queue (Generate, Regenerate, Vary Seed, and the style sweep's cells); live previews go to the viewer; a finished
 * clip's frames are written into the project on the project-files thread and its clip is put on the timeline.
 * FX thread, except the step previews, which are composed on the generation worker.
 */
final class GenerationCoordinator {
    /** Preview tiles are scaled up to this many pixels on their longer side. */
    static final int PREVIEW_TILE = 96;

    private final GenerationService generation;
    private final StudioSession session;
    private final ProjectFilesQueue files;
    private final Executor fx;
    private final InspectorViewModel inspector;
    private final PresetShelfViewModel presets;
    private final StyleSweepViewModel sweep;
    private final ViewerViewModel viewer;
    private final MaskEditorViewModel mask;
    private final StatusViewModel status;
    private final InspectorRecipes recipes;
    private final MediaFrames frames;
    private final ProgramCoordinator program;
    private final Runnable autosave;
    private final JobHistory jobs;
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper(this, "generating");
    private final Set<GenerationJob> filed = new HashSet<>();
    private final AtomicReference<StepProgress> latestStep = new AtomicReference<>();
    private final AtomicBoolean stepPending = new AtomicBoolean();
    private Project project;
    private GenerationJob previewJob;

    /** What a sweep job carries: its cell, and the recipe and title to file it with if the artist adds it. */
    record SweepTake(StyleSweepViewModel.Cell cell, GenerationRecipe recipe, String title) {}

    /** What a queued job carries to be filed when it is done. */
    record PendingClip(GenerationRecipe recipe, String title) {}

    /**
     * @param autosave runs after a finished clip was added (writes the autosave)
     * @param jobs     told of each job queued for the project and of the clip each done job added
     */
    GenerationCoordinator(GenerationService generation, StudioSession session, ProjectFilesQueue files, Executor fx,
                          InspectorViewModel inspector, PresetShelfViewModel presets, StyleSweepViewModel sweep,
                          ViewerViewModel viewer, MaskEditorViewModel mask, StatusViewModel status,
                          InspectorRecipes recipes, MediaFrames frames, ProgramCoordinator program, Runnable autosave,
                          JobHistory jobs) {
        this.generation = generation;
        this.session = session;
        this.files = files;
        this.fx = fx;
        this.inspector = inspector;
        this.presets = presets;
        this.sweep = sweep;
        this.viewer = viewer;
        this.mask = mask;
        this.status = status;
        this.recipes = recipes;
        this.frames = frames;
        this.program = program;
        this.autosave = autosave;
        this.jobs = jobs;
        jobs.setRetrySaved(this::retry);
        presets.sweepBlockedReasonProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            if (!presets.strengthAppliesProperty().get()) return PresetShelfViewModel.NO_STYLE_TO_SWEEP;
            return inspector.generateBlockedReasonProperty().get();
        }, presets.strengthAppliesProperty(), inspector.generateBlockedReasonProperty()));
        sweep.setOnPick(this::useSweepStrength);
        inspector.setOnGenerate(this::generate);
        presets.setOnSweep(this::styleSweep);
        sweep.setOnAdd(this::addSweepResult);
        sweep.setCanceller(generation::cancel);
        viewer.setCancelAction(this::cancelGeneration);
        generation.addListener(new GenerationListener() {
            @Override public void jobChanged(GenerationJob job) { fx.execute(() -> onJobChanged(job)); }
            @Override public void stepDone(GenerationJob job, StepProgress p) { onStep(job, p); }
        });
    }

    /** True while a job of this window runs (Cancel Generation works). */
    ReadOnlyBooleanProperty generatingProperty() { return generating.getReadOnlyProperty(); }

    void bind(Project p) { project = p; }

    /** Queues a job with the inspector's settings; Generate and Ctrl+Enter do this. */
    void generate() {
        if (project == null || !inspector.canGenerateProperty().get()) return;
        GenerationRecipe.Builder b = recipes.inspectorRecipe(project);
        if (b == null) return;
        GenerationRecipe recipe = b.styles(presets.toBlend()).build();
        inspector.rememberPrompt();
        submit(recipe, InspectorRecipes.titleFor(recipe.prompt()), null);
        if (inspector.seedRandomProperty().get()) inspector.randomizeSeed();
    }

    /**
     * Style Sweep: queues the inspector's settings with the same seed at each of
     * {@link PresetShelfViewModel#SWEEP_ALPHAS} of the chosen style (alone, without the blend), and shows the
     * results side by side. They stay out of the project until one is added to the timeline. The seed is kept, so
     * Generate after picking a strength renders the same picture again.
     */
    void styleSweep() {
        if (project == null) return;
        String blocked = presets.sweepBlockedReasonProperty().get();
        if (blocked != null) {
            status.showMessage(blocked);
            return;
        }
        StylePreset style = presets.selectedProperty().get();
        GenerationRecipe.Builder b = recipes.inspectorRecipe(project);
        if (b == null) return;
        long seed = inspector.seed().get();
        String base = InspectorRecipes.titleFor(inspector.promptProperty().get());
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
        if (job == null || job.result() == null || !(job.tag() instanceof SweepTake take)) return;
        fileVideo(job, take.recipe(), take.title(), () -> sweep.markAdded(cell));
    }

    /** Runs the selected clip's recipe again: the same seed, or a new one ("vary seed"). */
    void regenerateSelected(boolean newSeed) {
        Optional<GenerationRecipe> r = program.selectedRecipe();
        if (r.isEmpty()) {
            status.showMessage("Select a generated clip on the timeline first.");
            return;
        }
        GenerationRecipe recipe = newSeed ? r.get().withSeed(Math.floorMod(r.get().seed() + 0x9E3779B9L, InspectorViewModel.MAX_SEED + 1)) : r.get();
        submit(recipe, InspectorRecipes.titleFor(recipe.prompt()) + (newSeed ? " (seed " + recipe.seed() + ")" : " (again)"), null);
    }

    /** Queues a saved job's recipe again (Retry in the jobs panel): its clip goes on the timeline when done. */
    void retry(GenerationRecipe recipe, String title) {
        if (project != null) submit(recipe, title, null);
    }

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
        frames.withFrames(source, seq -> queue(recipe, title, seq, masks, t));
    }

    private void queue(GenerationRecipe recipe, String title, FrameSequence source, List<Mask> masks, Object tag) {
        try {
            GenerationRequest request = Recipes.toRequest(recipe, source, masks);
            GenerationJob job = generation.submit(title, request, mask.cropToRegionProperty().get(), tag);
            jobs.queued(job, recipe);
            status.showMessage("Queued “" + title + "”.");
        } catch (IllegalArgumentException | IllegalStateException e) {
            refused(tag, e.getMessage());
            status.showMessage("Cannot generate: " + e.getMessage() + ".");
        }
    }

    private void refused(Object tag, String reason) {
        if (tag instanceof SweepTake take) sweep.refused(take.cell(), reason);
    }

    void cancelGeneration() {
        if (previewJob != null) generation.cancel(previewJob);
    }

    /** Generation worker: composes the preview there, so the JavaFX thread only copies pixels. */
    private void onStep(GenerationJob job, StepProgress p) {
        if (job.tag() instanceof SweepTake take) take.cell().stepDone(p, fx);
        PreviewMosaic.Image img = PreviewMosaic.compose(p.previewFrames(), p.previewWidth(), p.previewHeight(), PREVIEW_TILE);
        viewer.pushPreview(img.width(), img.height(), img.argb());
        latestStep.set(p);
        if (stepPending.compareAndSet(false, true)) fx.execute(() -> {
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

    /**
     * Saves a finished job's clip into the project and puts it on the timeline (once per job). The frames are
     * written on the project-files thread, in turn with saves: into the folder the project has when they are
     * written, also when Save As moves it meanwhile.
     */
    private void fileVideo(GenerationJob job, GenerationRecipe draft, String title, Runnable onFiled) {
        if (!filed.add(job)) return;
        GenerationRecipe recipe = Recipes.complete(draft, job.result());
        Project owner = project;
        String closed = "“" + title + "” finished after its project was closed; it was not added.";
        files.submit(() -> session.saveGenerated(owner, job.result(), recipe, title), item -> {
            if (project != owner) {
                status.finish(closed);
                return;
            }
            frames.putGenerated(item.id(), job.result().frames());
            String clipId = session.addGenerated(item);
            jobs.filed(job, item.id());
            program.showNewClip(clipId);
            status.finish("Generated “" + title + "” in " + String.format(Locale.ROOT, "%.1f s", job.result().elapsedNanos() / 1e9) + ".");
            if (onFiled != null) onFiled.run();
            autosave.run();
        }, reason -> {
            filed.remove(job);
            status.finish(project != owner ? closed : "The generated clip could not be saved: " + reason);
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
}
