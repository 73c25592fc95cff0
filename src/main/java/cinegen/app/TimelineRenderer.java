package cinegen.app;

import cinegen.frames.FrameSequence;
import cinegen.frames.Resample;
import cinegen.media.ImportOptions;
import cinegen.media.MediaException;
import cinegen.media.MediaImporter;
import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.frames.MediaKind;
import cinegen.project.Project;
import cinegen.project.io.ProjectException;
import cinegen.project.io.ProjectStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place a timeline becomes frames: the studio's viewer, the studio's export and the {@code export}
 * command all play what this renders (issue 30). Each clip shows its media's frames {@code [in, out)} one to one
 * at the timeline's frame rate (a still repeats; a source that decodes fewer frames than the clip asks for holds
 * its last frame, so the clips after it stay in time); gaps are black; every clip is fitted to the size of the
 * first clip's media.
 * <p>
 * Where the media's frames come from is the caller's: the command line decodes from the project folder the part
 * of each video its clips show, and the other items whole ({@link #TimelineRenderer(ProjectStore, Project)}); the
 * studio hands over the frames it has decoded (all of them, never a prefix) for its viewer. The renderer asks each
 * item once per rendering for the frames from its clips' first in point to their last out point
 * ({@link MediaFrames#window}). Not thread-safe: use one renderer from one thread.
 */
public final class TimelineRenderer {
    /** Where a media item's frames come from. */
    @FunctionalInterface
    public interface MediaFrames {
        /**
         * All frames of {@code item} at its own size, or null when they cannot be had (the clip then shows black,
         * as the studio does for a file it could not decode).
         */
        FrameSequence frames(MediaItem item) throws ProjectException, MediaException;

        /**
         * Source frames {@code first} to {@code first + count - 1} of {@code item} (fewer when the source ends
         * first; its last frame when it ends before {@code first}), or null when they cannot be had. By default cut
         * from {@link #frames(MediaItem)}; a source that decodes files can decode just this part (issue 32: a
         * 48-frame clip of a 40-second 720p video must not need the whole video in memory).
         */
        default Window window(MediaItem item, int first, int count) throws ProjectException, MediaException {
            return Window.of(frames(item), first, count);
        }
    }

    /**
     * Part of a media item's frames: {@code frames.frame(k)} is source frame {@code first + k}.
     */
    public record Window(FrameSequence frames, int first) {
        /** The part [first, first + count) of {@code all}; its last frame alone when {@code all} ends before {@code first}. */
        static Window of(FrameSequence all, int first, int count) {
            if (all == null || all.isEmpty()) return null;
            int from = Math.min(first, all.frameCount() - 1), to = Math.max(from + 1, Math.min(all.frameCount(), first + count));
            return from == 0 && to == all.frameCount() ? new Window(all, 0) : new Window(all.slice(from, to), from);
        }

        /** Source frame {@code i}, or the last one there is when the source ends before it. */
        int[] frame(int i) {
            return frames.frame(Math.max(0, Math.min(i - first, frames.frameCount() - 1)));
        }
    }

    private final Project project;
    private final MediaFrames media;
    private final long budgetBytes;
    private final Map<String, FrameSequence> resized = new HashMap<>();
    /** The part of each item's frames the current rendering uses, by item id. */
    private final Map<String, Window> windows = new HashMap<>();

    /**
     * Decodes the project's media from its folder (the command line): of a video only the frames its clips show,
     * and at most half the heap in frames, checked from the project before anything is decoded.
     */
    public TimelineRenderer(ProjectStore store, Project project) {
        this(store, project, Runtime.getRuntime().maxMemory() / 2);
    }

    /** As {@link #TimelineRenderer(ProjectStore, Project)}, holding at most {@code budgetBytes} of frames. */
    public TimelineRenderer(ProjectStore store, Project project, long budgetBytes) {
        this(project, fromFolder(store, project), budgetBytes);
    }

    public TimelineRenderer(Project project, MediaFrames media) {
        this(project, media, Long.MAX_VALUE);
    }

    private TimelineRenderer(Project project, MediaFrames media, long budgetBytes) {
        this.project = project;
        this.media = media;
        this.budgetBytes = budgetBytes;
    }

    /** All frames of {@code item} as the studio and the command line decode them: generated PNGs, or the file. */
    public static FrameSequence load(ProjectStore store, Project project, MediaItem item) throws ProjectException, MediaException {
        if (item.kind() == MediaKind.GENERATED) return store.loadFrames(project, item);
        FrameSequence frames = MediaImporter.importFile(store.resolve(project, item.path()), ImportOptions.original()).frames();
        return item.isStill() || !(item.fps() > 0) ? frames : frames.withFps(item.fps());
    }

    /** {@code source}, asking it at most once per media item. */
    public static MediaFrames cached(MediaFrames source) {
        Map<String, FrameSequence> cache = new HashMap<>();
        return item -> {
            if (cache.containsKey(item.id())) return cache.get(item.id());
            FrameSequence s = source.frames(item);
            cache.put(item.id(), s);
            return s;
        };
    }

    /**
     * The project folder's media, each part decoded once: a video's window is decoded from its first frame on (the
     * frames before it decoded and dropped), everything else whole.
     */
    static MediaFrames fromFolder(ProjectStore store, Project project) {
        MediaFrames whole = cached(item -> load(store, project, item));
        Map<String, Window> parts = new HashMap<>();
        return new MediaFrames() {
            @Override
            public FrameSequence frames(MediaItem item) throws ProjectException, MediaException {
                return whole.frames(item);
            }

            @Override
            public Window window(MediaItem item, int first, int count) throws ProjectException, MediaException {
                if (item.kind() != MediaKind.VIDEO) return Window.of(whole.frames(item), first, count);
                String key = item.id() + "@" + first + "+" + count;
                if (parts.containsKey(key)) return parts.get(key);
                Window w;
                try {
                    FrameSequence f = MediaImporter.importFile(store.resolve(project, item.path()),
                            ImportOptions.original().startingAt(first).withMaxFrames(count)).frames();
                    w = new Window(item.fps() > 0 ? f.withFps(item.fps()) : f, first);
                } catch (MediaException e) {
                    if (first == 0) throw e;
                    // the file is shorter than the project says: as a whole it shows its last frame, or says what is wrong
                    w = Window.of(whole.frames(item), first, count);
                }
                parts.put(key, w);
                return w;
            }
        };
    }

    /** Forgets the frames fitted to the program's size (after media were replaced). */
    public void forgetResized() {
        resized.clear();
        windows.clear();
    }

    /** The whole timeline: every clip and gap, in order, at the first clip's size. */
    public TimelineProgram program() throws ProjectException, MediaException {
        List<Clip> clips = project.timeline().clips();
        double fps = project.timeline().fps();
        if (clips.isEmpty()) return new TimelineProgram(1, 1, fps, List.of(), 0);
        prepare(clips);
        MediaItem firstItem = item(clips.get(0));
        Window first = windows.get(firstItem.id());
        int w = first != null ? first.frames().width() : firstItem.width(), h = first != null ? first.frames().height() : firstItem.height();
        List<TimelineProgram.Segment> out = new ArrayList<>();
        long cursor = 0;
        for (Clip c : clips) {
            if (c.start() > cursor) out.add(new TimelineProgram.Segment(null, cursor, black(w, h, fps, (int) (c.start() - cursor))));
            out.add(new TimelineProgram.Segment(c.id(), c.start(), frames(c, w, h)));
            cursor = c.end();
        }
        return new TimelineProgram(w, h, fps, out, 0);
    }

    /** The whole timeline as consecutive clips and gaps, for the exporter; an empty timeline is refused. */
    public List<FrameSequence> timeline() throws ProjectException, MediaException {
        if (project.timeline().clips().isEmpty()) {
            throw new ProjectException("the timeline of " + project.name() + " is empty: nothing to export");
        }
        return program().sequences();
    }

    /** One clip's frames, cut to its in and out points, at its media's size and the timeline's frame rate. */
    public FrameSequence clip(String clipId) throws ProjectException, MediaException {
        Clip c = project.timeline().clip(clipId).orElseThrow(() -> new ProjectException("no clip '" + clipId + "' in " + project.name()
                + " (clips: " + String.join(", ", project.timeline().clips().stream().map(Clip::id).toList()) + ")"));
        MediaItem item = item(c);
        prepare(List.of(c));
        Window s = windows.get(item.id());
        return frames(c, s != null ? s.frames().width() : item.width(), s != null ? s.frames().height() : item.height());
    }

    /**
     * Works out which frames of each item the clips show, checks that they fit in the budget (from the project's
     * sizes and lengths, before anything is decoded), then gets those parts.
     */
    private void prepare(List<Clip> clips) throws ProjectException, MediaException {
        Map<String, int[]> ranges = new java.util.LinkedHashMap<>();
        for (Clip c : clips) {
            MediaItem item = item(c);
            int[] r = ranges.computeIfAbsent(item.id(), k -> new int[] {c.inPoint(), c.outPoint()});
            r[0] = Math.min(r[0], c.inPoint());
            r[1] = Math.max(r[1], c.outPoint());
        }
        checkBudget(clips, ranges);
        // asked afresh each time: the studio's frames change as media are decoded or replaced (a folder's are cached)
        windows.clear();
        for (Map.Entry<String, int[]> e : ranges.entrySet()) {
            MediaItem item = project.mediaItem(e.getKey()).orElseThrow();
            int[] r = e.getValue();
            windows.put(item.id(), item.isStill() ? media.window(item, 0, 1) : media.window(item, r[0], r[1] - r[0]));
        }
    }

    /**
     * An export holds all its frames at once, so what they will take is estimated before anything is loaded and an
     * export that cannot fit is refused with a sentence instead of running out of memory part way (issue 32).
     * A still and a gap cost one frame each; a video the frames its clips show; generated clips all their frames.
     */
    private void checkBudget(List<Clip> clips, Map<String, int[]> ranges) throws ProjectException {
        if (budgetBytes == Long.MAX_VALUE) return;
        MediaItem firstItem = item(clips.get(0));
        long outPixels = (long) firstItem.width() * firstItem.height(), bytes = 0;
        long cursor = clips.get(0).start();
        for (Clip c : clips) {
            if (c.start() > cursor) bytes += 4 * outPixels; // a gap's black frame
            cursor = c.end();
        }
        for (Map.Entry<String, int[]> e : ranges.entrySet()) {
            MediaItem item = project.mediaItem(e.getKey()).orElseThrow();
            long pixels = (long) item.width() * item.height(), shown = e.getValue()[1] - e.getValue()[0];
            long resized = pixels == outPixels ? 0 : outPixels; // fitted to the first clip's size
            bytes += 4 * switch (item.kind()) {
                case IMAGE -> pixels + resized;
                case VIDEO -> shown * (pixels + resized);
                case GENERATED -> (long) item.frameCount() * pixels + shown * resized;
            };
        }
        if (bytes > budgetBytes) {
            throw new ProjectException("exporting " + (clips.size() == 1 ? "clip '" + clips.get(0).id() + "'" : "the timeline of " + project.name())
                    + " would hold about " + size(bytes) + " of frames in memory, more than the " + size(budgetBytes)
                    + " it may use; export it in parts (--clip ID), or give Java more memory (-Xmx)");
        }
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return (bytes >> 20) + " MB";
        return Math.max(1, bytes >> 10) + " KB";
    }

    private MediaItem item(Clip c) throws ProjectException {
        return project.mediaItem(c.mediaId()).orElseThrow(() -> new ProjectException("clip '" + c.id() + "' uses media '"
                + c.mediaId() + "', which is not in the project"));
    }

    /** A clip's frames [in, out) at w x h: always exactly the clip's length. */
    private FrameSequence frames(Clip c, int w, int h) throws ProjectException, MediaException {
        double fps = project.timeline().fps();
        MediaItem item = item(c);
        Window window = windows.get(item.id());
        FrameSequence src = sized(item, window, w, h);
        if (src == null || src.isEmpty()) return black(w, h, fps, c.length());
        Window sizedWindow = new Window(src, window.first());
        List<int[]> frames = new ArrayList<>(c.length());
        for (int i = c.inPoint(); i < c.outPoint(); i++) frames.add(item.isStill() ? src.frame(0) : sizedWindow.frame(i));
        return new FrameSequence(w, h, fps, frames);
    }

    private FrameSequence sized(MediaItem item, Window window, int w, int h) {
        FrameSequence f = window == null ? null : window.frames();
        if (f == null || (f.width() == w && f.height() == h)) return f;
        String key = item.id() + "@" + window.first() + "@" + w + "x" + h;
        FrameSequence r = resized.get(key);
        if (r == null || r.frameCount() != f.frameCount()) {
            List<int[]> list = new ArrayList<>(f.frameCount());
            for (int[] px : f.frames()) list.add(Resample.resizeArgb(px, f.width(), f.height(), w, h, false));
            r = new FrameSequence(w, h, f.fps(), list);
            resized.put(key, r);
        }
        return r;
    }

    private static FrameSequence black(int w, int h, double fps, int n) {
        int[] px = new int[w * h];
        Arrays.fill(px, 0xff000000);
        List<int[]> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) frames.add(px);
        return new FrameSequence(w, h, fps, frames);
    }
}
