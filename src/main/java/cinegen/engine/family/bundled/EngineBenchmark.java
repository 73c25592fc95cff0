package cinegen.engine.family.bundled;

import cinegen.engine.pipeline.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.family.bundled.Architecture;
import cinegen.engine.family.bundled.Manifest;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.preview.LatentPreview;
import cinegen.engine.schedule.NoiseSource;
import cinegen.engine.schedule.SamplerKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures the engine on a loaded model, all in one run so the numbers are comparable: time per sampling step
 * with and without guidance, the cost of a preview and its ratio to a step, decoding speed, a full 16-frame
 * 25-step guided clip, style switching, and the process's resident memory after 1 and after 50 generations and
 * once freed native memory is released.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {}

    public static Map<String, Double> run(VideoModel model, int generations, Consumer<String> log) {
        Map<String, Double> r = new LinkedHashMap<>();
        VideoPipeline pipeline = new VideoPipeline(model);
        Architecture a = model.architecture();
        GenerationRequest base = GenerationRequest.builder().prompt("a red circle moving left on a sky background")
                .frames(a.frameWindow()).steps(12).seed(1).sampler(SamplerKind.DPMPP_2M).build();
        try {
            // Warm-up of both paths (one-off allocations, thread pools), so the timed runs are steady.
            pipeline.generate(base.toBuilder().steps(4).guidance(1).build(), StepListener.NONE, CancelToken.none());
            pipeline.generate(base.toBuilder().steps(4).build(), StepListener.NONE, CancelToken.none());
            r.put("step_ms", stepMillis(pipeline, base.toBuilder().guidance(1).build()));
            r.put("step_ms_guided", stepMillis(pipeline, base.toBuilder().guidance(5).build()));
            log.accept("step timing done");
            double previewMs = previewMillis(model);
            r.put("preview_ms", previewMs);
            r.put("preview_ratio", previewMs / r.get("step_ms_guided"));
            r.put("decode_fps", decodeFps(model));
            long t0 = System.nanoTime();
            pipeline.generate(base.toBuilder().steps(25).guidance(5).build(), StepListener.NONE, CancelToken.none());
            r.put("clip_s", (System.nanoTime() - t0) / 1e9);
            log.accept("full clip done");
            r.put("style_switch_ms", styleSwitchMillis(model));
            GenerationRequest small = base.toBuilder().steps(2).build();
            pipeline.generate(small, StepListener.NONE, CancelToken.none());
            r.put("native_mb_after_1", residentMb());
            for (int i = 1; i < generations; i++) {
                pipeline.generate(small.toBuilder().seed(i).build(), StepListener.NONE, CancelToken.none());
            }
            r.put("native_mb_after_" + generations, residentMb());
            if (NativeMemory.releaseFreed()) r.put("native_mb_released", residentMb());
            r.put("generations", (double) generations);
        } catch (cinegen.engine.pack.ModelPackException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return r;
    }

    /** Mean time of steps 2..n (the first step carries one-off work). */
    private static double stepMillis(VideoPipeline p, GenerationRequest r) throws cinegen.engine.pack.ModelPackException {
        List<Long> times = new ArrayList<>();
        p.generate(r, s -> times.add(s.elapsedNanos()), CancelToken.none());
        return (times.get(times.size() - 1) - times.get(0)) / 1e6 / (times.size() - 1);
    }

    private static double previewMillis(VideoModel model) {
        Architecture a = model.architecture();
        Manifest.PreviewJson pj = model.pack().manifest().preview();
        LatentPreview preview = new LatentPreview(pj.matrix(), pj.bias());
        int lc = a.latentChannels(), t = a.frameWindow(), h = a.latentHeight(), w = a.latentWidth();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x0 = new NoiseSource(3).next(m, new Shape(1, lc, t, h, w));
            int runs = 200;
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) preview.toArgb(x0.toFloatArray(), lc, t, h, w);
            return (System.nanoTime() - start) / 1e6 / runs;
        }
    }

    private static double decodeFps(VideoModel model) {
        Architecture a = model.architecture();
        int n = a.frameWindow();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray z = new NoiseSource(4).next(m, new Shape(n, a.latentChannels(), a.latentHeight(), a.latentWidth()));
            model.decode(z).toFloatArray();
            long start = System.nanoTime();
            int runs = 3;
            for (int i = 0; i < runs; i++) model.decode(z).toFloatArray();
            return n * runs / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double styleSwitchMillis(VideoModel model) throws cinegen.engine.pack.ModelPackException {
        var styles = model.pack().styles();
        if (styles.isEmpty()) return Double.NaN;
        String name = styles.get(0).name();
        model.styles().apply(StyleMix.parse(name + ":0.5", 0.5)); // loads the weight set once
        long start = System.nanoTime();
        int runs = 10;
        for (int i = 0; i < runs; i++) model.styles().apply(StyleMix.parse(name + ":" + (i % 2 == 0 ? "0.9" : "0.3"), 0.5));
        double ms = (System.nanoTime() - start) / 1e6 / runs;
        model.styles().apply(StyleMix.NONE);
        return ms;
    }

    /**
     * Resident set size of this process in MB (Linux), or NaN where /proc is not available. Collects garbage
     * first, so what remains is live Java objects plus native memory (tensors, libraries).
     */
    public static double residentMb() {
        System.gc();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
