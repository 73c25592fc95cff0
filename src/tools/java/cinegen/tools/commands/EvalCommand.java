package cinegen.tools.commands;

import ai.djl.Device;
import cinegen.app.ModelLocator;
import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.UsageException;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.tools.eval.EvalReport;
import cinegen.tools.eval.Evaluator;
import cinegen.tools.eval.StyleEvaluator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code eval}: measures the model on fixed held-out prompts and conditioning cases; prints a table, writes JSON. */
public final class EvalCommand implements Command {
    static final String DEFAULT_REPORT = "eval-report.json";

    @Override public String name() { return "eval"; }

    @Override public String summary() { return "evaluate the model on fixed prompts and cases; table and JSON report"; }

    @Override
    public String usage() {
        return """
                Usage: cinegen eval [--model DIR] [--report FILE] [--photos DIR] [--quick] [--steps N] [--guidance G]
                                    [--held-out N] [--styles] [--probe] [--probe-noise]
                                    [--autoencoder] [--first-step] [--no-plan]
                  --model DIR    the model pack to evaluate (default: the bundled pack)
                  --report FILE  where the JSON report goes (default: eval-report.json here)
                  --photos DIR   photographs (JPEG, PNG) for the I2V frame-1 and autoencoder rows;
                                 without it those rows are skipped
                  --quick        a small subset of every section, for smoke runs
                  --steps N      sampling steps per clip (default 25; fewer only for smoke runs)
                  --guidance G   classifier-free guidance scale (default 5; other values for studies,
                                 the bars are judged at 5)
                  --held-out N   a held-out case set (1-9999) instead of the fixed cases: the same balance
                                 of words in other combinations, with other seeds, to check a result again
                  --no-plan      sample without the layout planner (no discs, no outlines): what the
                                 denoiser does on its own; the bars are judged with planning
                  --probe        only the caption probe (seconds): how much the denoiser's error at high
                                 noise rises with wrong captions, or with wrong colour, shape or motion words
                  --autoencoder  only the autoencoder (seconds): encode-decode PSNR on the --photos and on
                                 rendered scenes, to follow an autoencoder training run (JSON only with --report)
                  --probe-noise  the caption probe on four bands of noise, lowest first (a minute or two):
                                 where in the noise range each kind of word is read
                  --first-step   only where the first sampling step puts the object (seconds): one step
                                 from pure noise per direction word and seed, and the mean displacement of
                                 the object from the first frame to the last; the contrasts right - left and
                                 down - up are positive when the caption sets the layout
                  --styles       evaluate the pack's style weight sets instead: each style's statistic
                                 over alpha 0, 0.25, 0.5, 0.75, 1 on fixed seeds (must rise), and motion
                                 direction at alpha 1 (bar: 70% of clips)
                Generates 36 T2V, 12 I2V, 6 cinemagraph and 6 inpainting clips (16 frames, 8 fps,
                25 dpmpp-2m steps, guidance 5) with fixed seeds and reads them back without a learned
                judge. Exit code 0 when every measured bar passes, 3 when one fails.
                """;
    }

    @Override public Set<String> switches() { return Set.of("quick", "styles", "probe", "probe-noise", "autoencoder", "first-step", "no-plan"); }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        args.allowOnly(Set.of("model", "report", "photos", "quick", "steps", "guidance", "held-out", "styles", "probe", "probe-noise", "autoencoder", "first-step", "no-plan"));
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        boolean quick = flag(args, "quick");
        boolean styles = flag(args, "styles");
        Evaluator.Options defaults = Evaluator.Options.defaults(quick, null);
        int steps = args.integer("steps", defaults.steps(), 1, 1000);
        double guidance = args.number("guidance", defaults.guidance(), 0, 50);
        int caseSet = args.integer("held-out", 0, 1, cinegen.tools.eval.EvalCases.MAX_CASE_SET);
        Path report = Path.of(args.string("report", DEFAULT_REPORT));
        if (Files.isDirectory(report)) throw new UsageException("--report: is a folder, give a file name: " + report);
        Path reportDir = report.toAbsolutePath().getParent();
        if (reportDir == null || !Files.isDirectory(reportDir)) throw new UsageException("--report: folder does not exist: " + reportDir);
        Path photos = null;
        if (args.has("photos")) {
            photos = Path.of(args.string("photos", ""));
            if (!Files.isDirectory(photos)) throw new UsageException("--photos: not a folder: " + photos);
        }
        String explicit = args.has("model") ? args.required("model") : null;
        Path pack = ModelLocator.find(explicit).orElseThrow(() -> new UsageException("no model pack found (looked in "
                + ModelLocator.candidates(explicit).stream().map(Path::toString).collect(Collectors.joining(", ")) + ")"));
        if (styles) return evaluateStyles(pack, report, quick, steps, out);
        EvalReport result;
        try (VideoModel model = VideoModel.load(ModelPack.open(pack), Device.cpu())) {
            out.println("evaluating " + model.pack().name() + " from " + pack + (quick ? " (quick subset)" : "")
                    + (caseSet > 0 ? " on held-out case set " + caseSet : "") + (flag(args, "no-plan") ? " without layout planning" : ""));
            Evaluator.Options o = new Evaluator.Options(defaults.frames(), defaults.fps(), steps, guidance,
                    defaults.sampler(), defaults.feather(), quick, photos, defaults.maxPhotos(), caseSet, !flag(args, "no-plan"));
            Evaluator evaluator = new Evaluator(model, o, out);
            if (flag(args, "autoencoder")) {
                Evaluator.AutoencoderCheck c = evaluator.autoencoderCheck();
                c.notes().forEach(n -> out.println("note: " + n));
                if (c.photos() > 0) out.printf(java.util.Locale.ROOT, "autoencoder PSNR, photos: %.2f dB (%d)%n", c.photosPsnr(), c.photos());
                out.printf(java.util.Locale.ROOT, "autoencoder PSNR, scenes: %.2f dB (%d)%n", c.scenesPsnr(), c.scenes());
                if (args.has("report")) {
                    java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
                    json.put("model", model.pack().name());
                    json.put("modelHash", model.hash());
                    json.put("autoencoder", c);
                    writeReport(report, json, out);
                }
                return 0;
            }
            if (flag(args, "first-step")) {
                Evaluator.FirstStepLayout l = evaluator.firstStepLayout(4);
                out.println("first sampling step, object displacement from first to last frame (frame widths, " + l.seeds() + " seeds):");
                l.displacement().forEach((word, d) -> out.printf(java.util.Locale.ROOT, "  %-6s dx %+.3f  dy %+.3f%n", word, d[0], d[1]));
                out.printf(java.util.Locale.ROOT, "  contrast right - left (dx) %+.3f, down - up (dy) %+.3f%n", l.horizontalContrast(), l.verticalContrast());
                return 0;
            }
            if (flag(args, "probe-noise")) {
                int bands = 4, total = model.pack().schedule().trainSteps();
                List<EvalReport.CaptionProbe> rows = evaluator.captionProbeByNoise(bands);
                out.println("caption probe by noise (" + rows.get(0).clips() + " clips each): v error with own caption, and its rise with");
                out.println("  timesteps      own     another clip's  colour   shape    motion");
                for (int i = 0; i < rows.size(); i++) {
                    EvalReport.CaptionProbe p = rows.get(i);
                    out.printf(java.util.Locale.ROOT, "  %4d-%-4d  %8.4f  %+8.1f%%     %+7.1f%% %+7.1f%% %+7.1f%%%n", p.minStep(), total * (i + 1) / bands - 1,
                            p.lossOwn(), 100 * p.reliance(), 100 * p.relianceOn(p.lossColourSwapped()),
                            100 * p.relianceOn(p.lossShapeSwapped()), 100 * p.relianceOn(p.lossMotionSwapped()));
                }
                return 0;
            }
            if (flag(args, "probe")) {
                EvalReport.CaptionProbe p = evaluator.captionProbe();
                out.printf(java.util.Locale.ROOT, "caption probe (%d clips, timesteps >= %d): own %.4f, another clip's %.4f (+%.1f%%), none %.4f;"
                                + " wrong colour +%.1f%%, shape +%.1f%%, motion +%.1f%%%n", p.clips(), p.minStep(), p.lossOwn(), p.lossShuffled(),
                        100 * p.reliance(), p.lossEmpty(), 100 * p.relianceOn(p.lossColourSwapped()),
                        100 * p.relianceOn(p.lossShapeSwapped()), 100 * p.relianceOn(p.lossMotionSwapped()));
                return 0;
            }
            result = evaluator.run();
        } catch (ModelPackException e) {
            throw new UsageException(e.getMessage(), e);
        }
        out.println();
        out.print(result.table());
        writeReport(report, result::write, out);
        return result.allMeasuredBarsPass() ? 0 : BARS_FAILED;
    }

    private static void writeReport(Path report, Object value, PrintStream out) throws UsageException {
        writeReport(report, file -> EvalReport.writeJson(file, value), out);
    }

    private interface ReportWriter {
        void write(Path file) throws IOException;
    }

    /** Writes the report and says so; a report that cannot be written is a usage error naming the file. */
    private static void writeReport(Path report, ReportWriter writer, PrintStream out) throws UsageException {
        try {
            writer.write(report);
        } catch (IOException e) {
            throw new UsageException("--report: cannot write " + report + ": " + e.getMessage(), e);
        }
        out.println("wrote " + report);
    }

    /** Exit code when the evaluation ran but a bar failed (distinct from bad input, 2, and internal failure, 1). */
    public static final int BARS_FAILED = 3;

    private static int evaluateStyles(Path pack, Path report, boolean quick, int steps, PrintStream out) throws Exception {
        StyleEvaluator.Report result;
        try (VideoModel model = VideoModel.load(ModelPack.open(pack), Device.cpu())) {
            if (model.pack().styles().isEmpty()) throw new UsageException("the model pack has no style weight sets: " + pack);
            out.println("evaluating the styles of " + model.pack().name() + " from " + pack + (quick ? " (quick subset)" : ""));
            StyleEvaluator.Options d = StyleEvaluator.Options.defaults(quick);
            result = new StyleEvaluator(model, new StyleEvaluator.Options(d.cases(), d.frames(), d.fps(), steps, d.guidance(), d.sampler()), out).run();
        } catch (ModelPackException e) {
            throw new UsageException(e.getMessage(), e);
        }
        out.println();
        out.print(result.table());
        writeReport(report, result::write, out);
        return result.allPass() ? 0 : BARS_FAILED;
    }

    /** Switches take no value; {@code --quick=false} is refused rather than guessed. */
    private static boolean flag(Args args, String name) throws UsageException {
        if (!args.has(name)) return false;
        String v = args.string(name, "true");
        if (v.equals("true")) return true;
        throw new UsageException("--" + name + " takes no value, got '" + v + "'");
    }
}
