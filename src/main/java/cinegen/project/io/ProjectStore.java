package cinegen.project.io;

import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.project.Ids;
import cinegen.project.MediaItem;
import cinegen.project.Project;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Stream;

/**
 * Creates, opens, saves and recovers projects. A project is a folder:
 * <pre>
 *   project.cgproj.json     the document (versioned JSON)
 *   project.autosave.json   the latest autosave, while there are unsaved changes
 *   media/                  imported images and videos
 *   frames/&lt;id&gt;/          generated clips as PNG sequences
 *   masks/&lt;hash&gt;.png       painted masks, 8-bit grayscale, full resolution
 * </pre>
 * Saves are atomic (temporary file, flush, rename), opening never writes into the project folder, and every path
 * read from a project file must stay inside its folder. Recent projects and session markers (for crash recovery)
 * live in the settings folder given to the constructor.
 * <p>
 * <b>Threads.</b> A store may be used from any thread. Its state (which folder each open project is bound to, the
 * session markers, the mask files it wrote) and every write into a project folder are guarded by one lock, so
 * imports, frame writes, saves, Save As, autosaves, opening and closing never interleave. The store writes for a
 * project into the folder the project is bound to <em>at that moment</em>, never into {@link Project#folder()}
 * read on another thread; Save As moves that binding and carries along every file written for the project since it
 * was bound (imports and generated frames the project does not list yet), so a clip whose frames are written while
 * Save As runs lands in the new folder, never in the old one that an untitled project's Save As then removes.
 * <p>
 * A {@link Project} itself is not thread-safe. Methods that read the project ({@link #snapshot}, {@link #save},
 * {@link #saveAs}, {@link #autosave}, {@link #missingMedia}, {@link #loadFrames(Project, String)}) and the ones that
 * change it ({@link #finishSave} and the synchronous saves) run on the project's own thread; the others only use it
 * as a key. To save off that thread: take a {@link Snapshot} on it, write the snapshot on a worker
 * ({@link #writeSave}, {@link #writeSaveAs}, {@link #writeAutosave}), and apply the result back on the project's
 * thread with {@link #finishSave}.
 */
public final class ProjectStore {
    public static final String PROJECT_FILE = "project.cgproj.json";
    public static final String AUTOSAVE_FILE = "project.autosave.json";
    public static final String MEDIA_FOLDER = "media";

    /** An open project's place on disk. */
    private static final class Binding {
        /** The project's folder (real path): where everything written for the project goes. */
        final Path root;
        final Path marker;
        /** Format of the project file on disk, to back it up before the first save over an older format. */
        int fileFormat;
        /** Files and frame folders written for the project while bound (relative paths), listed by it or not yet. */
        final Set<String> written = new LinkedHashSet<>();

        Binding(Path root, Path marker, int fileFormat) {
            this.root = root;
            this.marker = marker;
            this.fileFormat = fileFormat;
        }
    }

    /**
     * What a save writes, taken on the project's thread by {@link #snapshot}: the document as it was then, its masks
     * and the name to save it under. Immutable; it may be written on any thread.
     */
    public static final class Snapshot {
        /** Only identifies the project's binding; never read off the project's thread. */
        private final Project project;
        private final long revision;
        private final boolean dirty;
        private final String name;
        private final String savedName;
        private final Path folder;
        /** The document with each mask file named by its index in {@link #masks}. */
        private final ProjectDocument document;
        private final List<Mask> masks;

        private Snapshot(Project project, String savedName) {
            this.project = project;
            this.revision = project.revision();
            this.dirty = project.isDirty();
            this.name = project.name();
            this.savedName = savedName;
            this.folder = project.folder().orElse(null);
            List<Mask> distinct = new ArrayList<>();
            Map<Mask, String> index = new IdentityHashMap<>();
            this.document = ProjectCodec.toDocument(project, Instant.EPOCH, m -> index.computeIfAbsent(m, k -> {
                distinct.add(k);
                return String.valueOf(distinct.size() - 1);
            }));
            this.masks = List.copyOf(distinct);
        }

        /** The project's revision when the snapshot was taken ({@link Project#revision()}). */
        public long revision() { return revision; }

        /** The name the project is saved under. */
        public String savedName() { return savedName; }

        /** The document to write: saved now, under {@link #savedName}, with the masks' files. */
        private ProjectDocument document(Instant savedAt, Map<Mask, String> maskNames) {
            List<ProjectDocument.MaskTrackDoc> tracks = new ArrayList<>();
            for (ProjectDocument.MaskTrackDoc t : document.masks()) {
                List<String> files = new ArrayList<>();
                for (String i : t.files()) files.add(maskNames.get(masks.get(Integer.parseInt(i))));
                tracks.add(new ProjectDocument.MaskTrackDoc(t.id(), t.mediaId(), t.width(), t.height(), t.frameCount(),
                        t.perFrame(), files));
            }
            return new ProjectDocument(document.formatVersion(), savedName, savedAt.toString(), document.settings(),
                    document.media(), document.timeline(), tracks, document.inspector(), document.jobs());
        }

        private List<String> mediaPaths() {
            return document.media().stream().map(ProjectDocument.Media::path).toList();
        }
    }

    private final RecentProjects recent;
    private final Sessions sessions;
    /** Guards everything below and every write into a project folder. */
    private final Object lock = new Object();
    private final Map<Project, Binding> bindings = new IdentityHashMap<>();
    /** Masks are immutable, so the file a mask was saved to stays valid; weak so closed projects' masks can go. */
    private final Map<Mask, String> maskFiles = new WeakHashMap<>();

    /** @param settingsFolder where recent projects and session markers are kept (created when needed) */
    public ProjectStore(Path settingsFolder) {
        this.recent = new RecentProjects(settingsFolder);
        this.sessions = new Sessions(settingsFolder);
    }

    public RecentProjects recentProjects() { return recent; }

    // ---- new, open, save, close ----

    /** A new, empty project saved in {@code folder}, which must be new or empty. */
    public Project create(Path folder, String name) throws ProjectException {
        if (name == null || name.isBlank()) throw new ProjectException("Give the project a name.");
        Project project = new Project(name);
        saveAs(project, folder);
        return project;
    }

    /** Opens the project in {@code folderOrFile} (the folder or its {@value #PROJECT_FILE}). Writes nothing into it. */
    public Project open(Path folderOrFile) throws ProjectException {
        Path folder = Files.isRegularFile(folderOrFile) ? folderOrFile.toAbsolutePath().getParent() : folderOrFile;
        if (!Files.isDirectory(folder)) throw new ProjectException("There is no project folder at " + folderOrFile + ".");
        Path root = SafePaths.realFolder(folder);
        Path file = SafePaths.resolve(root, PROJECT_FILE, "The project folder");
        if (!Files.isRegularFile(file)) {
            throw new ProjectException("There is no Cinegen project in " + root + ": " + PROJECT_FILE + " is missing.");
        }
        synchronized (lock) {
            ensureNotOpen(root);
            ProjectCodec.Parsed parsed = ProjectCodec.parse(readLimited(file, PROJECT_FILE), PROJECT_FILE);
            Project project = toProject(parsed.document(), root, PROJECT_FILE);
            project.setFolder(root);
            bind(project, root, parsed.originalFormat());
            rememberRecent(root);
            return project;
        }
    }

    /** Saves to the project's folder. Afterwards the project is clean and its autosave is gone. Project thread. */
    public void save(Project project) throws ProjectException {
        Snapshot snapshot = snapshot(project);
        writeSave(snapshot);
        finishSave(project, snapshot, null);
    }

    /**
     * Saves the project into {@code newFolder} (new or empty), copying its media and frames there, and continues
     * in the new folder. Also the first save of a project that has no folder yet. The old folder is left as it was
     * saved last; if this fails, the new folder is removed again. Project thread.
     */
    public void saveAs(Project project, Path newFolder) throws ProjectException {
        Snapshot snapshot = snapshot(project);
        Path folder = writeSaveAs(snapshot, newFolder);
        finishSave(project, snapshot, folder);
    }

    /**
     * Writes the unsaved state to {@value #AUTOSAVE_FILE}, leaving the saved project file alone. Call it every
     * minute and after each finished job. Does nothing (returns false) when there are no unsaved changes. Project
     * thread.
     */
    public boolean autosave(Project project) throws ProjectException {
        return project.isDirty() && writeAutosave(snapshot(project));
    }

    // ---- saving off the project's thread ----

    /** Project thread: what a save of the project writes, as it is now. Cheap: no file is touched. */
    public Snapshot snapshot(Project project) {
        return new Snapshot(project, project.name());
    }

    /** {@link #snapshot(Project)}, saved under {@code name} (Save As names an untitled project after its folder). */
    public Snapshot snapshot(Project project, String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("project name is empty");
        return new Snapshot(project, name.strip());
    }

    /** Any thread: writes the snapshot to the folder its project is bound to, and removes the autosave. */
    public void writeSave(Snapshot snapshot) throws ProjectException {
        synchronized (lock) {
            Binding binding = bindings.get(snapshot.project);
            if (binding == null) {
                throw new ProjectException("Project '" + snapshot.name + "' has no folder yet; use Save As.");
            }
            Path root = SafePaths.realFolder(binding.root);
            Path file = SafePaths.resolve(root, PROJECT_FILE, "The project folder");
            Map<Mask, String> names = writeMasks(root, snapshot.masks, snapshot.savedName);
            byte[] bytes = ProjectCodec.write(snapshot.document(Instant.now(), names));
            try {
                if (binding.fileFormat < ProjectCodec.CURRENT_FORMAT) backupOlderFormat(root, file, binding.fileFormat);
                AtomicFiles.write(file, bytes);
            } catch (IOException e) {
                throw new ProjectException("Project '" + snapshot.savedName + "' could not be saved in " + root + " ("
                        + IoMessages.reason(e) + "). The last saved version is unchanged.", e);
            }
            binding.fileFormat = ProjectCodec.CURRENT_FORMAT;
            deleteQuietly(root.resolve(AUTOSAVE_FILE));
            collectUnusedMasks(root, new HashSet<>(names.values()));
            rememberRecent(root);
        }
    }

    /**
     * Any thread: writes the snapshot into {@code newFolder} (new or empty; or the project's own folder, which
     * saves in place), copying the project's media and every file written for it since it was bound, and binds the
     * project to the new folder: from now on everything written for it goes there. Returns the new folder (real
     * path) for {@link #finishSave}. The old folder is left as it was; if this fails, the new folder is removed
     * again and the project stays where it was.
     */
    public Path writeSaveAs(Snapshot snapshot, Path newFolder) throws ProjectException {
        synchronized (lock) {
            Binding old = bindings.get(snapshot.project);
            Path oldFolder = old != null ? old.root : snapshot.folder;
            if (old != null && Files.isDirectory(newFolder) && sameFile(old.root, newFolder)) {
                writeSave(snapshot);
                return old.root;
            }
            boolean created = !Files.exists(newFolder, LinkOption.NOFOLLOW_LINKS);
            Path target = prepareEmptyFolder(newFolder);
            Set<String> carried = new LinkedHashSet<>();
            try {
                ensureNotOpen(target);
                if (oldFolder != null) {
                    Path oldRoot = SafePaths.realFolder(oldFolder);
                    Set<String> paths = new LinkedHashSet<>(snapshot.mediaPaths());
                    if (old != null) paths.addAll(old.written);
                    for (String rel : paths) {
                        Path source = SafePaths.resolve(oldRoot, rel, "The project");
                        if (!Files.exists(source)) continue;
                        copyInside(oldRoot, source, SafePaths.resolve(target, rel, "The new project folder"));
                        carried.add(rel);
                    }
                }
                Map<Mask, String> names = writeMasks(target, snapshot.masks, snapshot.savedName);
                byte[] bytes = ProjectCodec.write(snapshot.document(Instant.now(), names));
                AtomicFiles.write(target.resolve(PROJECT_FILE), bytes);
            } catch (ProjectException | IOException | RuntimeException e) {
                if (created) deleteTree(target);
                if (e instanceof ProjectException pe) throw pe;
                if (e instanceof IOException io) {
                    throw new ProjectException("Project '" + snapshot.savedName + "' could not be saved in " + newFolder + " ("
                            + IoMessages.reason(io) + ").", io);
                }
                throw (RuntimeException) e;
            }
            if (old != null) {
                bindings.remove(snapshot.project);
                deleteQuietly(old.root.resolve(AUTOSAVE_FILE));
                deleteMarker(old.marker);
            }
            Binding moved = bind(snapshot.project, target, ProjectCodec.CURRENT_FORMAT);
            if (old != null) old.written.stream().filter(carried::contains).forEach(moved.written::add);
            rememberRecent(target);
            return target;
        }
    }

    /** Any thread: writes the snapshot as the autosave, when it has unsaved changes; returns whether it wrote. */
    public boolean writeAutosave(Snapshot snapshot) throws ProjectException {
        if (!snapshot.dirty) return false;
        synchronized (lock) {
            Binding binding = bindings.get(snapshot.project);
            if (binding == null) return false;
            Path root = SafePaths.realFolder(binding.root);
            Path file = SafePaths.resolve(root, AUTOSAVE_FILE, "The project folder");
            Map<Mask, String> names = writeMasks(root, snapshot.masks, snapshot.savedName);
            try {
                AtomicFiles.write(file, ProjectCodec.write(snapshot.document(Instant.now(), names)));
            } catch (IOException e) {
                throw new ProjectException("Autosave of '" + snapshot.savedName + "' failed (" + IoMessages.reason(e) + ").", e);
            }
            return true;
        }
    }

    /**
     * Project thread, after {@link #writeSave} or {@link #writeSaveAs}: the project takes the saved name and its new
     * {@code folder} (null: unchanged), and is clean unless it changed after the snapshot was taken (those changes
     * are not in the file, so it stays dirty).
     */
    public void finishSave(Project project, Snapshot snapshot, Path folder) {
        if (project != snapshot.project) throw new IllegalArgumentException("the snapshot is of another project");
        boolean unchanged = project.revision() == snapshot.revision;
        if (!snapshot.savedName.equals(snapshot.name) && project.name().equals(snapshot.name)) project.setName(snapshot.savedName);
        if (folder != null) project.setFolder(folder);
        if (unchanged) project.markClean();
    }

    /**
     * Closes the project: its autosave and session marker are removed, so unsaved changes are dropped. Ask the user
     * first when {@link Project#isDirty()}.
     */
    public void close(Project project) throws ProjectException {
        synchronized (lock) {
            Binding binding = bindings.remove(project);
            if (binding == null) return;
            deleteQuietly(binding.root.resolve(AUTOSAVE_FILE));
            deleteMarker(binding.marker);
        }
    }

    // ---- crash recovery ----

    /** Projects left open by a studio that is no longer running, whose autosave is newer than their last save. */
    public List<RecoverableProject> findRecoverable() {
        synchronized (lock) {
            return findRecoverableLocked();
        }
    }

    private List<RecoverableProject> findRecoverableLocked() {
        List<RecoverableProject> out = new ArrayList<>();
        for (Sessions.Marker m : sessions.all()) {
            if (isOwnMarker(m.file()) || Sessions.isLive(m) || isOpenHere(m.folder())) continue;
            Optional<RecoverableProject> r = candidate(m.folder(), m.file());
            if (r.isPresent()) {
                if (out.stream().noneMatch(o -> o.folder().equals(r.get().folder()))) out.add(r.get());
            } else {
                deleteMarker(m.file()); // nothing to recover: a stale marker
            }
        }
        return out;
    }

    /** Whether the project in {@code folder} has an autosave to recover, left by a studio that is no longer running. */
    public Optional<RecoverableProject> recoverableFor(Path folder) {
        synchronized (lock) {
            return recoverableForLocked(folder);
        }
    }

    private Optional<RecoverableProject> recoverableForLocked(Path folder) {
        Path root;
        try {
            root = SafePaths.realFolder(folder);
        } catch (ProjectException e) {
            return Optional.empty();
        }
        if (isOpenHere(root)) return Optional.empty();
        Path stale = null;
        for (Sessions.Marker m : sessions.all()) {
            if (!Sessions.sameFolder(m, root)) continue;
            if (isOwnMarker(m.file()) || Sessions.isLive(m)) return Optional.empty();
            stale = m.file();
        }
        return candidate(root, stale);
    }

    /** Opens the project as it was at its last autosave; it is dirty until saved. The saved file is untouched. */
    public Project recover(RecoverableProject r) throws ProjectException {
        synchronized (lock) {
            return recoverLocked(r);
        }
    }

    private Project recoverLocked(RecoverableProject r) throws ProjectException {
        Path root = SafePaths.realFolder(r.folder());
        ensureNotOpen(root);
        Path file = SafePaths.resolve(root, AUTOSAVE_FILE, "The project folder");
        if (!Files.isRegularFile(file)) throw new ProjectException("The autosave of " + root + " is gone; open the project instead.");
        ProjectCodec.Parsed parsed = ProjectCodec.parse(readLimited(file, AUTOSAVE_FILE), AUTOSAVE_FILE);
        Project project = toProject(parsed.document(), root, AUTOSAVE_FILE);
        project.setFolder(root);
        project.markDirty();
        int fileFormat = ProjectCodec.CURRENT_FORMAT;
        Path main = root.resolve(PROJECT_FILE);
        if (Files.isRegularFile(main)) fileFormat = formatOf(main);
        deleteMarker(r.marker());
        bind(project, root, fileFormat);
        rememberRecent(root);
        return project;
    }

    /** Throws the autosave away; the project stays as last saved. */
    public void discardRecovery(RecoverableProject r) throws ProjectException {
        synchronized (lock) {
            try {
                Files.deleteIfExists(r.folder().resolve(AUTOSAVE_FILE));
            } catch (IOException e) {
                throw new ProjectException("The autosave in " + r.folder() + " cannot be removed (" + IoMessages.reason(e) + ").", e);
            }
            deleteMarker(r.marker());
        }
    }

    // ---- media, frames ----

    /**
     * Copies an outside file into the project's {@code media/} folder (under a free, cleaned-up name) and returns
     * its relative path, for a new {@link MediaItem}.
     */
    public String importFile(Project project, Path source) throws ProjectException {
        if (!Files.isRegularFile(source)) throw new ProjectException(source + " is not a file that can be imported.");
        synchronized (lock) {
            String rel = importFileLocked(project, source);
            Binding binding = bindings.get(project);
            if (binding != null) binding.written.add(rel);
            return rel;
        }
    }

    private String importFileLocked(Project project, Path source) throws ProjectException {
        Path root = boundRoot(project);
        Path media = SafePaths.writableDir(root, MEDIA_FOLDER);
        String base = cleanFileName(source.getFileName().toString());
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base, ext = dot > 0 ? base.substring(dot) : "";
        for (int n = 0; n < 10_000; n++) {
            String name = n == 0 ? base : stem + "-" + n + ext;
            Path target = media.resolve(name);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) continue;
            Path tmp = AtomicFiles.tempSibling(target);
            try {
                Files.copy(source, tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return MEDIA_FOLDER + "/" + name;
            } catch (FileAlreadyExistsException e) {
                // taken meanwhile: next name
            } catch (IOException e) {
                throw new ProjectException(source.getFileName() + " could not be copied into the project (" + IoMessages.reason(e) + ").", e);
            } finally {
                deleteQuietly(tmp);
            }
        }
        throw new ProjectException("No free name for " + base + " in the project's media folder.");
    }

    /** Where a project-relative path is on disk; refuses paths that leave the project folder. */
    public Path resolve(Project project, String relativePath) throws ProjectException {
        synchronized (lock) {
            return SafePaths.resolve(boundRoot(project), relativePath, "The project");
        }
    }

    /** Bin items whose file or frame folder is not there (shown as offline). */
    public List<MediaItem> missingMedia(Project project) throws ProjectException {
        Path root;
        synchronized (lock) {
            root = boundRoot(project);
        }
        List<MediaItem> out = new ArrayList<>();
        for (MediaItem item : project.media()) {
            if (!Files.exists(SafePaths.resolve(root, item.path(), "The project"))) out.add(item);
        }
        return out;
    }

    /**
     * Saves a generated clip's frames as {@code frames/<itemId>/000000.png ...} (all or nothing) and returns that
     * folder's relative path, the path of {@link MediaItem#generated}.
     */
    public String saveFrames(Project project, String itemId, FrameSequence frames) throws ProjectException {
        if (!Ids.isValid(itemId)) throw new ProjectException("'" + itemId + "' cannot name a frames folder.");
        if (frames.isEmpty()) throw new ProjectException("Clip '" + itemId + "' has no frames to save.");
        synchronized (lock) {
            String rel = saveFramesLocked(project, itemId, frames);
            Binding binding = bindings.get(project);
            if (binding != null) binding.written.add(rel);
            return rel;
        }
    }

    private String saveFramesLocked(Project project, String itemId, FrameSequence frames) throws ProjectException {
        Path root = boundRoot(project);
        Path dir = SafePaths.writableDir(root, FrameFiles.FOLDER);
        Path target = dir.resolve(itemId);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ProjectException("Frames for '" + itemId + "' already exist in the project.");
        }
        Path tmp = AtomicFiles.tempSibling(target);
        try {
            Files.createDirectory(tmp);
            FrameFiles.write(tmp, frames);
            AtomicFiles.moveAtomically(tmp, target);
        } catch (IOException e) {
            throw new ProjectException("The frames of '" + itemId + "' could not be saved (" + IoMessages.reason(e) + ").", e);
        } finally {
            deleteTree(tmp);
        }
        return FrameFiles.FOLDER + "/" + itemId;
    }

    /** Reads a generated clip's frames back, at the item's frame rate. Project thread (it looks the item up). */
    public FrameSequence loadFrames(Project project, String itemId) throws ProjectException {
        MediaItem item = project.mediaItem(itemId)
                .orElseThrow(() -> new ProjectException("There is no media item '" + itemId + "' in the project."));
        return loadFrames(project, item);
    }

    /** Reads the frames of the project's generated {@code item} back, at the item's frame rate. Any thread. */
    public FrameSequence loadFrames(Project project, MediaItem item) throws ProjectException {
        synchronized (lock) {
            return loadFramesLocked(project, item);
        }
    }

    private FrameSequence loadFramesLocked(Project project, MediaItem item) throws ProjectException {
        Path root = boundRoot(project);
        Path dir = SafePaths.resolve(root, item.path(), "The project");
        if (!Files.isDirectory(dir)) throw new ProjectException("The frames of '" + item.name() + "' are missing (" + item.path() + ").");
        try {
            List<Path> files = FrameFiles.list(dir);
            if (files.size() != item.frameCount()) {
                throw new ProjectFormatException(item.path() + " holds " + files.size() + " frames, but the project says "
                        + item.frameCount() + ".");
            }
            List<int[]> frames = new ArrayList<>(files.size());
            for (Path f : files) {
                String rel = item.path() + "/" + f.getFileName();
                BufferedImage img = ImageFiles.read(SafePaths.resolve(root, rel, "The project"), item.width(), item.height(),
                        rel, "clip '" + item.name() + "'");
                frames.add(FrameFiles.argb(img));
            }
            return new FrameSequence(item.width(), item.height(), item.fps() > 0 ? item.fps() : 1, frames);
        } catch (IOException e) {
            throw new ProjectException("The frames of '" + item.name() + "' cannot be read (" + IoMessages.reason(e) + ").", e);
        }
    }

    /**
     * The project folder that {@code path} lies in (or is), after following links, if any: the nearest folder at or
     * above it holding a {@value #PROJECT_FILE}. For checking that an export or a generated clip is not written into
     * a project's own files. {@code path} need not exist yet.
     */
    public static Optional<Path> projectContaining(Path path) {
        Path abs = path.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return Optional.empty();
        Path real;
        try {
            real = existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return Optional.empty();
        }
        for (Path p = real; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(PROJECT_FILE))) return Optional.of(p);
        }
        return Optional.empty();
    }

    // ---- internals ----

    private Project toProject(ProjectDocument doc, Path root, String source) throws ProjectFormatException {
        return ProjectCodec.toProject(doc, source,
                rel -> SafePaths.resolve(root, rel, source),
                (rel, w, h) -> MaskFiles.read(SafePaths.resolve(root, rel, source), rel, source, w, h));
    }

    /** Writes the masks not yet in the folder; returns each distinct mask's relative path. */
    private Map<Mask, String> writeMasks(Path root, List<Mask> masks, String projectName) throws ProjectException {
        Map<Mask, String> names = new IdentityHashMap<>();
        if (masks.isEmpty()) return names;
        Path dir = SafePaths.writableDir(root, MaskFiles.FOLDER);
        for (Mask m : masks) {
            if (names.containsKey(m)) continue;
            String rel = maskFiles.get(m);
            byte[] q = null;
            if (rel == null) {
                q = MaskFiles.quantize(m);
                rel = MaskFiles.relativePath(m.width(), m.height(), q);
            }
            Path file = dir.resolve(rel.substring(MaskFiles.FOLDER.length() + 1));
            if (!Files.isRegularFile(file)) {
                if (q == null) q = MaskFiles.quantize(m);
                try {
                    AtomicFiles.write(file, MaskFiles.encodePng(m.width(), m.height(), q));
                } catch (IOException e) {
                    throw new ProjectException("A mask of '" + projectName + "' could not be saved (" + IoMessages.reason(e)
                            + "). The last saved version is unchanged.", e);
                }
            }
            maskFiles.put(m, rel);
            names.put(m, rel);
        }
        return names;
    }

    /** Deletes mask files this studio wrote that neither the saved document nor the autosave uses any more. */
    private void collectUnusedMasks(Path root, Set<String> used) {
        Path dir = root.resolve(MaskFiles.FOLDER);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || Files.exists(root.resolve(AUTOSAVE_FILE))) return;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (MaskFiles.CONTENT_NAME.matcher(name).matches() && !used.contains(MaskFiles.FOLDER + "/" + name)) {
                    deleteQuietly(f);
                }
            }
        } catch (IOException ignored) {
            // unused files stay until the next save
        }
    }

    private void backupOlderFormat(Path root, Path file, int format) throws IOException {
        Path backup = root.resolve(PROJECT_FILE + ".format" + format + ".bak");
        if (Files.isRegularFile(file) && !Files.exists(backup, LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.write(backup, Files.readAllBytes(file));
        }
    }

    private Optional<RecoverableProject> candidate(Path folder, Path marker) {
        try {
            Path root = folder.toRealPath();
            Path autosave = root.resolve(AUTOSAVE_FILE);
            if (!Files.isRegularFile(autosave, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
            byte[] auto = readLimited(autosave, AUTOSAVE_FILE);
            // Only what recover() can open is offered (issue 32): a cut-off or damaged autosave is not.
            toProject(ProjectCodec.parse(auto, AUTOSAVE_FILE).document(), root, AUTOSAVE_FILE);
            Instant autosavedAt = ProjectCodec.savedAt(auto);
            if (autosavedAt == null) autosavedAt = Files.getLastModifiedTime(autosave).toInstant();
            Instant savedAt = null;
            Path main = root.resolve(PROJECT_FILE);
            if (Files.isRegularFile(main, LinkOption.NOFOLLOW_LINKS)) savedAt = ProjectCodec.savedAt(readLimited(main, PROJECT_FILE));
            if (savedAt != null && !autosavedAt.isAfter(savedAt)) return Optional.empty();
            String name = ProjectCodec.name(auto);
            return Optional.of(new RecoverableProject(root, name != null ? name : root.getFileName().toString(),
                    autosavedAt, savedAt, marker));
        } catch (IOException | ProjectException e) {
            return Optional.empty();
        }
    }

    private static int formatOf(Path file) {
        try {
            var v = ProjectCodec.MAPPER.readTree(Files.readAllBytes(file)).get("formatVersion");
            return v != null && v.isInt() ? v.asInt() : ProjectCodec.CURRENT_FORMAT;
        } catch (IOException | RuntimeException e) {
            return ProjectCodec.CURRENT_FORMAT;
        }
    }

    private Binding bind(Project project, Path root, int fileFormat) {
        Path marker;
        try {
            marker = sessions.create(root);
        } catch (IOException e) {
            marker = null; // recovery will not find it, but the project works
        }
        Binding binding = new Binding(root, marker, fileFormat);
        bindings.put(project, binding);
        return binding;
    }

    /** The folder the project is bound to (the one it was opened or saved in, even while it is being moved). */
    private Path boundRoot(Project project) throws ProjectException {
        Binding binding = bindings.get(project);
        if (binding != null) return SafePaths.realFolder(binding.root);
        // Not opened through this store (or closed): its own folder.
        if (project.folder().isEmpty()) throw new ProjectException("Project '" + project.name() + "' has no folder yet; save it first.");
        return SafePaths.realFolder(project.folder().get());
    }

    private boolean isOwnMarker(Path marker) {
        for (Binding b : bindings.values()) if (marker.equals(b.marker)) return true;
        return false;
    }

    private boolean isOpenHere(Path folder) {
        for (Binding b : bindings.values()) {
            if (sameFile(b.root, folder)) return true;
        }
        return false;
    }

    private void ensureNotOpen(Path root) throws ProjectException {
        if (isOpenHere(root)) throw new ProjectException("The project in " + root + " is already open.");
        for (Sessions.Marker m : sessions.all()) {
            if (!isOwnMarker(m.file()) && Sessions.sameFolder(m, root) && Sessions.isLive(m)) {
                throw new ProjectException("The project in " + root + " is open in another Cinegen Studio (process "
                        + m.pid() + "). Close it there first.");
            }
        }
    }

    private static Path prepareEmptyFolder(Path folder) throws ProjectException {
        try {
            if (Files.exists(folder)) {
                if (!Files.isDirectory(folder)) throw new ProjectException(folder + " is a file; choose a folder for the project.");
                try (Stream<Path> s = Files.list(folder)) {
                    if (s.findAny().isPresent()) {
                        throw new ProjectException(folder + " is not empty; choose a new or empty folder for the project.");
                    }
                }
            } else {
                Files.createDirectories(folder);
            }
            return folder.toRealPath();
        } catch (IOException e) {
            throw new ProjectException("The folder " + folder + " cannot be used for a project (" + IoMessages.reason(e) + ").", e);
        }
    }

    /** Copies a file or folder of the old project to the new one, refusing anything that leads outside the old folder. */
    private static void copyInside(Path oldRoot, Path source, Path target) throws IOException, ProjectException {
        Path real = source.toRealPath();
        if (!real.startsWith(oldRoot)) {
            throw new ProjectFormatException(oldRoot.relativize(source) + " leads outside the project folder through a link; refusing to copy it.");
        }
        if (Files.isDirectory(real)) {
            Files.createDirectories(target);
            List<Path> children;
            try (Stream<Path> s = Files.list(real)) {
                children = s.toList();
            }
            for (Path child : children) copyInside(oldRoot, child, target.resolve(child.getFileName().toString()));
        } else {
            Files.createDirectories(target.getParent());
            Path tmp = AtomicFiles.tempSibling(target);
            try {
                Files.copy(real, tmp);
                AtomicFiles.moveAtomically(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static byte[] readLimited(Path file, String name) throws ProjectException {
        try {
            long size = Files.size(file);
            if (size > ProjectCodec.MAX_BYTES) {
                throw new ProjectFormatException(name + " is " + size / (1024 * 1024) + " MB, far larger than a project file can be; it is not a Cinegen project.");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProjectException(name + " cannot be read (" + IoMessages.reason(e) + ").", e);
        }
    }

    private void rememberRecent(Path root) {
        try {
            recent.add(root);
        } catch (ProjectException ignored) {
            // the list is a convenience; the project itself is fine
        }
    }

    private void deleteMarker(Path marker) {
        try {
            sessions.delete(marker);
        } catch (IOException ignored) {
            // a stale marker is cleaned up by findRecoverable
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static String cleanFileName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "");
        if (cleaned.isEmpty()) cleaned = "media";
        return cleaned.length() > 100 ? cleaned.substring(cleaned.length() - 100) : cleaned;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) deleteQuietly(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
