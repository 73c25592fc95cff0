package cinegen.app;

import cinegen.frames.FrameSequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a timeline plays: its clips and gaps in order, each a segment of frames at one size and the timeline's
 * frame rate. Segments are kept apart so an export can treat every cut as a cut (in-between frames are made
 * within a segment, never across two); {@link #flatten()} joins them for the viewer. Frames are shared with the
 * media they come from, so a program is cheap to build and to cut.
 *
 * @param width    frame width of every segment
 * @param height   frame height of every segment
 * @param fps      the timeline's frame rate
 * @param segments clips and gaps in timeline order, back to back from timeline frame {@code start}
 * @param start    the timeline frame the first segment starts at (0 for the whole timeline, the in mark for a range)
 */
public record TimelineProgram(int width, int height, double fps, List<Segment> segments, long start) {
    /**
     * One clip's frames (its in to out points, at the program's size) or a gap's black frames.
     *
     * @param clipId the clip's id, or null for a gap
     * @param start  the timeline frame the segment starts at
     * @param frames its frames at the program's size and frame rate
     */
    public record Segment(String clipId, long start, FrameSequence frames) {
        public Segment {
            Objects.requireNonNull(frames, "frames");
        }

        public boolean isGap() { return clipId == null; }

        public long end() { return start + frames.frameCount(); }
    }

    public TimelineProgram {
        segments = List.copyOf(segments);
        for (Segment s : segments) {
            if (s.frames().width() != width || s.frames().height() != height) {
                throw new IllegalArgumentException("a segment is " + s.frames().width() + "x" + s.frames().height()
                        + ", the program " + width + "x" + height);
            }
        }
    }

    /** Frames in the program. */
    public long frameCount() {
        long n = 0;
        for (Segment s : segments) n += s.frames().frameCount();
        return n;
    }

    public boolean isEmpty() { return frameCount() == 0; }

    /** The segments' frame sequences, as the exporter takes them (one per clip or gap). */
    public List<FrameSequence> sequences() {
        return segments.stream().map(Segment::frames).toList();
    }

    /** Every frame in one sequence (the viewer plays this); null when the program is empty. */
    public FrameSequence flatten() {
        if (isEmpty()) return null;
        List<int[]> all = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, frameCount()));
        for (Segment s : segments) all.addAll(s.frames().frames());
        return new FrameSequence(width, height, fps, all);
    }

    /**
     * The part of the program between timeline frames {@code from} (inclusive) and {@code to} (exclusive),
     * clamped to the program; segments cut at the range's edges stay separate segments.
     */
    public TimelineProgram range(long from, long to) {
        long end = start + frameCount();
        long a = Math.max(start, Math.min(from, end)), b = Math.max(a, Math.min(to, end));
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            long lo = Math.max(a, s.start()), hi = Math.min(b, s.end());
            if (lo >= hi) continue;
            if (lo == s.start() && hi == s.end()) out.add(s);
            else out.add(new Segment(s.clipId(), lo, s.frames().slice((int) (lo - s.start()), (int) (hi - s.start()))));
        }
        return new TimelineProgram(width, height, fps, out, a);
    }
}
