package cinegen.ui.main;

import cinegen.app.TimelineProgram;
import cinegen.media.ExportOptions;

/**
 * What exporting the timeline starts from: the program to write (the whole timeline, or the part between the in and
 * out marks) and the options to propose for it.
 */
public record ExportSource(TimelineProgram program, ExportOptions proposed) {
    public int width() { return program.width(); }
    public int height() { return program.height(); }
    public int frameCount() { return (int) Math.min(Integer.MAX_VALUE, program.frameCount()); }
    public double fps() { return program.fps(); }
}
