package cinegen.app;

import cinegen.media.ExportOptions;
import cinegen.media.ExportResult;
import cinegen.media.MediaException;
import cinegen.media.VideoExporter;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Writes a {@link TimelineProgram} to a file: the studio's File > Export Timeline goes through here, so the UI
 * never drives the media exporter itself. Every clip and gap goes to the exporter as its own segment, so
 * in-between frames are made within a clip and never across a cut. Blocking; call it from a worker thread.
 */
public final class TimelineExport {
    /** Progress as a fraction in [0, 1] and the stage's name ("Interpolating frames", "Encoding"). */
    @FunctionalInterface
    public interface Progress {
        void update(double fraction, String stage);
    }

    private TimelineExport() {}

    /**
     * Exports {@code program} to {@code out} (the extension picks MP4, GIF, WebM or PNG) with {@code options}.
     * Nothing is left behind when it fails or is cancelled.
     */
    public static ExportResult export(TimelineProgram program, Path out, ExportOptions options, Progress progress,
                                      BooleanSupplier cancelled) throws MediaException {
        if (program.isEmpty()) throw new MediaException("There is nothing to export: the timeline (or its marked range) has no frames.");
        // issue 32: an export into a project folder could overwrite the project's own files (links followed)
        java.util.Optional<Path> project = cinegen.project.io.ProjectStore.projectContaining(out);
        if (project.isPresent()) {
            throw new MediaException("Cannot export to '" + out.getFileName() + "': it is inside the project folder " + project.get()
                    + "; choose a place outside any project.");
        }
        return VideoExporter.export(program.sequences(), out, options, p -> progress.update(p.fraction(), p.stage()), cancelled);
    }
}
