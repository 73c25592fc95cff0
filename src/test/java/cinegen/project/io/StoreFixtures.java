package cinegen.project.io;

import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.project.Brush;
import cinegen.project.Clip;
import cinegen.project.GenerationSettings;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.Sampler;
import cinegen.project.SampleProjects;
import cinegen.project.StrokePoint;
import cinegen.project.StyleBlend;
import cinegen.project.edit.AddClipEdit;
import cinegen.project.edit.AddGeneratedClipEdit;
import cinegen.project.edit.AddMaskTrackEdit;
import cinegen.project.edit.CopyMaskToFollowingEdit;
import cinegen.project.edit.ImportMediaEdit;
import cinegen.project.edit.MaskModeEdit;
import cinegen.project.edit.MaskStrokeEdit;
import cinegen.project.edit.UndoHistory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A project with one of everything, built through the real store and edits. */
final class StoreFixtures {
    private StoreFixtures() {}

    /** A 64x48 PNG outside any project. */
    static Path photo(Path dir, String name) throws IOException {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 90);
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    static FrameSequence frames(int w, int h, int n) {
        List<int[]> frames = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            int[] px = new int[w * h];
            for (int i = 0; i < px.length; i++) px[i] = 0xff000000 | ((i * 7 + f * 31) & 0xffffff);
            frames.add(px);
        }
        return new FrameSequence(w, h, 12, frames);
    }

    /**
     * Created in {@code folder} and saved: an imported still with a painted shared mask, a generated clip (frames on
     * disk) with a per-frame mask, an offline video, clips with a gap, changed settings, playhead at 20.
     */
    static Project fullProject(ProjectStore store, Path folder, Path outside) throws Exception {
        Project p = store.create(folder, "Kites");
        UndoHistory h = new UndoHistory(p);
        String still = store.importFile(p, photo(outside, "beach photo.png"));
        h.perform(ImportMediaEdit.of(p, MediaItem.image("still", "beach photo.png", still, 64, 48)));
        h.perform(ImportMediaEdit.of(p, MediaItem.video("video", "dunes.mp4", "media/dunes.mp4", 48, 32, 30, 12)));
        String framesPath = store.saveFrames(p, "gen", frames(48, 32, 6));
        MediaItem gen = MediaItem.generated("gen", "kite", 48, 32, 6, 12, SampleProjects.recipe(42));
        assertEquals(gen.path(), framesPath);
        h.perform(AddGeneratedClipEdit.of(p, gen));
        h.perform(AddClipEdit.append(p, "still"));
        List<Clip> clips = new ArrayList<>(p.timeline().clips());
        clips.set(1, clips.get(1).withStart(clips.get(1).start() + 5)); // a gap before the still
        p.timeline().setClips(clips);
        p.timeline().setPlayhead(20);

        AddMaskTrackEdit stillMask = AddMaskTrackEdit.of(p, MaskTrack.over(p.mediaItem("still").orElseThrow()));
        h.perform(stillMask);
        h.perform(MaskStrokeEdit.of(stillMask.track(), 0, List.of(new StrokePoint(5, 5), new StrokePoint(50, 30)), new Brush(9, 0.4, 0.8, false)));
        AddMaskTrackEdit genMask = AddMaskTrackEdit.of(p, MaskTrack.over(gen));
        h.perform(genMask);
        h.perform(MaskModeEdit.perFrame(genMask.track()));
        h.perform(MaskStrokeEdit.of(genMask.track(), 2, List.of(new StrokePoint(20, 16)), Brush.paint(10, 0)));
        h.perform(CopyMaskToFollowingEdit.of(genMask.track(), 2));
        p.setSettings(new GenerationSettings(48, 32, 6, 12, 20, 6, Sampler.EULER_ANCESTRAL, 0.2, // not the defaults
                "ugly", "tiny-v2", StyleBlend.of("watercolor", 0.6)));
        store.save(p);
        h.dispose();
        return p;
    }

    /** Asserts two projects hold the same document (masks to 8-bit precision). */
    static void assertSameDocument(Project expected, Project actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.settings(), actual.settings());
        assertEquals(expected.media(), actual.media());
        assertEquals(expected.timeline().clips(), actual.timeline().clips());
        assertEquals(expected.timeline().fps(), actual.timeline().fps());
        assertEquals(expected.timeline().playhead(), actual.timeline().playhead());
        assertEquals(expected.maskTracks().size(), actual.maskTracks().size());
        for (int i = 0; i < expected.maskTracks().size(); i++) {
            MaskTrack e = expected.maskTracks().get(i), a = actual.maskTracks().get(i);
            assertEquals(e.id(), a.id());
            assertEquals(e.mediaId(), a.mediaId());
            assertEquals(e.isPerFrame(), a.isPerFrame());
            assertEquals(e.frameCount(), a.frameCount());
            for (int f = 0; f < e.frameCount(); f++) assertMaskClose(e.mask(f), a.mask(f));
        }
    }

    static void assertMaskClose(Mask expected, Mask actual) {
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.height(), actual.height());
        float[] x = expected.values(), y = actual.values();
        for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], 0.5f / 255 + 1e-6f, "mask value " + i);
    }
}
