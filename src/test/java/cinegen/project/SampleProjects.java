package cinegen.project;

import cinegen.frames.GenerationMode;
import java.util.ArrayList;
import java.util.List;

/** Small projects for tests: a still, a video and a generated clip on the bin, and helpers to record events. */
public final class SampleProjects {
    private SampleProjects() {}

    public static GenerationRecipe recipe(long seed) {
        return GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.INPAINT)
                .prompt("a red kite over the dunes")
                .negativePrompt("blurry, text")
                .seed(seed)
                .steps(25)
                .guidance(6.5)
                .sampler(Sampler.DPM_SOLVER_PP_2M)
                .size(48, 32)
                .frames(12)
                .fps(12)
                .lowPass(0.3)
                .modelPack("tiny-v2", "sha256:0123abcd")
                .styles(new StyleBlend(List.of(new StyleWeight("watercolor", 0.5), new StyleWeight("lineart", 0.25))))
                .engineVersion("0.1.0")
                .cropToRegion(false)
                .sourceMediaId("video")
                .maskTrackId("mask-a")
                .build();
    }

    /** Bin: "still" (64x48 image), "video" (48x32, 30 frames at 12 fps), "gen" (generated, 48x32, 12 frames). Empty timeline. */
    public static Project withMedia() {
        Project p = new Project("Kites", GenerationSettings.defaults(), 12);
        p.addMedia(0, MediaItem.image("still", "beach.png", "media/beach.png", 64, 48));
        p.addMedia(1, MediaItem.video("video", "dunes.mp4", "media/dunes.mp4", 48, 32, 30, 12));
        p.addMedia(2, MediaItem.generated("gen", "kite", 48, 32, 12, 12, recipe(42)));
        p.markClean();
        return p;
    }

    /** Collects every change a project announces. */
    public static final class Recorder implements ProjectListener {
        public final List<ProjectChange> changes = new ArrayList<>();

        @Override public void projectChanged(ProjectChange change) { changes.add(change); }

        public boolean saw(ProjectChange.Kind kind) { return changes.stream().anyMatch(c -> c.kind() == kind); }

        public long count(ProjectChange.Kind kind) { return changes.stream().filter(c -> c.kind() == kind).count(); }
    }
}
