package cinegen.engine.diffusers.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Params;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GenerationCancelledException;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.NoiseSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Measures a loaded model of any family at a given size: sampling steps with and without guidance (through the
 * pipeline, the decode skipped), the latent preview and its cost relative to a step, autoencoder decoding per frame,
 * switching a LoRA between strengths 0 and 1, and the process's peak resident memory. No timing is asserted anywhere;
 * the numbers are reported.
 */
public final class ModelBenchmark {
    /**
     * What to measure: frame size, frames, how many timed steps each step measurement takes the median of, whether an
     * untimed step runs first (it also encodes the prompt), and the guidance scale of the guided steps (1: the guided
     * steps are not measured, for sizes where they would take too long).
     */
    public record Settings(int width, int height, int frames, int steps, boolean warmup, double guidance) {}

    private ModelBenchmark() {}

    /**
     * @param loadSeconds how long loading took (reported as is)
     * @return measurements by key: load_s, step_ms_unguided, step_ms_guided, first_step_ms_guided, preview_ms,
     *     preview_ratio, decode_ms_per_frame, style_switch_ms, peak_rss_mb, rss_mb
     */
    public static Map<String, Double> run(LoadedModel model, double loadSeconds, Settings s, Path scratch, Consumer<String> log)
            throws ModelPackException {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("load_s", loadSeconds);
        r.put("width", (double) s.width());
        r.put("height", (double) s.height());
        r.put("frames", (double) s.frames());
        r.put("rss_mb_loaded", status("VmRSS"));
        VideoPipeline pipeline = new VideoPipeline(model);
        GenerationRequest base = GenerationRequest.builder().prompt("a lighthouse on a cliff at dusk, waves").negativePrompt("blurry")
                .frames(s.frames()).size(s.width(), s.height()).seed(7).build();
        double[] unguided = stepMillis(pipeline, base.toBuilder().guidance(1).build(), s.steps(), s.warmup());
        r.put("step_ms_unguided", median(unguided));
        log.accept(String.format(java.util.Locale.ROOT, "unguided steps (ms): %s", Arrays.toString(unguided)));
        r.put("peak_rss_mb_unguided", status("VmHWM"));
        if (s.guidance() > 1) {
            double[] guided = stepMillis(pipeline, base.toBuilder().guidance(s.guidance()).build(), s.steps(), s.warmup());
            r.put("step_ms_guided", median(guided));
            log.accept(String.format(java.util.Locale.ROOT, "guided steps (ms): %s", Arrays.toString(guided)));
        } else {
            r.put("step_ms_guided", Double.NaN);
        }
        double previewMs = previewMillis(model, s);
        r.put("preview_ms", previewMs);
        r.put("preview_ratio", previewMs / (s.guidance() > 1 ? r.get("step_ms_guided") : r.get("step_ms_unguided")));
        r.put("decode_ms_per_frame", decodeMillisPerFrame(model, s));
        log.accept("decode done");
        r.put("style_switch_ms", styleSwitchMillis(model, scratch));
        r.put("rss_mb", status("VmRSS"));
        r.put("peak_rss_mb", status("VmHWM"));
        // mapped weight files count in the resident set until their mappings are collected: reported apart
        r.put("rss_anon_mb", status("RssAnon"));
        r.put("rss_file_mb", status("RssFile"));
        return r;
    }

    /**
     * Durations of the sampling steps of one generation, the generation cancelled after its last step so the video is
     * not decoded. With {@code warmup} one more step runs first, untimed (step 1 also encodes the prompt); without it
     * step 1 is timed from the start of the generation.
     */
    static double[] stepMillis(VideoPipeline pipeline, GenerationRequest request, int steps, boolean warmup) throws ModelPackException {
        GenerationRequest r = request.toBuilder().steps(steps + (warmup ? 1 : 0)).build();
        List<Long> at = new ArrayList<>();
        if (!warmup) at.add(0L);
        CancelToken cancel = new CancelToken();
        try {
            pipeline.generate(r, p -> {
                at.add(p.elapsedNanos());
                if (p.step() == p.totalSteps()) cancel.cancel();
            }, cancel);
        } catch (GenerationCancelledException expected) {
            // the decode is not part of a step
        }
        double[] ms = new double[at.size() - 1];
        for (int i = 1; i < at.size(); i++) ms[i - 1] = (at.get(i) - at.get(i - 1)) / 1e6;
        return ms;
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double previewMillis(LoadedModel model, Settings s) {
        int c = model.info().latentChannels(), scale = model.info().latentScale();
        int h = s.height() / scale, w = s.width() / scale;
        float[] latents = new float[c * s.frames() * h * w];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < latents.length; i++) latents[i] = (float) random.nextGaussian();
        model.preview(latents, c, s.frames(), h, w);
        int runs = 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) model.preview(latents, c, s.frames(), h, w);
        return (System.nanoTime() - t0) / 1e6 / runs;
    }

    /** One chunk of frames (the model's own chunk size) decoded once to warm up, then timed. */
    private static double decodeMillisPerFrame(LoadedModel model, Settings s) {
        int c = model.info().latentChannels(), scale = model.info().latentScale();
        int n = Math.max(1, Math.min(s.frames(), model.codecChunk()));
        try (NDManager m = model.manager().newSubManager()) {
            NDArray z = new NoiseSource(4).next(m, new Shape(n, c, s.height() / scale, s.width() / scale));
            try (NDManager warm = m.newSubManager()) {
                warm.tempAttachAll(z);
                model.decodeLatents(z).toFloatArray();
            }
            long t0 = System.nanoTime();
            try (NDManager timed = m.newSubManager()) {
                timed.tempAttachAll(z);
                model.decodeLatents(z).toFloatArray();
            }
            return (System.nanoTime() - t0) / 1e6 / n;
        }
    }

    /**
     * A rank-4 kohya LoRA on four attention projections of the UNet, registered with the model, then switched between
     * strength 1 and 0 several times; the mean time of a switch. NaN for a model that takes no style files.
     */
    static double styleSwitchMillis(LoadedModel model, Path scratch) throws ModelPackException {
        if (!(model instanceof DiffusersVideoModel d)) return Double.NaN;
        Params unet = DiffusersFolder.unetParams(d.parts().denoiser());
        List<String> targets = unet.keys().stream().filter(k -> k.endsWith(".attn1.to_q.weight") && !k.contains("motion_modules")).limit(4).toList();
        if (targets.isEmpty()) return Double.NaN;
        Path file = scratch.resolve("bench-lora.safetensors");
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(5);
        int rank = 4;
        for (String key : targets) {
            Shape s = unet.get(key).getShape();
            int out = (int) s.get(0), in = (int) s.get(1);
            String base = "lora_unet_" + key.substring(0, key.length() - ".weight".length()).replace('.', '_');
            t.put(base + ".lora_down.weight", new SafeTensors.Tensor(new long[] {rank, in}, gaussian(random, rank * in, 0.05)));
            t.put(base + ".lora_up.weight", new SafeTensors.Tensor(new long[] {out, rank}, gaussian(random, out * rank, 0.05)));
            t.put(base + ".alpha", new SafeTensors.Tensor(new long[] {}, new float[] {rank}));
        }
        try {
            Files.createDirectories(scratch);
            SafeTensors.write(file, t, SafeTensors.DType.F32);
            String name = model.addStyle(file);
            model.applyStyles(new StyleMix(List.of(new StyleMix.Entry(name, 1))));
            int runs = 10;
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) model.applyStyles(new StyleMix(List.of(new StyleMix.Entry(name, i % 2 == 0 ? 0 : 1))));
            double ms = (System.nanoTime() - t0) / 1e6 / runs;
            model.applyStyles(StyleMix.NONE);
            return ms;
        } catch (IOException e) {
            throw new ModelPackException("the benchmark's LoRA cannot be written to " + file + " (" + e.getMessage() + ")");
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover scratch file is harmless
            }
        }
    }

    private static float[] gaussian(SplittableRandom r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * std);
        return v;
    }

    /** A /proc/self/status memory field in MB (VmRSS: now; VmHWM: the peak), NaN where there is none. */
    public static double status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
