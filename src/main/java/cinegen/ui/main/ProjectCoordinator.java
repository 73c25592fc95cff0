package cinegen.ui.main;

import cinegen.app.studio.StudioSession;
import cinegen.project.Project;
import cinegen.project.ProjectChange;
import cinegen.project.ProjectListener;
import cinegen.project.edit.UndoHistory;
import cinegen.project.io.ProjectException;
import cinegen.project.io.RecoverableProject;
import cinegen.ui.status.StatusViewModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The project's lifecycle: new, open, save, Save As, recovery and autosave, the window title (name, unsaved
 * changes) and undo/redo. The file work runs on the project-files executor, one piece at a time, while the status
 * bar says what runs and {@link #busyProperty()} keeps the menus from starting another; the project takes the result
 * back on the FX thread, where each action reports to its callback: null when it went well, else the sentence
 * saying why not (also shown in the status bar). FX thread, except where said.
 */
final class ProjectCoordinator {
    static final String BUSY = "A project is being saved or opened; try again when it is done.";

    private final StudioSession session;
    private final ProjectFilesQueue files;
    private final StatusViewModel status;
    private final Consumer<Project> keepWithProject;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", StudioWindow.TITLE);
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper(this, "undoText", "Undo");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper(this, "redoText", "Redo");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ProjectListener projectListener = this::projectChanged;
    private final Runnable historyListener = this::historyChanged;
    private Project project;
    private UndoHistory history;
    private boolean autosaveQueued;

    ProjectCoordinator(StudioSession session, ProjectFilesQueue files, StatusViewModel status) {
        this(session, files, status, p -> { });
    }

    /**
     * @param keepWithProject puts the studio's working state (inspector settings, job history) into the project just
     *                        before each save, Save As and autosave takes its snapshot (docs/decisions/0619)
     */
    ProjectCoordinator(StudioSession session, ProjectFilesQueue files, StatusViewModel status, Consumer<Project> keepWithProject) {
        this.session = Objects.requireNonNull(session, "session");
        this.files = Objects.requireNonNull(files, "files");
        this.status = Objects.requireNonNull(status, "status");
        this.keepWithProject = Objects.requireNonNull(keepWithProject, "keepWithProject");
    }

    ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
    ReadOnlyStringProperty undoTextProperty() { return undoText.getReadOnlyProperty(); }
    ReadOnlyStringProperty redoTextProperty() { return redoText.getReadOnlyProperty(); }
    /** True while a new, open, save, Save As or recovery runs: the menus do not start another meanwhile. */
    ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }

    /** The session made {@code p} the current project (null: none). */
    void bind(Project p) {
        if (project != null) project.removeListener(projectListener);
        if (history != null) history.removeListener(historyListener);
        project = p;
        history = session.history();
        if (p != null) {
            p.addListener(projectListener);
            history.addListener(historyListener);
        }
        historyChanged();
        updateTitle();
    }

    private void projectChanged(ProjectChange c) {
        switch (c.kind()) {
            case NAME, FOLDER, DIRTY -> updateTitle();
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

    void undo() {
        if (history != null && history.canUndo()) {
            String name = history.undoName().orElse("");
            history.undo();
            status.showMessage("Undid " + name + ".");
        }
    }

    void redo() {
        if (history != null && history.canRedo()) {
            String name = history.redoName().orElse("");
            history.redo();
            status.showMessage("Redid " + name + ".");
        }
    }

    boolean isDirty() { return project != null && project.isDirty(); }
    boolean isUntitled() { return session.isUntitled(); }

    // ---- actions ----

    /** A new untitled project (ask about unsaved changes first). */
    void newProject(Consumer<String> done) {
        run(session::newProjectTask, "Starting a new project…", "Started a new project.", done);
    }

    /** Opens a project folder; on failure the current project stays. */
    void openProject(Path folder, Consumer<String> done) {
        run(() -> session.openTask(folder), "Opening " + folder.getFileName() + "…", null, done);
    }

    /** Saves in place; an untitled project must use {@link #saveProjectAs}. */
    void saveProject(Consumer<String> done) {
        run(() -> {
            keepWorkingState();
            return session.saveTask();
        }, "Saving “" + (project == null ? "" : project.name()) + "”…", "Saved.", done);
    }

    /**
     * Saves into the project folder {@code chosen} names (from a save dialog: created when new), refusing a name
     * that is taken with a sentence.
     */
    void saveProjectAs(Path chosen, Consumer<String> done) {
        run(() -> {
            keepWorkingState();
            return session.saveAsTask(chosen);
        }, "Saving to " + chosen.getFileName() + "…", null, done);
    }

    void recover(RecoverableProject r, Consumer<String> done) {
        run(() -> session.recoverTask(r), "Recovering " + r.projectName() + "…",
                "Recovered " + r.projectName() + " as it was autosaved. Save it to keep it.", done);
    }

    void discardRecovery(RecoverableProject r, Consumer<String> done) {
        run(() -> session.discardRecoveryTask(r), "Removing the autosave of " + r.projectName() + "…", null, done);
    }

    /**
     * Writes the autosave when there are unsaved changes (on the project-files thread, after the file work asked
     * for before it, from the project as it is now); failures go to the status bar. Skipped while one waits.
     */
    void autosave() {
        if (autosaveQueued) return;
        keepWorkingState();
        StudioSession.FileTask task = session.autosaveTask();
        if (task == null) return;
        autosaveQueued = true;
        files.submit(() -> {
            task.write();
            return null;
        }, x -> {
            autosaveQueued = false;
            status.showMessage("Autosaved.");
        }, reason -> {
            autosaveQueued = false;
            status.showMessage(reason);
        });
    }

    /** Where Save As starts: the folder to create the project in and the name to propose for it. */
    StudioSession.SaveAsProposal saveAsProposal() {
        Path documents = Path.of(System.getProperty("user.home"), "Documents");
        Path fallback = Files.isDirectory(documents) ? documents : Path.of(System.getProperty("user.home"));
        return session.proposeSaveAs(fallback);
    }

    List<Path> recentProjects() { return session.recentProjects(); }
    List<RecoverableProject> recoverableProjects() { return session.recoverable(); }

    /** Runs {@code then} on the FX thread once the project file work asked for until now is done. */
    void whenIdle(Runnable then) { files.whenIdle(then); }

    /**
     * The window closes: the project is closed now (unsaved changes dropped: ask first) and its files are tidied on
     * the project-files thread, after the file work already asked for.
     */
    void closeSession() {
        files.execute(session.detach());
    }

    /** The inspector's settings and the job history go into the project, for the snapshot taken next. */
    private void keepWorkingState() {
        if (project != null) keepWithProject.accept(project);
    }

    private interface TaskMaker {
        StudioSession.FileTask make() throws ProjectException;
    }

    /** Starts a task's file work; {@code success} null: the status bar names the project and its folder. */
    private void run(TaskMaker maker, String doing, String success, Consumer<String> done) {
        if (busy.get()) {
            status.showMessage(BUSY);
            done.accept(BUSY);
            return;
        }
        StudioSession.FileTask task;
        try {
            task = maker.make();
        } catch (ProjectException e) {
            status.showMessage(e.getMessage());
            done.accept(e.getMessage());
            return;
        }
        busy.set(true);
        status.begin(doing);
        files.submit(() -> {
            task.write();
            return null;
        }, x -> {
            task.finish();
            files.execute(task::cleanUp);
            busy.set(false);
            status.finish(success != null ? success
                    : project == null ? "" : project.name() + project.folder().map(f -> " · " + f).orElse(""));
            updateTitle();
            done.accept(null);
        }, reason -> {
            busy.set(false);
            status.finish(reason);
            done.accept(reason);
        });
    }
}
