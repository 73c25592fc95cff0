package cinegen.project;

import cinegen.frames.Mask;
import cinegen.project.edit.AddMaskTrackEdit;
import cinegen.project.edit.MaskModeEdit;
import cinegen.project.edit.MaskStrokeEdit;
import cinegen.project.edit.UndoHistory;
import cinegen.project.io.ProjectStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Speed of the project layer at full HD, reported, never asserted. Run from the project folder with
 * {@code java -cp target/classes:target/test-classes:<dependencies> cinegen.project.ProjectBenchmark}.
 */
public final class ProjectBenchmark {
    private static final int W = 1920, H = 1080, FRAMES = 16;

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("cinegen-bench");
        try {
            run(tmp);
        } finally {
            try (Stream<Path> walk = Files.walk(tmp)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private static void run(Path tmp) throws Exception {
        ProjectStore store = new ProjectStore(tmp.resolve("settings"));
        Project p = store.create(tmp.resolve("bench"), "Bench");
        p.addMedia(0, MediaItem.video("v", "v.mp4", "media/v.mp4", W, H, FRAMES, 24));
        UndoHistory h = new UndoHistory(p);
        AddMaskTrackEdit add = AddMaskTrackEdit.of(p, MaskTrack.over(p.mediaItem("v").orElseThrow()));
        h.perform(add);
        MaskTrack t = add.track();

        List<StrokePoint> stroke = new ArrayList<>();
        for (int i = 0; i < 60; i++) stroke.add(new StrokePoint(200 + i * 20, 300 + 200 * Math.sin(i / 8.0)));
        Brush brush = new Brush(60, 0.5, 1, false);
        int n = 10;
        long t0 = System.nanoTime();
        MaskPatch patch = null;
        for (int i = 0; i < n; i++) patch = MaskPainting.stroke(t.mask(0), stroke, brush);
        report("stroke patch (60 points, 60 px soft brush, " + patch.width() + "x" + patch.height() + " box)", t0, n);

        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            List<StrokePoint> moved = new ArrayList<>();
            for (StrokePoint sp : stroke) moved.add(new StrokePoint(sp.x(), sp.y() + 50 * (i + 1)));
            h.perform(MaskStrokeEdit.of(t, 0, moved, brush));
        }
        report("stroke edit performed (patch + copy-on-write of the 1080p mask)", t0, n);
        System.out.printf("  undo memory of one stroke: %.1f KB (a whole mask: %.1f MB)%n",
                patch.bytes() / 1024.0, 4.0 * W * H / (1 << 20));

        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) { h.undo(); h.redo(); }
        report("undo + redo of a stroke", t0, n);

        h.perform(MaskModeEdit.perFrame(t));
        for (int f = 0; f < FRAMES; f += 2) h.perform(MaskStrokeEdit.of(t, f, List.of(new StrokePoint(100 + f * 50, 500)), brush));
        t0 = System.nanoTime();
        store.save(p);
        report("first save (" + (FRAMES / 2 + 1) + " distinct 1080p masks as PNG)", t0, 1);

        h.perform(MaskStrokeEdit.of(t, 3, List.of(new StrokePoint(900, 500)), brush));
        t0 = System.nanoTime();
        store.save(p);
        report("save after one stroke (one new mask file)", t0, 1);
        t0 = System.nanoTime();
        p.setName("Bench 2");
        store.autosave(p);
        report("autosave (no new mask)", t0, 1);
        store.close(p);

        t0 = System.nanoTime();
        Project q = store.open(tmp.resolve("bench"));
        report("open (reads " + q.maskTracks().get(0).masks().stream().distinct().count() + " masks)", t0, 1);
        store.close(q);
        Mask m = q.maskTracks().get(0).mask(0);
        System.out.printf("  coverage check: %.4f%n", m.coverage());
    }

    private static void report(String what, long start, int n) {
        System.out.printf("%-75s %8.1f ms%n", what, (System.nanoTime() - start) / 1e6 / n);
    }
}
