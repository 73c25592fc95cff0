package cinegen.ui.main;

import cinegen.app.studio.StudioSession;
import cinegen.project.Project;
import cinegen.project.edit.ImportMediaEdit;
import cinegen.project.io.ProjectStore;
import cinegen.ui.status.StatusViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project lifecycle on a real session in a temporary folder, without a window or a toolkit: the file work waits
 * in the project-files queue until the test runs it, and the results come back at once (the test thread plays the
 * FX thread), so what the studio shows while a save runs and after it can be checked step by step.
 */
class ProjectCoordinatorTest {
    @TempDir Path tmp;
    private final ConcurrentLinkedQueue<Runnable> fileWork = new ConcurrentLinkedQueue<>();
    private final StatusViewModel status = new StatusViewModel("CPU · test");
    private final List<String> reports = new ArrayList<>();
    private StudioSession session;
    private ProjectCoordinator projects;

    @BeforeEach
    void start() throws Exception {
        session = StudioSession.start(tmp.resolve("settings"));
        projects = new ProjectCoordinator(session, new ProjectFilesQueue(fileWork::add, Runnable::run), status);
        session.onProjectReplaced(projects::bind);
        projects.bind(session.project());
    }

    @AfterEach
    void close() {
        runFileWork();
        if (session.project() != null) session.close();
    }

    private int runFileWork() {
        int n = 0;
        for (Runnable r; (r = fileWork.poll()) != null; n++) r.run();
        return n;
    }

    /** A change to the project, through the history as the studio makes them: a picture named {@code name} imported. */
    private void change(String name) throws Exception {
        Project p = session.project();
        String file = "media/" + name.replace(' ', '-') + ".png";
        Path png = p.folder().orElseThrow().resolve(file);
        Files.createDirectories(png.getParent());
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        var item = new cinegen.project.MediaItem("m-" + name.hashCode(), cinegen.frames.MediaKind.IMAGE, name, file, 2, 2, 1, 0, null);
        session.history().perform(ImportMediaEdit.of(p, item));
    }

    @Test
    void saveAsRunsOnTheProjectFilesThreadWhileTheMenusWait() throws Exception {
        Project project = session.project();
        Path scratch = project.folder().orElseThrow();
        change("Storyboard");
        assertEquals("• " + project.name() + " — Cinegen Studio", projects.titleProperty().get());

        Path target = tmp.resolve("Kites");
        projects.saveProjectAs(target, reports::add);
        assertTrue(projects.busyProperty().get(), "the menus wait");
        assertTrue(status.isBusy());
        assertEquals("Saving to Kites…", status.message());
        assertFalse(Files.exists(target), "nothing written on the FX thread");
        assertEquals(List.of(), reports, "not done yet");
        projects.saveProject(reports::add);
        projects.openProject(tmp.resolve("elsewhere"), reports::add);
        assertEquals(List.of(ProjectCoordinator.BUSY, ProjectCoordinator.BUSY), reports, "one project file action at a time");
        reports.clear();

        assertTrue(runFileWork() >= 2, "the write, then the clean-up");
        assertEquals(java.util.Collections.singletonList(null), reports, "done, without a problem");
        assertFalse(projects.busyProperty().get());
        assertFalse(status.isBusy());
        assertEquals("Kites — Cinegen Studio", projects.titleProperty().get(), "named after its folder, saved");
        assertEquals("Kites · " + target.toRealPath(), status.message());
        assertTrue(Files.isRegularFile(target.resolve(ProjectStore.PROJECT_FILE)));
        assertFalse(Files.exists(scratch), "the scratch folder went in the clean-up");
        assertSame(project, session.project());
        assertFalse(projects.isUntitled());
    }

    @Test
    void aChangeMadeWhileSavingStaysUnsaved() throws Exception {
        projects.saveProjectAs(tmp.resolve("Kites"), reports::add);
        runFileWork();
        change("Kites at dusk");
        projects.saveProject(reports::add);
        change("Kites at night"); // while the save waits for the project-files thread
        runFileWork();
        assertEquals(java.util.Arrays.asList(null, null), reports);
        assertTrue(projects.isDirty(), "the change after the snapshot is not in the file");
        assertEquals("• Kites — Cinegen Studio", projects.titleProperty().get());
        String saved = Files.readString(tmp.resolve("Kites").resolve(ProjectStore.PROJECT_FILE));
        assertTrue(saved.contains("\"Kites at dusk\""), saved);
        assertFalse(saved.contains("Kites at night"), saved);
        assertEquals("Saved.", status.message());
    }

    @Test
    void aProjectThatCannotBeOpenedLeavesTheCurrentOneAndSaysWhy() {
        Project current = session.project();
        Path missing = tmp.resolve("nothing here");
        projects.openProject(missing, reports::add);
        assertTrue(projects.busyProperty().get());
        assertEquals("Opening nothing here…", status.message());
        runFileWork();
        assertEquals(1, reports.size());
        String problem = reports.get(0);
        assertTrue(problem != null && problem.contains("nothing here"), problem);
        assertEquals(problem, status.message());
        assertFalse(projects.busyProperty().get());
        assertSame(current, session.project());
    }

    @Test
    void openingReplacesTheProjectOnTheFxThreadAndClosesTheOldOneAfterwards() throws Exception {
        ProjectStore other = new ProjectStore(tmp.resolve("other-settings"));
        other.close(other.create(tmp.resolve("Harbour"), "Harbour"));
        Path scratch = session.project().folder().orElseThrow();
        projects.openProject(tmp.resolve("Harbour"), reports::add);
        assertTrue(Files.isDirectory(scratch));
        runFileWork();
        assertEquals(java.util.Collections.singletonList(null), reports);
        assertEquals("Harbour", session.project().name());
        assertEquals("Harbour — Cinegen Studio", projects.titleProperty().get());
        assertFalse(Files.exists(scratch), "the untitled project it replaced is gone");
    }

    @Test
    void autosaveWritesOnceOffTheFxThread() throws Exception {
        projects.autosave();
        assertEquals(0, fileWork.size(), "nothing to autosave");
        change("Storyboard");
        projects.autosave();
        projects.autosave();
        assertEquals(1, fileWork.size(), "one autosave waits at a time");
        Path autosave = session.project().folder().orElseThrow().resolve(ProjectStore.AUTOSAVE_FILE);
        assertFalse(Files.exists(autosave));
        runFileWork();
        assertTrue(Files.readString(autosave).contains("Storyboard"));
        assertEquals("Autosaved.", status.message());
        assertTrue(projects.isDirty(), "an autosave is not a save");
    }

    @Test
    void undoAndRedoFollowTheHistory() throws Exception {
        assertFalse(projects.canUndoProperty().get());
        change("Storyboard");
        assertTrue(projects.canUndoProperty().get());
        String undo = projects.undoTextProperty().get();
        assertTrue(undo.startsWith("Undo "), undo);
        projects.undo();
        assertEquals("Undid " + undo.substring("Undo ".length()) + ".", status.message());
        assertTrue(projects.canRedoProperty().get());
        assertEquals(StudioWindow.TITLE, projects.titleProperty().get(), "back to the untouched untitled project");
        projects.redo();
        assertEquals("• " + session.project().name() + " — Cinegen Studio", projects.titleProperty().get());
    }
}
