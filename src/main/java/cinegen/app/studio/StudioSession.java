package cinegen.app.studio;

import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.frames.FrameSequence;
import cinegen.media.ImportOptions;
import cinegen.media.MediaException;
import cinegen.media.MediaImporter;
import cinegen.media.MediaInfo;
import cinegen.project.GenerationRecipe;
import cinegen.project.Ids;
import cinegen.project.MediaItem;
import cinegen.frames.MediaKind;
import cinegen.project.Project;
import cinegen.project.edit.AddGeneratedClipEdit;
import cinegen.project.edit.ImportMediaEdit;
import cinegen.project.edit.UndoHistory;
import cinegen.project.io.ProjectException;
import cinegen.project.io.ProjectStore;
import cinegen.project.io.RecoverableProject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The studio's document: the current project, its undo history and the store that saves it. A current project
 * always exists. Until the person saves it somewhere, it is an <em>untitled</em> project kept in a scratch folder
 * under the settings folder, so generated frames, autosave and crash recovery work from the first minute; Save As
 * moves it to the folder the person picks and the scratch folder is removed.
 * <p>
 * Toolkit-free. The project, its history and the listeners belong to the UI thread. The ones marked "background"
 * take what they need as arguments and may run on a worker. The lifecycle (new, open, save, Save As, autosave,
 * recovery) comes in two forms: plain methods that do everything on the calling (UI) thread, and {@link FileTask}s
 * whose file work runs on a worker while only their short {@link FileTask#finish} step touches the project, so the
 * studio keeps its UI thread free (docs/decisions/0617).
 */
public final class StudioSession implements AutoCloseable {
    public static final String UNTITLED_NAME = "Untitled";
    public static final String UNTITLED_FOLDER = "untitled";
    private static final Logger LOG = LoggerFactory.getLogger(StudioSession.class);

    private final ProjectStore store;
    private final Path untitledRoot;
    private final List<Consumer<Project>> projectListeners = new CopyOnWriteArrayList<>();
    private Project project;
    private UndoHistory history;

    /** A session with a fresh untitled project. */
    public static StudioSession start(Path settingsFolder) throws ProjectException {
        StudioSession s = new StudioSession(settingsFolder);
        s.swapIn(s.createUntitled());
        return s;
    }

    /** A session without a project yet: call {@link #newProject()} or {@link #recover} before anything else. */
    public StudioSession(Path settingsFolder) {
        this.store = new ProjectStore(settingsFolder);
        this.untitledRoot = settingsFolder.resolve(UNTITLED_FOLDER);
    }

    public Project project() { return project; }
    public UndoHistory history() { return history; }
    public ProjectStore store() { return store; }

    /** Told (on the UI thread) when another project becomes the current one (null: closed), or it moved (Save As). */
    public void onProjectReplaced(Consumer<Project> listener) { projectListeners.add(Objects.requireNonNull(listener)); }

    /** True while the project lives in its scratch folder and Save must ask where to put it. */
    public boolean isUntitled() { return project != null && isUntitled(project); }

    private boolean isUntitled(Project p) {
        return p.folder().map(f -> f.toAbsolutePath().normalize().startsWith(untitledRoot.toAbsolutePath().normalize())).orElse(true);
    }

    /** Recently saved or opened project folders, newest first, without the scratch folders. */
    public List<Path> recentProjects() {
        return store.recentProjects().list().stream()
                .filter(p -> !p.toAbsolutePath().normalize().startsWith(untitledRoot.toAbsolutePath().normalize())).toList();
    }

    // ---- project lifecycle in steps: file work on a worker, the project on the UI thread ----

    /**
     * A change of the project's files in three steps, so that the file work can run on a worker while the project,
     * its history and the session's listeners are only touched on the UI thread: {@link #write} (the file work, on
     * the studio's project-files thread), then {@link #finish} (UI thread: the project takes the result), then
     * {@link #cleanUp} (project-files thread again: removes what the change left behind, such as a closed untitled
     * project's scratch folder). When {@code write} fails nothing else runs and the current project stays as it
     * was. Created on the UI thread.
     */
    public static final class FileTask {
        /** File work that may fail with a sentence. */
        @FunctionalInterface
        public interface Work {
            void run() throws ProjectException;
        }

        private final Work write;
        private final Runnable finish;
        private final Runnable cleanUp;
        private volatile boolean written;

        private FileTask(Work write, Runnable finish, Runnable cleanUp) {
            this.write = write;
            this.finish = finish;
            this.cleanUp = cleanUp;
        }

        /** Project-files thread: the file work. */
        public void write() throws ProjectException {
            write.run();
            written = true;
        }

        /** UI thread, after {@link #write} succeeded. */
        public void finish() {
            if (!written) throw new IllegalStateException("finish before the files were written");
            finish.run();
        }

        /** Project-files thread, after {@link #finish}; failures are logged (nothing the person made is at stake). */
        public void cleanUp() {
            try {
                cleanUp.run();
            } catch (RuntimeException e) {
                LOG.warn("Cleaning up after a project change failed: {}", e.getMessage());
            }
        }

        /** All three steps on the calling (UI) thread. */
        void runHere() throws ProjectException {
            write();
            finish();
            cleanUp();
        }
    }

    /** A new untitled project: created on the worker, current on finish; the old one is closed on clean-up. */
    public FileTask newProjectTask() {
        Project[] fresh = new Project[1];
        Runnable[] release = new Runnable[1];
        return new FileTask(() -> fresh[0] = createUntitled(), () -> release[0] = swapIn(fresh[0]), () -> release[0].run());
    }

    /**
     * Opens the project in {@code folder} (refused at once when it is the current one). On failure the current
     * project stays as it was and nothing is written anywhere.
     */
    public FileTask openTask(Path folder) throws ProjectException {
        if (project != null && project.folder().isPresent() && sameFolder(project.folder().get(), folder)) {
            throw new ProjectException("That project is already open.");
        }
        Project[] opened = new Project[1];
        Runnable[] release = new Runnable[1];
        return new FileTask(() -> opened[0] = store.open(folder), () -> release[0] = swapIn(opened[0]), () -> release[0].run());
    }

    /** Opens a crashed project's autosave as the current project (with unsaved changes). */
    public FileTask recoverTask(RecoverableProject r) {
        Project[] recovered = new Project[1];
        Runnable[] release = new Runnable[1];
        return new FileTask(() -> recovered[0] = store.recover(r), () -> release[0] = swapIn(recovered[0]), () -> release[0].run());
    }

    /** Throws a crashed project's autosave away (and an untitled one's scratch folder). */
    public FileTask discardRecoveryTask(RecoverableProject r) {
        return new FileTask(() -> {
            store.discardRecovery(r);
            if (isUnderUntitled(r.folder())) deleteTree(r.folder());
        }, () -> { }, () -> { });
    }

    /** Saves in place from a snapshot taken now; refused at once for an untitled project (it needs Save As). */
    public FileTask saveTask() throws ProjectException {
        if (isUntitled()) throw new ProjectException("This project has not been saved yet; choose a folder with Save As.");
        Project p = project;
        ProjectStore.Snapshot snapshot = store.snapshot(p);
        return new FileTask(() -> store.writeSave(snapshot), () -> store.finishSave(p, snapshot, null), () -> { });
    }

    /**
     * Save As from a snapshot taken now, into the project folder {@code chosen} names (see {@link #projectFolderFor},
     * refused at once when it cannot be one): the files are written and the project is bound to the new folder on
     * the worker (a clip finishing meanwhile is written there), the project continues there on finish, and an
     * untitled project's scratch folder goes on clean-up.
     */
    public FileTask saveAsTask(Path chosen) throws ProjectException {
        Project p = project;
        Path folder = p.folder().map(f -> sameFolder(f, chosen)).orElse(false) ? chosen : projectFolderFor(chosen);
        boolean wasUntitled = isUntitled();
        Path old = p.folder().orElse(null);
        String name = folder.getFileName() == null ? "" : folder.getFileName().toString().strip();
        ProjectStore.Snapshot snapshot = wasUntitled && !name.isEmpty() ? store.snapshot(p, name) : store.snapshot(p);
        Path[] target = new Path[1];
        return new FileTask(() -> target[0] = store.writeSaveAs(snapshot, folder), () -> {
            store.finishSave(p, snapshot, target[0]);
            if (project == p) notifyReplaced(); // the title and folder changed
        }, () -> {
            if (wasUntitled && old != null && !sameFolder(old, target[0])) deleteTree(old);
        });
    }

    /** Writes the autosave from a snapshot taken now; null when there are no unsaved changes. */
    public FileTask autosaveTask() {
        if (project == null || !project.isDirty()) return null;
        ProjectStore.Snapshot snapshot = store.snapshot(project);
        return new FileTask(() -> store.writeAutosave(snapshot), () -> { }, () -> { });
    }

    /**
     * UI thread: closes the project (unsaved changes are dropped: ask first) and returns the clean-up to run on the
     * project-files thread: its autosave and session marker go, and an untitled project's scratch folder.
     */
    public Runnable detach() {
        return swapIn(null);
    }

    // ---- project lifecycle on the calling (UI) thread ----

    /** Replaces the current project with a new untitled one. Ask about unsaved changes first. */
    public Project newProject() throws ProjectException {
        newProjectTask().runHere();
        return project;
    }

    /**
     * Opens the project in {@code folder} and makes it current. On failure the current project stays as it was and
     * nothing is written anywhere. Ask about unsaved changes first.
     */
    public Project open(Path folder) throws ProjectException {
        openTask(folder).runHere();
        return project;
    }

    /** Saves in place; an untitled project needs {@link #saveAs(Path)}. */
    public void save() throws ProjectException {
        saveTask().runHere();
    }

    /** Where Save As proposes to put the project: a {@code folder} to create it in and the new folder's {@code name}. */
    public record SaveAsProposal(Path folder, String name) {}

    /**
     * What Save As proposes: next to the project when it has been saved before, else next to the most recent
     * project, else in {@code fallback} (the person's documents); named after the project, with " 2", " 3"... added
     * when that name is taken there.
     */
    public SaveAsProposal proposeSaveAs(Path fallback) {
        Path folder = null;
        if (project != null && !isUntitled()) folder = project.folder().map(Path::getParent).orElse(null);
        if (folder == null) folder = recentProjects().stream().map(Path::getParent).filter(p -> p != null && Files.isDirectory(p)).findFirst().orElse(null);
        if (folder == null || !Files.isDirectory(folder)) folder = fallback;
        String base = project == null || isUntitled() ? UNTITLED_NAME : project.name();
        String name = base;
        for (int i = 2; folder != null && Files.exists(folder.resolve(name)) && i < 1000; i++) name = base + " " + i;
        return new SaveAsProposal(folder, name);
    }

    /**
     * The project folder for the path a save dialog returns: the folder the person named, created by Save As. A
     * {@code .cgproj.json} typed after the name is dropped (the project file inside gets that name). Refused with a
     * sentence: no name, a name that is a file, or a folder that already holds something.
     */
    public static Path projectFolderFor(Path chosen) throws ProjectException {
        Path name = chosen == null ? null : chosen.getFileName();
        String n = name == null ? "" : name.toString().strip();
        for (String ext : new String[] {".cgproj.json", ".cgproj"}) {
            if (n.toLowerCase(Locale.ROOT).endsWith(ext)) n = n.substring(0, n.length() - ext.length()).strip();
        }
        if (n.isEmpty() || n.equals(".") || n.equals("..") || n.endsWith(".")) {
            throw new ProjectException("Type a name for the project; a folder of that name is created for it.");
        }
        Path folder = chosen.resolveSibling(n);
        if (Files.isRegularFile(folder)) {
            throw new ProjectException("There is a file called “" + n + "” there already; choose another name for the project.");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> s = Files.list(folder)) {
                if (s.findAny().isPresent()) {
                    boolean isProject = Files.exists(folder.resolve(ProjectStore.PROJECT_FILE));
                    throw new ProjectException("“" + n + "” " + (isProject ? "is another project" : "is a folder with files in it")
                            + "; choose a new name (Save As creates the project's folder).");
                }
            } catch (IOException e) {
                throw new ProjectException("The folder “" + n + "” cannot be read (" + e.getMessage() + ").", e);
            }
        }
        return folder;
    }

    /**
     * Saves into the project folder {@code chosen} names (see {@link #projectFolderFor}: created when new, or an
     * empty folder) and continues there; an untitled project is named after the folder and its scratch folder goes.
     */
    public void saveAs(Path chosen) throws ProjectException {
        saveAsTask(chosen).runHere();
    }

    /** Writes the autosave when there are unsaved changes; returns whether it wrote. */
    public boolean autosave() throws ProjectException {
        FileTask task = autosaveTask();
        if (task == null) return false;
        task.runHere();
        return true;
    }

    /** Projects a crashed studio left with unsaved work. */
    public List<RecoverableProject> recoverable() { return store.findRecoverable(); }

    /** Opens a crashed project's autosave as the current project (with unsaved changes). */
    public Project recover(RecoverableProject r) throws ProjectException {
        recoverTask(r).runHere();
        return project;
    }

    public void discardRecovery(RecoverableProject r) throws ProjectException {
        discardRecoveryTask(r).runHere();
    }

    /** Closes the project (unsaved changes are dropped: ask first); an untitled project's scratch folder goes. */
    @Override
    public void close() {
        detach().run();
    }

    // ---- media (background parts marked) ----

    /**
     * Background: reads all of {@code file} (holding no frame; a video's frames are counted on its frame grid, decision
     * 107) and, only when it can be read to its end, copies it into the project's media folder. A file that cannot be
     * read is refused with its sentence and nothing is copied, so a failed import adds nothing to the bin.
     */
    public MediaItem prepareImport(Path file) throws ProjectException, MediaException {
        return prepareImport(project, file);
    }

    /** {@link #prepareImport(Path)} into {@code owner} (read on the UI thread before going to the worker). */
    public MediaItem prepareImport(Project owner, Path file) throws ProjectException, MediaException {
        MediaInfo info = MediaImporter.scan(file);
        String path = store.importFile(owner, file);
        String name = String.valueOf(file.getFileName());
        String id = Ids.newId("media");
        if (info.kind() == MediaKind.IMAGE) return MediaItem.image(id, name, path, info.width(), info.height());
        int frames = Math.max(1, info.frameCount());
        return MediaItem.video(id, name, path, info.width(), info.height(), frames, info.fps() > 0 ? info.fps() : 24);
    }

    /** UI thread: puts a prepared item into the bin, as an undoable edit. */
    public void addImported(MediaItem item) {
        history.perform(ImportMediaEdit.of(project, item));
    }

    /** Background: saves a finished job's frames into the project; returns the new media item (not yet in the bin). */
    public MediaItem saveGenerated(GeneratedVideo video, GenerationRecipe recipe, String name) throws ProjectException {
        return saveGenerated(project, video, recipe, name);
    }

    /**
     * {@link #saveGenerated(GeneratedVideo, GenerationRecipe, String)} into {@code owner} (read on the UI thread):
     * the frames go to the folder the store has the project bound to when they are written, so a clip that finishes
     * during Save As lands in the new folder.
     */
    public MediaItem saveGenerated(Project owner, GeneratedVideo video, GenerationRecipe recipe, String name) throws ProjectException {
        String id = Ids.newId("gen");
        FrameSequence frames = video.frames();
        store.saveFrames(owner, id, frames);
        return MediaItem.generated(id, name, frames.width(), frames.height(), frames.frameCount(), frames.fps(), recipe);
    }

    /** UI thread: puts a generated item into the bin and a clip of it at the end of the timeline (undoable). */
    public String addGenerated(MediaItem item) {
        AddGeneratedClipEdit edit = AddGeneratedClipEdit.of(project, item);
        history.perform(edit);
        return edit.clipId();
    }

    /**
     * Background: the frames of a bin item. Generated clips come from their PNG folder, images and videos are
     * decoded by the media importer at their own size (videos limited to {@code maxFrames}, 0 for all).
     */
    public FrameSequence loadFrames(MediaItem item, int maxFrames) throws ProjectException, MediaException {
        return loadFrames(project, item, maxFrames);
    }

    /** {@link #loadFrames(MediaItem, int)} of {@code owner}'s item (read on the UI thread). Background. */
    public FrameSequence loadFrames(Project owner, MediaItem item, int maxFrames) throws ProjectException, MediaException {
        if (maxFrames <= 0) return cinegen.app.TimelineRenderer.load(store, owner, item); // as the export command decodes
        if (item.kind() == MediaKind.GENERATED) return store.loadFrames(owner, item);
        Path file = store.resolve(owner, item.path());
        ImportOptions options = ImportOptions.original();
        if (maxFrames > 0) options = options.withMaxFrames(maxFrames);
        FrameSequence frames = MediaImporter.importFile(file, options).frames();
        return item.isStill() ? frames : frames.withFps(item.fps());
    }

    // ---- internals ----

    private Project createUntitled() throws ProjectException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path folder = untitledRoot.resolve(stamp + "-" + Ids.newId("p").substring(2, 8));
        Project p = store.create(folder, UNTITLED_NAME);
        return p;
    }

    /**
     * UI thread: makes {@code next} the current project (null: none) and returns what closes the old one's files,
     * for the project-files thread: its autosave and marker, and an untitled project's scratch folder.
     */
    private Runnable swapIn(Project next) {
        Project old = project;
        if (history != null) history.dispose();
        history = null;
        Path scratch = old != null && isUntitled(old) ? old.folder().orElse(null) : null;
        project = next;
        history = next == null ? null : new UndoHistory(next);
        notifyReplaced();
        return () -> {
            if (old == null) return;
            try {
                store.close(old);
            } catch (ProjectException e) {
                LOG.warn(e.getMessage());
            }
            if (scratch != null) deleteTree(scratch);
        };
    }

    private void notifyReplaced() {
        for (Consumer<Project> l : projectListeners) l.accept(project);
    }

    private boolean isUnderUntitled(Path folder) {
        return folder.toAbsolutePath().normalize().startsWith(untitledRoot.toAbsolutePath().normalize());
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", root, e.getMessage());
        }
    }
}
