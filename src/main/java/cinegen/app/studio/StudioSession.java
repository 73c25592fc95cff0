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
 * Toolkit-free. Methods that change the project run on the UI thread; the ones marked "background" only read the
 * project and write files, and may run on a worker thread.
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
        s.replace(s.createUntitled());
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

    /** Told (on the calling thread) when another project becomes the current one. */
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

    // ---- project lifecycle (UI thread) ----

    /** Replaces the current project with a new untitled one. Ask about unsaved changes first. */
    public Project newProject() throws ProjectException {
        Project fresh = createUntitled();
        closeCurrent();
        replace(fresh);
        return fresh;
    }

    /**
     * Opens the project in {@code folder} and makes it current. On failure the current project stays as it was and
     * nothing is written anywhere. Ask about unsaved changes first.
     */
    public Project open(Path folder) throws ProjectException {
        if (project != null && project.folder().isPresent() && sameFolder(project.folder().get(), folder)) {
            throw new ProjectException("That project is already open.");
        }
        Project opened = store.open(folder);
        closeCurrent();
        replace(opened);
        return opened;
    }

    /** Saves in place; an untitled project needs {@link #saveAs(Path)}. */
    public void save() throws ProjectException {
        if (isUntitled()) throw new ProjectException("This project has not been saved yet; choose a folder with Save As.");
        store.save(project);
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
        Path folder = project.folder().map(f -> sameFolder(f, chosen)).orElse(false) ? chosen : projectFolderFor(chosen);
        boolean wasUntitled = isUntitled();
        Path old = project.folder().orElse(null);
        String name = folder.getFileName() == null ? project.name() : folder.getFileName().toString();
        String oldName = project.name();
        if (wasUntitled && !name.isBlank()) project.setName(name);
        try {
            store.saveAs(project, folder);
        } catch (ProjectException | RuntimeException e) {
            if (!project.name().equals(oldName)) project.setName(oldName); // nothing was saved: still untitled
            throw e;
        }
        if (wasUntitled && old != null) deleteTree(old);
        notifyReplaced(); // the title and folder changed
    }

    /** Writes the autosave when there are unsaved changes; returns whether it wrote. */
    public boolean autosave() throws ProjectException {
        return project != null && store.autosave(project);
    }

    /** Projects a crashed studio left with unsaved work. */
    public List<RecoverableProject> recoverable() { return store.findRecoverable(); }

    /** Opens a crashed project's autosave as the current project (with unsaved changes). */
    public Project recover(RecoverableProject r) throws ProjectException {
        Project recovered = store.recover(r);
        closeCurrent();
        replace(recovered);
        return recovered;
    }

    public void discardRecovery(RecoverableProject r) throws ProjectException {
        store.discardRecovery(r);
        if (isUnderUntitled(r.folder())) deleteTree(r.folder());
    }

    /** Closes the project (unsaved changes are dropped: ask first); an untitled project's scratch folder goes. */
    @Override
    public void close() {
        closeCurrent();
        project = null;
    }

    // ---- media (background parts marked) ----

    /**
     * Background: reads all of {@code file} (holding no frame; a video's frames are counted on its frame grid, decision
     * 107) and, only when it can be read to its end, copies it into the project's media folder. A file that cannot be
     * read is refused with its sentence and nothing is copied, so a failed import adds nothing to the bin.
     */
    public MediaItem prepareImport(Path file) throws ProjectException, MediaException {
        MediaInfo info = MediaImporter.scan(file);
        String path = store.importFile(project, file);
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
        String id = Ids.newId("gen");
        FrameSequence frames = video.frames();
        store.saveFrames(project, id, frames);
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
        if (maxFrames <= 0) return cinegen.app.TimelineRenderer.load(store, project, item); // as the export command decodes
        if (item.kind() == MediaKind.GENERATED) return store.loadFrames(project, item.id());
        Path file = store.resolve(project, item.path());
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

    private void closeCurrent() {
        if (project == null) return;
        Project old = project;
        if (history != null) history.dispose();
        try {
            store.close(old);
        } catch (ProjectException e) {
            LOG.warn(e.getMessage());
        }
        if (isUntitled(old)) old.folder().ifPresent(StudioSession::deleteTree);
    }

    private void replace(Project p) {
        project = p;
        history = new UndoHistory(p);
        notifyReplaced();
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
