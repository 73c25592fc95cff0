package cinegen.ui.main;

import cinegen.app.TimelineExport;
import cinegen.app.TimelineProgram;
import cinegen.media.ExportOptions;
import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.ui.common.UiTasks;
import cinegen.ui.status.StatusViewModel;
import cinegen.ui.timeline.TimelineViewModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.ListChangeListener;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Exporting the timeline: the program the viewer plays (or its part between the in and out marks), written through
 * the app's {@link TimelineExport} off the FX thread, with the options proposed from the last export. FX thread.
 */
final class ExportCoordinator {
    static final int EXPORT_MIN_SIDE = 256;

    private final UiTasks tasks;
    private final TimelineViewModel timeline;
    private final StatusViewModel status;
    private final MediaFrames frames;
    private final Supplier<TimelineProgram> program;
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(this, "exporting");
    private final ReadOnlyBooleanWrapper canExport = new ReadOnlyBooleanWrapper(this, "canExport");
    private ExportOptions lastExportOptions;
    private Project project;

    /** @param program renders the whole timeline from the decoded media (null, with a message, when it cannot) */
    ExportCoordinator(UiTasks tasks, TimelineViewModel timeline, StatusViewModel status, MediaFrames frames,
                      Supplier<TimelineProgram> program) {
        this.tasks = tasks;
        this.timeline = timeline;
        this.status = status;
        this.frames = frames;
        this.program = program;
        timeline.clips().addListener((ListChangeListener<Object>) c -> updateCanExport());
    }

    /** True while the timeline has clips and no export runs. */
    ReadOnlyBooleanProperty canExportProperty() { return canExport.getReadOnlyProperty(); }

    void bind(Project p) {
        project = p;
        updateCanExport();
    }

    private void updateCanExport() {
        canExport.set(project != null && !project.timeline().clips().isEmpty() && !exporting.get());
    }

    /**
     * The timeline's program as the viewer plays it (every clip in order, gaps black), cut to the in and out
     * marks when they are set, and the options to propose: the last ones used in this session, or small frames
     * scaled up to at least {@value #EXPORT_MIN_SIDE} px on their longer side. Null, with a message in the status
     * bar, when there is nothing to export yet.
     */
    ExportSource exportSource() {
        if (!canExport.get()) return null;
        for (Clip c : project.timeline().clips()) {
            if (frames.hasProgram(c.mediaId())) continue;
            String name = project.mediaItem(c.mediaId()).map(MediaItem::name).orElse(c.mediaId());
            status.showMessage(frames.isUnreadable(c.mediaId())
                    ? "The timeline cannot be exported: " + name + " cannot be read."
                    : "The timeline is still loading; try again in a moment.");
            return null;
        }
        TimelineProgram whole = program.get();
        if (whole == null) return null;
        long[] range = exportRange();
        TimelineProgram cut = whole.range(range[0], range[1]);
        if (cut.isEmpty()) {
            status.showMessage("The marked range holds no frames; clear the in and out marks (Alt+X on the timeline).");
            return null;
        }
        if (lastExportOptions != null) return new ExportSource(cut, lastExportOptions);
        int side = Math.max(cut.width(), cut.height());
        double scale = Math.min(ExportOptions.MAX_SCALE, Math.max(1, Math.ceil(EXPORT_MIN_SIDE / (double) side)));
        return new ExportSource(cut, ExportOptions.defaults().withScale(scale));
    }

    /** Timeline frames [from, to) that an export writes: the in and out marks, or the whole timeline. */
    long[] exportRange() {
        long in = timeline.markInProperty().get(), out = timeline.markOutProperty().get();
        return new long[] {Math.max(0, in), out >= 0 ? out : Long.MAX_VALUE};
    }

    /**
     * Exports the timeline's program (or its marked range) to {@code out} with {@code options} through the app's
     * {@link TimelineExport}; the extension picks the format (MP4, GIF, WebM, PNG). Runs off the JavaFX thread,
     * reports progress in the status bar and writes nothing when it fails. The options are proposed again for the
     * next export.
     */
    void exportTimeline(Path out, ExportOptions options, Runnable whenDone) {
        ExportSource source = exportSource();
        if (source == null) return;
        TimelineProgram toWrite = source.program();
        lastExportOptions = options;
        exporting.set(true);
        updateCanExport();
        status.begin("Exporting to " + out.getFileName() + "…");
        tasks.submit(p -> TimelineExport.export(toWrite, out, options, p::update, p::isCancelled),
                result -> {
                    exporting.set(false);
                    updateCanExport();
                    status.finish("Exported " + result.frameCount() + " frames at " + result.width() + "×" + result.height()
                            + " to " + out.getFileName() + ".");
                    if (whenDone != null) whenDone.run();
                },
                reason -> {
                    exporting.set(false);
                    updateCanExport();
                    status.finish("Export failed: " + reason);
                    if (whenDone != null) whenDone.run();
                });
    }
}
