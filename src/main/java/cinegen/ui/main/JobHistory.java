package cinegen.ui.main;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.GenerationService;
import cinegen.app.generate.JobState;
import cinegen.app.generate.Recipes;
import cinegen.project.Clip;
import cinegen.project.GenerationRecipe;
import cinegen.project.JobRecord;
import cinegen.project.Project;
import cinegen.ui.bin.MediaBinViewModel;
import cinegen.ui.queue.JobRow;
import cinegen.ui.queue.QueueViewModel;
import cinegen.ui.status.StatusViewModel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The job history kept with the project (docs/decisions/0619). Knows which project each job of this session was
 * queued for, with its recipe and the clip it made; before a save it puts the project's history into the project
 * (the jobs opened with it, then this session's: finished ones as they ended, queued and running ones as
 * interrupted); the jobs panel lists the current project's history under this session's jobs. Retry of a saved job
 * queues its recipe again; clicking a done job selects its clip in the bin and on the timeline. FX thread.
 */
final class JobHistory {
    /** The project a job was queued for and what it was asked to make. */
    private record Owner(Project project, GenerationRecipe recipe) {}

    private final GenerationService generation;
    private final QueueViewModel queue;
    private final MediaBinViewModel mediaBin;
    private final Consumer<String> selectClip;
    private final StatusViewModel status;
    private final Map<GenerationJob, Owner> owners = new IdentityHashMap<>();
    private final Map<GenerationJob, String> clips = new IdentityHashMap<>();
    private BiConsumer<GenerationRecipe, String> retrySaved = (r, title) -> { };
    private Project project;
    /** The current project's history as it was opened. */
    private List<JobRecord> opened = List.of();

    /** @param selectClip selects a clip on the timeline, by its id */
    JobHistory(GenerationService generation, QueueViewModel queue, MediaBinViewModel mediaBin, Consumer<String> selectClip,
               StatusViewModel status) {
        this.generation = generation;
        this.queue = queue;
        this.mediaBin = mediaBin;
        this.selectClip = selectClip;
        this.status = status;
        queue.setOnRetried((old, again) -> {
            Owner o = owners.get(old);
            if (o != null) owners.put(again, o);
        });
        queue.setOnRetrySaved(r -> retrySaved.accept(r.recipe(), r.title()));
        queue.setOnFindClip(this::findClip);
    }

    /** How a saved job is queued again: its recipe and title (the generation coordinator queues them). */
    void setRetrySaved(BiConsumer<GenerationRecipe, String> action) { retrySaved = action; }

    /** Another project is the current one (the same one again, after Save As, changes nothing). */
    void bind(Project p) {
        if (p == project) return;
        project = p;
        opened = p == null ? List.of() : p.jobHistory();
        queue.showHistory(opened, j -> {
            Owner o = owners.get(j);
            return o == null || o.project() == project;
        });
    }

    /** A job was queued for the current project with {@code recipe}. */
    void queued(GenerationJob job, GenerationRecipe recipe) {
        if (project != null) owners.put(job, new Owner(project, recipe));
    }

    /** A done job's clip was added to its project. */
    void filed(GenerationJob job, String mediaId) { clips.put(job, mediaId); }

    /** Puts {@code p}'s job history into it, to be saved with it: the jobs it was opened with, then this session's. */
    void capture(Project p) {
        if (p == null || p != project) return;
        List<JobRecord> history = new ArrayList<>(opened);
        for (GenerationJob j : generation.jobs()) {
            Owner o = owners.get(j);
            if (o != null && o.project() == p) history.add(record(j, o.recipe()));
        }
        p.setJobHistory(history);
    }

    private JobRecord record(GenerationJob j, GenerationRecipe recipe) {
        JobState s = j.state();
        JobRecord.Outcome outcome = switch (s) {
            case DONE -> JobRecord.Outcome.DONE;
            case FAILED -> JobRecord.Outcome.FAILED;
            case CANCELLED -> JobRecord.Outcome.CANCELLED;
            default -> JobRecord.Outcome.INTERRUPTED;
        };
        GenerationRecipe made = s == JobState.DONE && j.result() != null ? Recipes.complete(recipe, j.result()) : recipe;
        return new JobRecord(j.title(), outcome, j.failure(), made, j.queuedAt(), j.startedAt(),
                outcome == JobRecord.Outcome.INTERRUPTED ? null : j.finishedAt(), clips.get(j));
    }

    /** Selects a done job's clip in the bin and on the timeline, or says why it cannot. */
    private void findClip(JobRow row) {
        if (project == null) return;
        String title = row.job() != null ? row.job().title() : row.record().title();
        String mediaId = row.job() != null ? clips.get(row.job()) : row.record().mediaId();
        if (mediaId == null) {
            status.showMessage("“" + title + "” added no clip to the project.");
            return;
        }
        if (project.mediaItem(mediaId).isEmpty()) {
            status.showMessage("The clip of “" + title + "” is no longer in the project.");
            return;
        }
        mediaBin.select(mediaId);
        Optional<Clip> onTimeline = project.timeline().clips().stream().filter(c -> c.mediaId().equals(mediaId)).findFirst();
        onTimeline.ifPresent(c -> selectClip.accept(c.id()));
        status.showMessage("The clip of “" + title + "” is selected in the media bin" + (onTimeline.isPresent() ? " and on the timeline." : "."));
    }
}
