package cinegen.app;

import cinegen.frames.FrameSequence;
import cinegen.frames.Resample;
import cinegen.media.ImportOptions;
import cinegen.media.MediaException;
import cinegen.media.MediaImporter;
import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.project.MediaKind;
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
 * Where the media's frames come from is the caller's: the command line decodes every item from the project
 * folder ({@link #TimelineRenderer(ProjectStore, Project)}), the studio hands over the frames it has decoded
 * (all of them, never a prefix) for its viewer. Not thread-safe: use one renderer from one thread.
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
    }

    private final Project project;
    private final MediaFrames media;
    private final Map<String, FrameSequence> resized = new HashMap<>();

    /** Decodes the project's media from its folder, each item once (the command line). */
    public TimelineRenderer(ProjectStore store, Project project) {
        this(project, cached(item -> load(store, project, item)));
    }

    public TimelineRenderer(Project project, MediaFrames media) {
        this.project = project;
        this.media = media;
    }

    /** All frames of {@code item} as the studio and the command line decode them: generated PNGs, or the file. */
    public static FrameSequence load(ProjectStore store, Project project, MediaItem item) throws ProjectException, MediaException {
        if (item.kind() == MediaKind.GENERATED) return store.loadFrames(project, item.id());
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

    /** Forgets the frames fitted to the program's size (after media were replaced). */
    public void forgetResized() { resized.clear(); }

    /** The whole timeline: every clip and gap, in order, at the first clip's size. */
    public TimelineProgram program() throws ProjectException, MediaException {
        List<Clip> clips = project.timeline().clips();
        double fps = project.timeline().fps();
        if (clips.isEmpty()) return new TimelineProgram(1, 1, fps, List.of(), 0);
        MediaItem firstItem = item(clips.get(0));
        FrameSequence first = media.frames(firstItem);
        int w = first != null ? first.width() : firstItem.width(), h = first != null ? first.height() : firstItem.height();
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
        FrameSequence s = media.frames(item);
        return frames(c, s != null ? s.width() : item.width(), s != null ? s.height() : item.height());
    }

    private MediaItem item(Clip c) throws ProjectException {
        return project.mediaItem(c.mediaId()).orElseThrow(() -> new ProjectException("clip '" + c.id() + "' uses media '"
                + c.mediaId() + "', which is not in the project"));
    }

    /** A clip's frames [in, out) at w x h: always exactly the clip's length. */
    private FrameSequence frames(Clip c, int w, int h) throws ProjectException, MediaException {
        double fps = project.timeline().fps();
        FrameSequence src = sized(item(c), w, h);
        if (src == null || src.isEmpty()) return black(w, h, fps, c.length());
        List<int[]> frames = new ArrayList<>(c.length());
        int last = src.frameCount() - 1;
        for (int i = c.inPoint(); i < c.outPoint(); i++) frames.add(src.frame(Math.min(i, last)));
        return new FrameSequence(w, h, fps, frames);
    }

    private FrameSequence sized(MediaItem item, int w, int h) throws ProjectException, MediaException {
        FrameSequence f = media.frames(item);
        if (f == null || (f.width() == w && f.height() == h)) return f;
        String key = item.id() + "@" + w + "x" + h;
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
