package cinegen.app.generate;

import ai.djl.Device;
import cinegen.engine.pack.DeviceChoice;
import cinegen.app.ModelFamilies;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationCancelledException;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.NativeMemory;
import cinegen.engine.pipeline.VideoPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The generation queue: jobs run one at a time on one worker thread, which owns the model (loaded lazily, on that
 * thread, when the first job or {@link #loadModel()} needs it). Jobs are queued, running, done, failed (with a
 * sentence saying why) or cancelled; queued jobs can be reordered or cancelled, a running one cancelled (it stops
 * within a sampling step), a finished one retried. Toolkit-free: listeners hand events to their own thread.
 */
public final class GenerationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationService.class);

    private volatile ModelSource source;
    private final DeviceChoice device;
    private final Object lock = new Object();
    /** Queued jobs, in the order they will run. */
    private final List<GenerationJob> queue = new ArrayList<>();
    /** Every job of this session, oldest first. */
    private final List<GenerationJob> jobs = new ArrayList<>();
    private final List<GenerationListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread worker;
    private GenerationJob running;
    private boolean loadRequested;
    private boolean closed;
    private volatile ModelStatus status;
    private volatile PromptAdvisor advisor = PromptAdvisor.none();
    // Owned by the worker thread only.
    private LoadedModel model;
    private VideoPipeline pipeline;
    /** A model chosen by {@link #selectModel} that the worker has not switched to yet. */
    private ModelSource pendingSource;

    /**
     * @param packDir   the model pack folder, or null when none was found ({@code missingReason} says where it looked)
     * @param device    where to load the model
     */
    public GenerationService(Path packDir, DeviceChoice device, String missingReason) {
        this.source = packDir == null ? null : ModelSource.of(packDir);
        this.device = Objects.requireNonNull(device, "device");
        this.status = packDir == null
                ? ModelStatus.missing(Objects.requireNonNullElse(missingReason, "No model pack was found."))
                : new ModelStatus(ModelStatus.State.NOT_LOADED, packName(packDir), null, null, null);
        worker = new Thread(this::work, "cinegen-generation");
        worker.setDaemon(true);
        worker.start();
    }

    private static String packName(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }

    public void addListener(GenerationListener l) { listeners.add(Objects.requireNonNull(l, "listener")); }
    public void removeListener(GenerationListener l) { listeners.remove(l); }

    public ModelStatus modelStatus() { return status; }

    /** The model jobs run with (the one selected last), or null when none was found. */
    public ModelSource modelSource() { return source; }

    /** The file or folder of the model jobs run with, or null when none was found. */
    public Path modelPath() {
        ModelSource s = source;
        return s == null ? null : s.base();
    }

    /** The motion module the model runs with, or null. */
    public Path motionPath() {
        ModelSource s = source;
        return s == null ? null : s.motion();
    }

    /**
     * What the loaded model makes of prompts (its vocabulary or its tokenizer); {@link PromptAdvisor#none()} until a
     * model is ready. Set before the READY status is announced.
     */
    public PromptAdvisor promptAdvisor() { return advisor; }

    /** {@link #selectModel(ModelSource)} by paths: a model file or folder and its motion module (null: none). */
    public void selectModel(Path base, Path motion) {
        selectModel(new ModelSource(Objects.requireNonNull(base, "model"), motion, null));
    }

    /**
     * Switches to another model (any family): jobs already queued run with it. The old model is freed and the new one
     * loaded on the worker thread, between jobs; a model that cannot be loaded leaves the status FAILED with a sentence.
     */
    public void selectModel(ModelSource next) {
        Objects.requireNonNull(next, "model");
        synchronized (lock) {
            if (closed) return;
            source = next;
            pendingSource = next;
            status = new ModelStatus(ModelStatus.State.NOT_LOADED, packName(next.base()), null, null, null);
            loadRequested = true;
            lock.notifyAll();
        }
        for (GenerationListener l : listeners) l.modelChanged(status);
    }

    /** Every job of this session, oldest first (a snapshot). */
    public List<GenerationJob> jobs() {
        synchronized (lock) {
            return List.copyOf(jobs);
        }
    }

    /** The queued jobs in the order they will run (a snapshot). */
    public List<GenerationJob> queued() {
        synchronized (lock) {
            return List.copyOf(queue);
        }
    }

    /** Style files the person added (LoRAs, second checkpoints): offered to every Stable Diffusion model loaded. */
    private final List<Path> styleFiles = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Style files to offer the loaded model on the worker thread, between jobs. */
    private final List<Path> pendingStyleFiles = new ArrayList<>();

    /**
     * Puts a style file on the shelf of the Stable Diffusion model in use (and of those loaded later): a LoRA or a
     * second checkpoint of the same architecture, blended live at its strength; its weights are read when a job
     * first uses it. Returns null when it is taken, or a sentence saying why it cannot be a style.
     */
    public String addStyleFile(Path file) {
        Path f = file.toAbsolutePath().normalize();
        var scanned = cinegen.engine.diffusers.io.ModelScanner.scan(f);
        var kind = scanned.kind();
        boolean style = kind == cinegen.engine.diffusers.io.ModelKind.LORA || kind == cinegen.engine.diffusers.io.ModelKind.MOTION_LORA
                || kind == cinegen.engine.diffusers.io.ModelKind.CHECKPOINT;
        if (!scanned.usable()) return f.getFileName() + ": " + scanned.unusableReason();
        if (!style) return f.getFileName() + " is " + scanned.description() + ", not a LoRA or a checkpoint to blend as a style.";
        cinegen.engine.family.ModelInfo info = status.info();
        if (info != null && !cinegen.engine.family.sd.SdFamily.ID.equals(info.familyId())) {
            return info.name() + " takes its styles from its own pack; style files go with Stable Diffusion models.";
        }
        synchronized (lock) {
            if (closed) return "The generation service is closed.";
            if (!styleFiles.contains(f)) styleFiles.add(f);
            pendingStyleFiles.add(f);
            loadRequested = true;
            lock.notifyAll();
        }
        return null;
    }

    /** The style files added with {@link #addStyleFile}, in order. */
    public List<Path> styleFiles() { return List.copyOf(styleFiles); }

    /** Loads the model in the background now, so the first job starts sooner and the device is known. */
    public void loadModel() {
        synchronized (lock) {
            if (closed || !status.isUsable()) return;
            loadRequested = true;
            lock.notifyAll();
        }
    }

    /**
     * Queues a request at the end of the queue, cropping to the painted region as its mode does by default
     * ({@link SourceComposite#cropsByDefault}).
     *
     * @throws IllegalStateException when there is no model or the service is closed
     */
    public GenerationJob submit(String title, GenerationRequest request, Object tag) {
        return submit(title, request, SourceComposite.cropsByDefault(request.mode()), tag);
    }

    /**
     * Queues a request at the end of the queue. Its image or video and masks are at the source's own size; the clip
     * comes back at that size ({@link SourceComposite}), the model seeing only the painted region and a margin when
     * {@code cropToRegion} is set.
     *
     * @throws IllegalStateException when there is no model or the service is closed
     */
    public GenerationJob submit(String title, GenerationRequest request, boolean cropToRegion, Object tag) {
        GenerationJob job = new GenerationJob(title, request, cropToRegion, tag);
        synchronized (lock) {
            if (closed) throw new IllegalStateException("the generation service is closed");
            if (status.state() == ModelStatus.State.MISSING) throw new IllegalStateException(status.problem());
            queue.add(job);
            jobs.add(job);
            // Announced before the worker can take it (it needs the lock), so listeners see QUEUED before RUNNING.
            // Listeners only hand events to their own thread, so calling them under the lock cannot deadlock.
            fireChanged(job);
            lock.notifyAll();
        }
        return job;
    }

    /** Cancels a queued job at once, or asks a running one to stop. Returns false when it had already finished. */
    public boolean cancel(GenerationJob job) {
        boolean cancelledHere;
        synchronized (lock) {
            if (job.state() == JobState.QUEUED && queue.remove(job)) {
                job.setState(JobState.CANCELLED);
                cancelledHere = true;
            } else if (job == running) {
                job.cancel.cancel();
                return true;
            } else {
                return false;
            }
        }
        if (cancelledHere) fireChanged(job);
        return true;
    }

    /** Queues a finished job's request again, as a new job. */
    public GenerationJob retry(GenerationJob job) {
        if (!job.state().isFinished()) throw new IllegalStateException(job + " has not finished");
        return submit(job.title(), job.request(), job.cropToRegion(), job.tag());
    }

    /** Moves a queued job to {@code index} in the queue (clamped). Returns false when it is not queued any more. */
    public boolean moveTo(GenerationJob job, int index) {
        synchronized (lock) {
            int from = queue.indexOf(job);
            if (from < 0) return false;
            queue.remove(from);
            queue.add(Math.max(0, Math.min(queue.size(), index)), job);
        }
        fireChanged(job);
        return true;
    }

    /** Cancels everything, stops the worker (waiting a little for a running job to stop) and frees the model. */
    @Override
    public void close() {
        List<GenerationJob> dropped;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
            for (GenerationJob j : dropped) j.setState(JobState.CANCELLED);
            if (running != null) running.cancel.cancel();
            lock.notifyAll();
        }
        for (GenerationJob j : dropped) fireChanged(j);
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- worker thread ----

    private void work() {
        try {
            while (true) {
                GenerationJob job;
                synchronized (lock) {
                    while (!closed && queue.isEmpty() && !loadRequested) lock.wait();
                    if (closed) return;
                    loadRequested = false;
                    job = queue.isEmpty() ? null : queue.remove(0);
                    if (job != null) {
                        running = job;
                        job.setState(JobState.RUNNING);
                    }
                }
                if (job == null) {
                    ensureModel();
                    offerPendingStyleFiles();
                    continue;
                }
                fireChanged(job);
                execute(job);
                boolean idle;
                synchronized (lock) {
                    running = null;
                    idle = queue.isEmpty();
                }
                fireChanged(job);
                // Between jobs only: give the finished job's tensor memory back to the system (about 1 GB).
                if (idle) NativeMemory.releaseFreed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (model != null) model.close();
        }
    }

    private void execute(GenerationJob job) {
        try {
            if (job.cancel.isCancelled()) throw new GenerationCancelledException();
            VideoPipeline p = ensureModel();
            if (p == null) {
                job.fail(status.problem());
                return;
            }
            GeneratedVideo v = SourceComposite.generate(p, job.request(), job.cropToRegion(), progress -> {
                job.setProgress(progress);
                for (GenerationListener l : listeners) {
                    try {
                        l.stepDone(job, progress);
                    } catch (RuntimeException e) {
                        LOG.error("A generation listener failed", e);
                    }
                }
            }, job.cancel);
            job.finish(v);
        } catch (GenerationCancelledException e) {
            job.setState(JobState.CANCELLED);
        } catch (ModelPackException e) {
            job.fail(e.getMessage());
        } catch (IllegalArgumentException e) {
            job.fail("The engine refused the request: " + e.getMessage() + ".");
        } catch (OutOfMemoryError e) {
            job.fail("Not enough memory for this job. Try fewer frames or fewer steps.");
        } catch (RuntimeException e) {
            LOG.error("Generation failed", e);
            job.fail("The engine failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ").");
        }
    }

    /** The pipeline, loading the model first if needed; null when it cannot be loaded (status says why). */
    private VideoPipeline ensureModel() {
        ModelSource wanted;
        synchronized (lock) {
            wanted = pendingSource;
            pendingSource = null;
        }
        if (wanted != null && model != null) {
            // Another model was selected: free this one first (two SD models need not fit at once).
            pipeline = null;
            advisor = PromptAdvisor.none();
            model.close();
            model = null;
            NativeMemory.releaseFreed();
        }
        if (pipeline != null) return pipeline;
        if (!status.isUsable() || source == null) return null;
        ModelSource src = source;
        String name = status.name();
        setStatus(new ModelStatus(ModelStatus.State.LOADING, name, null, null, null));
        try {
            Device d = device.resolve();
            model = ModelFamilies.load(src, d);
            pipeline = new VideoPipeline(model);
            LoadedModel m = model;
            offerFolderLoras(m);
            if (cinegen.engine.family.sd.SdFamily.ID.equals(m.info().familyId())) for (Path f : styleFiles) m.offerStyle(f);
            synchronized (lock) {
                pendingStyleFiles.clear();
            }
            useFolderPreviewDecoder(m);
            advisor = PromptAdvisor.of(m);
            setStatus(readyStatus(m, d.getDeviceType()));
        } catch (ModelPackException | RuntimeException e) {
            LOG.warn("Model could not be loaded: {}", e.getMessage());
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            setStatus(new ModelStatus(ModelStatus.State.FAILED, name, null, null,
                    "The model in " + src.base() + " could not be loaded (" + why + ")."));
            return null;
        }
        return pipeline;
    }

    /**
     * The LoRAs of the models folders ({@code loras/}) that fit a Stable Diffusion model go on its style shelf; each is
     * read only when a job first uses it.
     */
    private static void offerFolderLoras(LoadedModel m) {
        if (!cinegen.engine.family.sd.SdFamily.ID.equals(m.info().familyId())) return;
        for (Path root : cinegen.app.ModelFolders.roots()) {
            Path loras = root.resolve("loras");
            if (!java.nio.file.Files.isDirectory(loras)) continue;
            try (var files = java.nio.file.Files.list(loras)) {
                for (Path f : files.sorted().toList()) {
                    var scanned = cinegen.engine.diffusers.io.ModelScanner.scan(f);
                    boolean lora = scanned.kind() == cinegen.engine.diffusers.io.ModelKind.LORA
                            || scanned.kind() == cinegen.engine.diffusers.io.ModelKind.MOTION_LORA;
                    if (lora && scanned.usable()) m.offerStyle(f);
                }
            } catch (java.io.IOException e) {
                LOG.warn("The LoRAs in {} could not be listed: {}", loras, e.getMessage());
            }
        }
    }

    /**
     * A Stable Diffusion or ModelScope model previews through the models folders' TAESD decoder ({@code vae_approx/}),
     * when there is one; without it (or if it cannot be read) the latent-grid preview stays.
     */
    private static void useFolderPreviewDecoder(LoadedModel m) {
        String family = m.info().familyId();
        if (!cinegen.engine.family.sd.SdFamily.ID.equals(family) && !cinegen.engine.family.modelscope.ModelScopeFamily.ID.equals(family)) return;
        cinegen.app.ModelFolders.previewDecoder(cinegen.app.ModelFolders.roots()).ifPresent(p -> {
            try {
                m.usePreviewDecoder(p);
            } catch (ModelPackException e) {
                LOG.warn("The preview decoder {} could not be used: {}", p, e.getMessage());
            }
        });
    }

    /** READY with the model's styles as they are now (the shelf lists them). */
    private static ModelStatus readyStatus(LoadedModel m, String device) {
        List<ModelStatus.Style> styles = m.styleNames().stream().map(n -> new ModelStatus.Style(n, m.styleDescription(n),
                m.styleFile(n).flatMap(cinegen.app.StylePreviews::beside).orElse(null))).toList();
        return new ModelStatus(ModelStatus.State.READY, m.info().name(), m.hash(), device, null, styles, m.info());
    }

    /** Worker thread: style files added since the model loaded go on its shelf, and the shelf hears of them. */
    private void offerPendingStyleFiles() {
        List<Path> todo;
        synchronized (lock) {
            todo = List.copyOf(pendingStyleFiles);
            pendingStyleFiles.clear();
        }
        LoadedModel m = model;
        if (todo.isEmpty() || m == null || status.state() != ModelStatus.State.READY) return;
        if (!cinegen.engine.family.sd.SdFamily.ID.equals(m.info().familyId())) return;
        for (Path f : todo) m.offerStyle(f);
        setStatus(readyStatus(m, status.device()));
    }

    private void setStatus(ModelStatus s) {
        status = s;
        for (GenerationListener l : listeners) l.modelChanged(s);
    }

    private void fireChanged(GenerationJob job) {
        for (GenerationListener l : listeners) {
            try {
                l.jobChanged(job);
            } catch (RuntimeException e) {
                LOG.error("A generation listener failed", e);
            }
        }
    }
}
