package cinegen.app;

import cinegen.frames.FrameSequence;
import cinegen.frames.Resample;
import cinegen.media.ImportOptions;
import cinegen.media.MediaException;
import cinegen.media.MediaImporter;
import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectException;
import cinegen.project.io.ProjectStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a project's clips into frames for export: each clip's media (generated frames, an imported video, or a
 * still held for the clip's length) cut to its in and out points; gaps on the timeline become black frames.
 * Every clip is brought to the size of the first, so the timeline exports as one video.
 */
public final class TimelineRenderer {
    private final ProjectStore store;
    private final Project project;
    private final Map<String, FrameSequence> cache = new HashMap<>();
    private final long budgetBytes;

    /** Holds at most half the heap in frames. */
    public TimelineRenderer(ProjectStore store, Project project) {
        this(store, project, Runtime.getRuntime().maxMemory() / 2);
    }

    /** @param budgetBytes the most memory the timeline's frames may take; a timeline needing more is refused before loading */
    public TimelineRenderer(ProjectStore store, Project project, long budgetBytes) {
        this.store = store;
        this.project = project;
        this.budgetBytes = budgetBytes;
    }

    /** The whole timeline as consecutive clips (gaps included as black clips). */
    public List<FrameSequence> timeline() throws ProjectException, MediaException {
        List<Clip> clips = project.timeline().clips();
        if (clips.isEmpty()) throw new ProjectException("the timeline of " + project.name() + " is empty: nothing to export");
        checkBudget(clips);
        double fps = project.timeline().fps();
        List<FrameSequence> out = new ArrayList<>();
        FrameSequence first = clip(clips.get(0));
        int w = first.width(), h = first.height();
        long cursor = 0;
        for (Clip c : clips) {
            if (c.start() > cursor) out.add(black(w, h, fps, (int) (c.start() - cursor)));
            FrameSequence s = clip(c);
            out.add(resized(s, w, h).withFps(fps));
            cursor = c.end();
        }
        return out;
    }

    /** One clip's frames, cut to its in and out points. */
    public FrameSequence clip(String clipId) throws ProjectException, MediaException {
        Clip c = project.timeline().clip(clipId).orElseThrow(() -> new ProjectException("no clip '" + clipId + "' in " + project.name()
                + " (clips: " + String.join(", ", project.timeline().clips().stream().map(Clip::id).toList()) + ")"));
        checkBudget(List.of(c));
        return clip(c);
    }

    /**
     * The frames of an export are all held at once, so what they will take is estimated from the project (sizes
     * and lengths) before anything is loaded, and an export that cannot fit is refused with a sentence instead of
     * running out of memory part way (issue 32). Stills and gaps share one frame, so they cost one frame each.
     */
    private void checkBudget(List<Clip> clips) throws ProjectException {
        MediaItem firstItem = project.mediaItem(clips.get(0).mediaId()).orElse(null);
        if (firstItem == null) return; // clip() says what is wrong
        long outPixels = (long) firstItem.width() * firstItem.height(), bytes = 4 * outPixels;
        java.util.Set<String> loadedWhole = new java.util.HashSet<>();
        for (Clip c : clips) {
            MediaItem item = project.mediaItem(c.mediaId()).orElse(null);
            if (item == null) continue;
            long pixels = (long) item.width() * item.height();
            long resized = pixels == outPixels ? 0 : outPixels; // a clip of another size is resized to the first
            bytes += 4 * switch (item.kind()) {
                case IMAGE -> pixels + resized;
                case VIDEO -> c.length() * (pixels + resized);
                case GENERATED -> (loadedWhole.add(item.id()) ? (long) item.frameCount() * pixels : 0) + c.length() * resized;
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

    private FrameSequence clip(Clip c) throws ProjectException, MediaException {
        MediaItem item = project.mediaItem(c.mediaId()).orElseThrow(() -> new ProjectException("clip '" + c.id() + "' uses media '"
                + c.mediaId() + "', which is not in the project"));
        double fps = project.timeline().fps();
        if (item.isStill()) {
            FrameSequence media = media(item, 0, 1);
            int[] still = media.frame(0);
            List<int[]> frames = new ArrayList<>();
            for (int i = 0; i < c.length(); i++) frames.add(still);
            return new FrameSequence(media.width(), media.height(), fps, frames);
        }
        if (item.kind() == cinegen.project.MediaKind.VIDEO) {
            // only the frames the clip shows are decoded and kept (issue 32): a short clip of a long video fits
            return media(item, c.inPoint(), c.length());
        }
        FrameSequence media = media(item, 0, 0);
        int from = Math.min(c.inPoint(), media.frameCount() - 1), to = Math.min(c.outPoint(), media.frameCount());
        return media.slice(from, Math.max(from + 1, to));
    }

    /** Frames {@code first} .. {@code first + count - 1} of the item's media ({@code count} 0: all of them). */
    private FrameSequence media(MediaItem item, int first, int count) throws ProjectException, MediaException {
        String key = item.id() + "@" + first + "+" + count;
        FrameSequence s = cache.get(key);
        if (s != null) return s;
        s = switch (item.kind()) {
            case GENERATED -> store.loadFrames(project, item.id());
            case IMAGE, VIDEO -> MediaImporter.importFile(store.resolve(project, item.path()),
                    ImportOptions.original().startingAt(first).withMaxFrames(count)).frames();
        };
        cache.put(key, s);
        return s;
    }

    private static FrameSequence resized(FrameSequence s, int w, int h) {
        if (s.width() == w && s.height() == h) return s;
        List<int[]> frames = new ArrayList<>(s.frameCount());
        for (int[] f : s.frames()) frames.add(Resample.resizeArgb(f, s.width(), s.height(), w, h, false));
        return new FrameSequence(w, h, s.fps(), frames);
    }

    private static FrameSequence black(int w, int h, double fps, int n) {
        int[] px = new int[w * h];
        Arrays.fill(px, 0xff000000);
        List<int[]> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) frames.add(px);
        return new FrameSequence(w, h, fps, frames);
    }
}
