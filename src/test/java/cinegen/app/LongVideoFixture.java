package cinegen.app;

import cinegen.frames.FrameSequence;
import cinegen.media.ExportOptions;
import cinegen.media.MediaImporter;
import cinegen.media.MediaInfo;
import cinegen.media.ProgressListener;
import cinegen.media.VideoExporter;
import cinegen.project.Clip;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.io.ProjectStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A video longer than the studio ever decoded for a bin item (240 frames), and a saved project playing all of it. */
public final class LongVideoFixture {
    public static final int FRAMES = 300, WIDTH = 64, HEIGHT = 48;

    private LongVideoFixture() {}

    /** Grey rising from black to white over the frames, with a light bar moving right: no two seconds alike. */
    public static FrameSequence frames() {
        List<int[]> list = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            int g = f * 200 / (FRAMES - 1);
            int[] px = new int[WIDTH * HEIGHT];
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    boolean bar = Math.abs(x - (f % WIDTH)) < 3;
                    int v = bar ? Math.min(255, g + 55) : g;
                    px[y * WIDTH + x] = 0xff000000 | v << 16 | v << 8 | v;
                }
            }
            list.add(px);
        }
        return new FrameSequence(WIDTH, HEIGHT, 24, list);
    }

    /** Writes {@link #frames()} as an MP4 at {@code file}. */
    public static Path video(Path file) throws Exception {
        VideoExporter.export(frames(), file, ExportOptions.defaults().withQuality(95), ProgressListener.NONE, () -> false);
        return file;
    }

    /** A saved project in {@code folder} whose timeline is the whole of a {@value #FRAMES}-frame video. */
    public static Path project(Path folder, Path settings) throws Exception {
        Path mp4 = video(folder.resolveSibling(folder.getFileName() + "-source.mp4"));
        ProjectStore store = new ProjectStore(settings);
        Project p = store.create(folder, "long");
        String path = store.importFile(p, mp4);
        MediaInfo info = MediaImporter.probe(mp4);
        p.addMedia(0, MediaItem.video("vid", "long.mp4", path, info.width(), info.height(), info.frameCount(), info.fps()));
        p.timeline().setFps(24);
        p.timeline().setClips(List.of(new Clip("c1", "vid", "long", 0, 0, info.frameCount())));
        store.save(p);
        store.close(p);
        return folder;
    }

    /** Mean brightness (0-255) of a frame. */
    public static double brightness(int[] argb) {
        long sum = 0;
        for (int p : argb) sum += ((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff);
        return sum / (3.0 * argb.length);
    }
}
