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
import cinegen.ui.takes.StyleSweepViewModel;
import cinegen.ui.takes.Take;
import cinegen.ui.takes.TakeStrip;
import cinegen.ui.takes.VariantsViewModel;
import cinegen.ui.viewer.PreviewMosaic;
import cinegen.ui.viewer.ViewerViewModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.util.ArrayList;
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
 * queue (Generate, Regenerate, Vary Seed, and the takes of the style sweep and of Generate 4 Variants); live previews
 * go to the viewer; a finished clip's frames are written into the project on the project-files thread and its clip
 * is put on the timeline. A take's result waits in its strip until the artist keeps it (then it is filed the same
 * way). One strip is shown at a time: starting a sweep closes the variants and the other way round.
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
    private final VariantsViewModel variants;
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

    /** What a take's job carries: its strip and take, and the recipe and title to file it with if the artist keeps it. */
    record StripTake(TakeStrip<?> strip, Take take, GenerationRecipe recipe, String title) {}

    /** What a queued job carries to be filed when it is done. */
    record PendingClip(GenerationRecipe recipe, String title) {}

    /** A job to queue; {@code tag} is what files its result (null: a clip for the timeline). */
    private record Queued(GenerationRecipe recipe, String title, Object tag) {}

    /**
     * @param autosave runs after a finished clip was added (writes the autosave)
     * @param jobs     told of each job queued for the project and of the clip each done job added
     */
    GenerationCoordinator(GenerationService generation, StudioSession session, ProjectFilesQueue files, Executor fx,
                          InspectorViewModel inspector, PresetShelfViewModel presets, StyleSweepViewModel sweep,
                          VariantsViewModel variants, ViewerViewModel viewer, MaskEditorViewModel mask, StatusViewModel status,
                          InspectorRecipes recipes, MediaFrames frames, ProgramCoordinator program, Runnable autosave,
                          JobHistory jobs) {
        this.generation = generation;
        this.session = session;
        this.files = files;
        this.fx = fx;
        this.inspector = inspector;
        this.presets = presets;
        this.sweep = sweep;
        this.variants = variants;
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
        inspector.setOnGenerateVariants(this::generateVariants);
        presets.setOnSweep(this::styleSweep);
        sweep.setOnKeep(this::keepTake);
        sweep.setCanceller(generation::cancel);
        variants.setOnPick(this::playTake);
        variants.setOnKeep(this::keepTake);
        // A take let go without Keep gives its frames back, unless its clip is being filed right now.
        java.util.function.Consumer<GenerationJob> letGo = job -> {
            if (!filed.contains(job)) job.releaseFrames();
        };
        sweep.setOnLetGo(letGo);
        variants.setOnLetGo(letGo);
        variants.setCanceller(generation::cancel);
        viewer.setCancelAction(this::cancelGeneration);
        generation.addListener(new GenerationListener() {
            @Override public void jobChanged(GenerationJob job) { fx.execute(() -> onJobChanged(job)); }
            @Override public void stepDone(GenerationJob job, StepProgress p) { onStep(job, p); }
        });
    }

    /** True while a job of this window runs (Cancel Generation works). */
    ReadOnlyBooleanProperty generatingProperty() { return generating.getReadOnlyProperty(); }

    /** A new current project: the takes on show belong to the old one and are let go. */
    void bind(Project p) {
        if (p != project) {
            sweep.close();
            variants.close();
        }
        project = p;
    }

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
        variants.close();
        List<Queued> batch = new ArrayList<>();
        for (StyleSweepViewModel.Cell cell : sweep.start(style, seed, PresetShelfViewModel.SWEEP_ALPHAS)) {
            GenerationRecipe recipe = b.styles(StyleBlend.of(style.id(), cell.alpha())).build();
            String title = base + " · " + style.name() + " " + cell.label();
            batch.add(new Queued(recipe, title, new StripTake(sweep, cell, recipe, title)));
        }
        submit(batch, "Style sweep of " + style.name() + " queued: " + PresetShelfViewModel.SWEEP_ALPHAS.size()
                + " strengths with seed " + seed + ".");
    }

    /**
     * Generate 4 Variants: queues the inspector's settings with {@link VariantsViewModel#COUNT} seeds (the box's seed
     * and the next ones, or random ones when the box rolls a new seed after each Generate) as one batch, shown side by
     * side under the viewer. The takes stay out of the project until the artist keeps one; the source and masks of
     * image to video, inpainting and cinemagraphs are the same for every take.
     */
    void generateVariants() {
        if (project == null || !inspector.canGenerateProperty().get()) return;
        GenerationRecipe.Builder b = recipes.inspectorRecipe(project);
        if (b == null) return;
        b.styles(presets.toBlend());
        List<Long> seeds = inspector.variantSeeds(VariantsViewModel.COUNT);
        String base = InspectorRecipes.titleFor(inspector.promptProperty().get());
        inspector.rememberPrompt();
        sweep.close();
        List<Queued> batch = new ArrayList<>();
        for (VariantsViewModel.Variant take : variants.start(base, seeds)) {
            GenerationRecipe recipe = b.seed(take.seed()).build();
            String title = base + " (seed " + take.seed() + ")";
            batch.add(new Queued(recipe, title, new StripTake(variants, take, recipe, title)));
        }
        submit(batch, seeds.size() + " variants queued: seeds " + seeds.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + ".");
        if (inspector.seedRandomProperty().get()) inspector.randomizeSeed();
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

    /** Keeps a take: its clip is saved into the project and put on the timeline like any generated clip. */
    private void keepTake(Take take) {
        GenerationJob job = take.job();
        if (job == null || job.result() == null || !(job.tag() instanceof StripTake t) || t.take() != take) return;
        fileVideo(job, t.recipe(), t.title(), () -> t.strip().markKept(take));
    }

    /** A variant was picked: the viewer plays it (once it is rendered). */
    private void playTake(VariantsViewModel.Variant take) {
        FrameSequence f = take.resultProperty().get();
        if (f == null) {
            status.showMessage("The take with " + take.label() + " is not rendered yet; it plays once it is.");
            return;
        }
        if (mask.activeProperty().get()) mask.activeProperty().set(false);
        program.showBinMedia();
        viewer.load(f);
        viewer.playForward();
        status.showMessage("Playing the take with " + take.label() + ": Keep puts it on the timeline.");
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

    /** Queues {@code recipe} as a clip for the timeline. */
    private void submit(GenerationRecipe recipe, String title, Object tag) {
        submit(List.of(new Queued(recipe, title, tag)), "Queued “" + title + "”.");
    }

    /**
     * Queues jobs of one source and mask track (the first recipe's), in order, decoding the source once for all of
     * them; {@code queuedText} goes to the status bar once they are queued.
     */
    private void submit(List<Queued> batch, String queuedText) {
        GenerationRecipe first = batch.get(0).recipe();
        MediaItem source = first.source().flatMap(project::mediaItem).orElse(null);
        List<Mask> masks = first.mask().flatMap(id -> project.maskTrack(id)).map(MaskTrack::copyOfMasks).orElse(List.of());
        if (first.source().isPresent() && source == null) {
            for (Queued q : batch) refused(q.tag(), "the source media is no longer in the bin");
            status.showMessage("The clip's source media is no longer in the bin.");
            return;
        }
        List<Queued> tagged = batch.stream()
                .map(q -> q.tag() != null ? q : new Queued(q.recipe(), q.title(), new PendingClip(q.recipe(), q.title()))).toList();
        if (source == null) {
            queue(tagged, null, masks, queuedText);
            return;
        }
        frames.withFrames(source, seq -> queue(tagged, seq, masks, queuedText),
                () -> { for (Queued q : tagged) refused(q.tag(), "the source media cannot be read"); });
    }

    private void queue(List<Queued> batch, FrameSequence source, List<Mask> masks, String queuedText) {
        for (Queued q : batch) {
            try {
                GenerationRequest request = Recipes.toRequest(q.recipe(), source, masks);
                // What the model saw is part of the recipe (older recipes: the mode's default), so Regenerate sees it again.
                boolean crop = q.recipe().cropToRegion() != null ? q.recipe().cropToRegion()
                        : cinegen.app.generate.SourceComposite.cropsByDefault(q.recipe().mode());
                GenerationJob job = generation.submit(q.title(), request, crop, q.tag());
                jobs.queued(job, q.recipe());
            } catch (IllegalArgumentException | IllegalStateException e) {
                for (Queued rest : batch.subList(batch.indexOf(q), batch.size())) refused(rest.tag(), e.getMessage());
                status.showMessage("Cannot generate: " + e.getMessage() + ".");
                return;
            }
        }
        status.showMessage(queuedText);
    }

    private void refused(Object tag, String reason) {
        if (tag instanceof StripTake t) t.strip().refused(t.take(), reason);
    }

    /** Cancels the running job; when it is a take, the takes of its batch still to render too. */
    void cancelGeneration() {
        if (previewJob == null) return;
        if (previewJob.tag() instanceof StripTake t && t.strip().isCurrent(t.take())) t.strip().cancel();
        else generation.cancel(previewJob);
    }

    /** Generation worker: composes the preview there, so the JavaFX thread only copies pixels. */
    private void onStep(GenerationJob job, StepProgress p) {
        if (job.tag() instanceof StripTake t) t.take().stepDone(p, fx);
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
        if (job.tag() instanceof StripTake t) t.strip().jobChanged(t.take(), job);
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
                if (job.tag() instanceof StripTake t) takeDone(job, t);
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
                job.releaseFrames();
                return;
            }
            frames.putGenerated(item.id(), job.result().frames());
            String clipId = session.addGenerated(item);
            jobs.filed(job, item.id());
            program.showNewClip(clipId);
            status.finish("Generated “" + title + "” in " + String.format(Locale.ROOT, "%.1f s", job.result().elapsedNanos() / 1e9) + ".");
            if (onFiled != null) onFiled.run();
            autosave.run();
            job.releaseFrames(); // the project's frame cache holds them now, as long as the clip is shown
        }, reason -> {
            filed.remove(job);
            status.finish(project != owner ? closed : "The generated clip could not be saved: " + reason);
        });
    }

    /**
     * A take's job is done: its result stays in the strip (a picked variant plays now); the status bar counts the
     * batch.
     */
    private void takeDone(GenerationJob job, StripTake t) {
        TakeStrip<?> strip = t.strip();
        String batch = strip == sweep ? "Style sweep" : "Variants";
        if (!strip.isCurrent(t.take())) {
            status.finish("“" + job.title() + "” finished after its " + batch.toLowerCase(Locale.ROOT) + " strip was closed; it was let go.");
            return;
        }
        long done = strip.takes().stream().filter(c -> c.stateProperty().get() == JobState.DONE).count();
        if (!strip.runningProperty().get()) {
            status.finish(strip == sweep ? "Style sweep done: click a result to use its strength."
                    : "Variants done: click a take to play it, Keep to put it on the timeline.");
        } else {
            status.finish(batch + ": " + t.take().label() + " done (" + done + " of " + strip.takes().size() + ").");
        }
        if (t.take() instanceof VariantsViewModel.Variant v && variants.pickedProperty().get() == v) playTake(v);
    }
}
