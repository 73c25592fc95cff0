package cinegen.project.io;

import cinegen.frames.GenerationMode;
import cinegen.project.InspectorSettings;
import cinegen.project.JobRecord;
import cinegen.project.Project;
import cinegen.project.Sampler;
import cinegen.project.SampleProjects;
import cinegen.project.StyleBlend;
import cinegen.project.StyleWeight;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The inspector's settings and the job history kept with the project (decision 0619): saved, autosaved and recovered
 * with it, without making it dirty; files without them (older studios) open as before.
 */
class WorkingStateTest {
    @TempDir Path tmp;
    private ProjectStore store;
    private Path folder;

    @BeforeEach
    void setUp() {
        store = new ProjectStore(tmp.resolve("settings"));
        folder = tmp.resolve("kites");
    }

    static InspectorSettings inspector() {
        return new InspectorSettings(GenerationMode.CINEMAGRAPH, "0: a kite, 8: two kites", "blurry", 4_000_000_000L, false,
                17, 6.5, Sampler.EULER_ANCESTRAL, 320, 192, 24, 12, true, 0.4,
                new StyleBlend(List.of(new StyleWeight("ink", 0.6), new StyleWeight("noir", 0.3))), false);
    }

    static List<JobRecord> jobs() {
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        return List.of(
                new JobRecord("a kite", JobRecord.Outcome.DONE, null, SampleProjects.recipe(1), t, t.plusSeconds(2),
                        t.plusSeconds(33), "gen-1"),
                new JobRecord("two kites", JobRecord.Outcome.FAILED, "Not enough memory for this job.", SampleProjects.recipe(2),
                        t.plusSeconds(40), t.plusSeconds(41), t.plusSeconds(42), null),
                new JobRecord("three kites", JobRecord.Outcome.CANCELLED, null, SampleProjects.recipe(3), t.plusSeconds(50),
                        null, t.plusSeconds(51), null),
                new JobRecord("four kites", JobRecord.Outcome.INTERRUPTED, null, SampleProjects.recipe(4), t.plusSeconds(60),
                        t.plusSeconds(61), null, null));
    }

    @Test
    void saveThenOpenGivesTheSameInspectorSettingsAndJobHistory() throws Exception {
        Project p = store.create(folder, "Kites");
        long revision = p.revision();
        p.setInspectorSettings(inspector());
        p.setJobHistory(jobs());
        assertFalse(p.isDirty(), "the working state alone does not make the project dirty");
        assertEquals(revision, p.revision(), "and is not a document change");
        store.save(p);
        store.close(p);

        Project back = store.open(folder);
        assertEquals(Optional.of(inspector()), back.inspectorSettings());
        assertEquals(jobs(), back.jobHistory());
        assertFalse(back.isDirty());
        assertEquals(Optional.of(Duration.ofSeconds(31)), back.jobHistory().get(0).duration());
        assertEquals(Optional.empty(), back.jobHistory().get(3).duration(), "an interrupted job has not ended");
        assertTrue(back.jobHistory().get(3).outcome().retryable());
        assertFalse(back.jobHistory().get(0).outcome().retryable());
    }

    @Test
    void theAutosaveCarriesThemAndRecoveryPutsThemBack() throws Exception {
        Project p = store.create(folder, "Kites");
        p.setName("Kites at dusk"); // an unsaved change, so the autosave is written
        p.setInspectorSettings(inspector());
        p.setJobHistory(jobs());
        assertTrue(store.autosave(p));
        // A crash leaves the autosave behind (closing removes it: it is put back), and the next start finds it.
        Path autosave = folder.resolve(ProjectStore.AUTOSAVE_FILE);
        byte[] left = Files.readAllBytes(autosave);
        store.close(p);
        Files.write(autosave, left);
        ProjectStore next = new ProjectStore(tmp.resolve("settings"));
        RecoverableProject offer = next.recoverableFor(folder).orElseThrow();
        Project recovered = next.recover(offer);
        assertEquals("Kites at dusk", recovered.name());
        assertEquals(Optional.of(inspector()), recovered.inspectorSettings());
        assertEquals(jobs(), recovered.jobHistory());
    }

    @Test
    void aProjectFileWithoutThemOpensAsBefore() throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(ProjectStore.PROJECT_FILE), """
                {"formatVersion": 2, "name": "Older", "savedAt": "2024-11-02T09:00:00Z",
                 "settings": {"width": 256, "height": 256, "frames": 16, "fps": 8.0, "steps": 30, "guidance": 7.5,
                              "sampler": "DDIM", "lowPass": 0.0, "negativePrompt": "", "modelPackId": "", "styles": []},
                 "media": [], "timeline": {"fps": 8.0, "playhead": 0, "clips": []}, "masks": []}
                """);
        Project p = store.open(folder);
        assertEquals("Older", p.name());
        assertEquals(Optional.empty(), p.inspectorSettings());
        assertEquals(List.of(), p.jobHistory());
        assertFalse(p.isDirty());

        p.setInspectorSettings(inspector());
        store.save(p);
        store.close(p);
        assertEquals(Optional.of(inspector()), store.open(folder).inspectorSettings(), "saved from now on");
    }

    @Test
    void theHistoryKeepsTheMostRecentJobs() throws Exception {
        Project p = store.create(folder, "Kites");
        List<JobRecord> many = new ArrayList<>();
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        for (int i = 0; i < Project.MAX_JOB_HISTORY + 50; i++) {
            many.add(new JobRecord("job " + i, JobRecord.Outcome.CANCELLED, null, SampleProjects.recipe(i), t.plusSeconds(i),
                    null, t.plusSeconds(i), null));
        }
        p.setJobHistory(many);
        assertEquals(Project.MAX_JOB_HISTORY, p.jobHistory().size());
        assertEquals("job 50", p.jobHistory().get(0).title(), "the oldest go");
        store.save(p);
        store.close(p);
        assertEquals(many.subList(50, many.size()), store.open(folder).jobHistory());
    }

    @Test
    void aDamagedJobOrInspectorEntryIsRefusedWithItsPlace() throws Exception {
        Project p = store.create(folder, "Kites");
        p.setInspectorSettings(inspector());
        p.setJobHistory(jobs());
        store.save(p);
        store.close(p);
        Path file = folder.resolve(ProjectStore.PROJECT_FILE);
        String good = Files.readString(file);

        Files.writeString(file, good.replace("\"2025-03-01T10:00:40Z\"", "\"yesterday\""));
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> store.open(folder));
        assertTrue(e.getMessage().contains("jobs[1].queuedAt") && e.getMessage().contains("yesterday"), e.getMessage());

        Files.writeString(file, good.replace("\"steps\" : 17", "\"steps\" : 0"));
        e = assertThrows(ProjectFormatException.class, () -> store.open(folder));
        assertTrue(e.getMessage().contains("inspector") && e.getMessage().contains("steps"), e.getMessage());

        Files.writeString(file, good.replace("\"outcome\" : \"CANCELLED\"", "\"outcome\" : \"LOST\""));
        e = assertThrows(ProjectFormatException.class, () -> store.open(folder));
        assertTrue(e.getMessage().contains("LOST") && e.getMessage().contains("jobs[2]"), e.getMessage());
    }
}
