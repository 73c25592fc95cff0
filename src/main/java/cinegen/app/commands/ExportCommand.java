package cinegen.app.commands;

import cinegen.app.TimelineRenderer;
import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.ProgressBar;
import cinegen.app.cli.UsageException;
import cinegen.frames.FrameSequence;
import cinegen.media.ExportOptions;
import cinegen.media.ExportResult;
import cinegen.media.MediaException;
import cinegen.media.TempFiles;
import cinegen.media.VideoExporter;
import cinegen.project.Project;
import cinegen.project.io.ProjectException;
import cinegen.project.io.ProjectStore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code export}: a project's timeline, or one clip, to MP4, GIF, WebM or PNG frames, without a window. */
public final class ExportCommand implements Command {
    @Override public String name() { return "export"; }

    @Override public String summary() { return "export a project's timeline or a clip to MP4, GIF, WebM or PNG frames"; }

    @Override
    public String usage() {
        return """
                Usage: cinegen export PROJECT --out FILE [--clip ID] [--scale N] [--interpolate 2|4] [--fps N] [--quality Q]
                  PROJECT           the project folder (or its project.cgproj.json)
                  --out FILE        .mp4, .gif, .webm, or .png / a folder for a PNG sequence
                  --clip ID         export one clip instead of the whole timeline
                  --scale N         enlarge by N (Lanczos), e.g. 4 turns 64x64 into 256x256
                  --interpolate K   flow-based frame interpolation, 2x or 4x
                  --fps N           output frame rate
                  --quality Q       1..100 (default 80)
                """;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(Set.of("out", "clip", "scale", "interpolate", "fps", "quality"));
        if (args.positional().size() != 1) throw new UsageException("give exactly one project folder (got " + args.positional().size() + ")");
        Path projectPath = Path.of(args.positional().get(0));
        Path target = Path.of(args.required("out"));
        Folders.refuseInsideProject(target, "--out");
        try {
            VideoExporter.checkTarget(target); // before the project's media is read (issue 32)
        } catch (MediaException e) {
            throw new UsageException(e.getMessage());
        }
        ExportOptions options;
        try {
            options = ExportOptions.defaults().withScale(args.number("scale", 1, 0.1, ExportOptions.MAX_SCALE));
            if (args.has("interpolate")) {
                int k = args.integer("interpolate", 2, Integer.MIN_VALUE, Integer.MAX_VALUE);
                if (k != 2 && k != 4) throw new UsageException("--interpolate must be 2 or 4, got " + k);
                options = options.withInterpolation(k);
            }
            if (args.has("fps")) options = options.withFps(args.number("fps", 8, 1, ExportOptions.MAX_FPS));
            if (args.has("quality")) options = options.withQuality(args.integer("quality", 80, 1, 100));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        // A private settings folder: a command-line export leaves no session marker or recent-project entry behind.
        // Its name carries this process: one left by an export killed outright is removed by the next export, and
        // on Ctrl-C or SIGTERM the shutdown hook removes it.
        sweepTemporaryFolders();
        Path settings = java.nio.file.Files.createTempDirectory(SETTINGS_PREFIX + TempFiles.ownerTag());
        TempFiles.Handle onSignal = TempFiles.register(settings);
        ProjectStore store = new ProjectStore(settings);
        try {
            Project project = store.open(projectPath);
            TimelineRenderer renderer = new TimelineRenderer(store, project);
            List<FrameSequence> clips = args.has("clip") ? List.of(renderer.clip(args.string("clip", ""))) : renderer.timeline();
            ProgressBar bar = new ProgressBar(err, "export");
            boolean[] drawn = {false};
            ExportResult result;
            try {
                result = VideoExporter.export(clips, target, options, p -> {
                    drawn[0] = true;
                    bar.update(p.fraction(), p.elapsed().toMillis() / 1000.0, p.stage(), false);
                }, () -> false);
            } finally {
                if (drawn[0]) bar.finish(); // ends the bar's line, so an error starts a line of its own
            }
            out.printf(java.util.Locale.ROOT, "wrote %s (%d frames, %dx%d, %.1f fps, %d bytes)%n", target, result.frameCount(),
                    result.width(), result.height(), result.fps(), result.bytes());
            return 0;
        } catch (ProjectException | MediaException e) {
            throw new UsageException(e.getMessage());
        } finally {
            TempFiles.delete(settings);
            onSignal.release();
        }
    }

    static final String SETTINGS_PREFIX = "cinegen-export";

    /** Settings folders of exports whose process is gone; folders of versions without an owner in the name after a day. */
    private static void sweepTemporaryFolders() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        TempFiles.sweep(tmp, n -> n.startsWith(SETTINGS_PREFIX), java.time.Duration.ZERO);
        try (var s = java.nio.file.Files.newDirectoryStream(tmp, SETTINGS_PREFIX + "[0-9]*")) {
            java.time.Instant dayAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
            for (Path p : s) {
                if (java.nio.file.Files.getLastModifiedTime(p).toInstant().isBefore(dayAgo)) TempFiles.delete(p);
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // a leftover stays until the next export
        }
    }

}
