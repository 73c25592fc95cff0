package cinegen.app.studio;

import cinegen.frames.GenerationMode;
import cinegen.project.InspectorSettings;
import cinegen.project.JobRecord;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.Sampler;
import cinegen.project.StyleBlend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * The inspector's settings and the job history go with the project through the session's lifecycle (decision 0619):
 * the first Save As of an untitled project, Save in place, opening another project and reopening this one, each as
 * the studio runs them (file tasks).
 */
class WorkingStateSessionTest {
    @TempDir Path settings;
    @TempDir Path work;

    private static InspectorSettings inspector(String prompt, int steps) {
        return new InspectorSettings(GenerationMode.TEXT_TO_VIDEO, prompt, "", 7, true, steps, 5, Sampler.DDIM, 16, 16,
                3, 8, false, 0.25, StyleBlend.none(), true);
    }

    /** Runs a task's steps in order, as the studio does on its two threads. */
    private static void run(StudioSession.FileTask task) throws Exception {
        task.write();
        task.finish();
        task.cleanUp();
    }

    @Test
    void saveOpenAnotherAndReopenGivesTheSameInspectorSettingsAndJobs() throws Exception {
        try (StudioSession s = StudioSession.start(settings)) {
            MediaItem clip = s.saveGenerated(StudioSessionTest.video(3), StudioSessionTest.recipe(), "clip one");
            s.addGenerated(clip);
            Instant t = Instant.parse("2025-03-01T10:00:00Z");
            JobRecord done = new JobRecord("clip one", JobRecord.Outcome.DONE, null, StudioSessionTest.recipe(), t,
                    t.plusSeconds(1), t.plusSeconds(9), clip.id());
            Project first = s.project();
            first.setInspectorSettings(inspector("a green triangle", 2));
            first.setJobHistory(List.of(done));
            Path kites = work.resolve("Kites");
            run(s.saveAsTask(kites));

            // Changed and saved again in place: the file has the latest.
            JobRecord failed = new JobRecord("again", JobRecord.Outcome.FAILED, "The engine failed.", StudioSessionTest.recipe(),
                    t.plusSeconds(20), t.plusSeconds(21), t.plusSeconds(22), null);
            first.setInspectorSettings(inspector("a blue square", 4));
            first.setJobHistory(List.of(done, failed));
            assertFalse(first.isDirty(), "the working state alone does not make the project dirty");
            run(s.saveTask());

            run(s.newProjectTask());
            assertEquals(Optional.empty(), s.project().inspectorSettings(), "a new project has none: the studio starts it from the model's defaults");
            assertEquals(List.of(), s.project().jobHistory());

            run(s.openTask(kites));
            Project reopened = s.project();
            assertNotSame(first, reopened);
            assertEquals(Optional.of(inspector("a blue square", 4)), reopened.inspectorSettings());
            assertEquals(List.of(done, failed), reopened.jobHistory());
            assertEquals(Optional.of(clip.id()), reopened.jobHistory().get(0).media());
            assertEquals(clip, reopened.mediaItem(clip.id()).orElseThrow(), "the job's clip is in the project");
        }
    }
}
