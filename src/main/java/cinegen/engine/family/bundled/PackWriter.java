package cinegen.engine.family.bundled;

import cinegen.engine.pack.*;

import cinegen.engine.family.bundled.net.SpaceTimeUNet;
import cinegen.engine.family.bundled.net.TextEncoder;
import cinegen.engine.family.bundled.net.VideoDecoder;
import cinegen.engine.family.bundled.net.VideoEncoder;
import cinegen.engine.preview.LatentPreview;
import cinegen.engine.schedule.NoiseSchedule;
import cinegen.engine.schedule.PredictionType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a model pack folder: weights in half precision (or float) plus a manifest describing them. */
public final class PackWriter {
    private PackWriter() {}

    public record Contents(String name, String description, String version, Architecture architecture,
                           VideoEncoder encoder, VideoDecoder decoder, TextEncoder textEncoder, SpaceTimeUNet denoiser,
                           List<String> vocabulary, float[] latentMean, float[] latentStd, NoiseSchedule schedule,
                           PredictionType prediction, LatentPreview preview, double defaultFps,
                           List<Manifest.StyleJson> styles) {}

    public static void write(Path dir, Contents c, SafeTensors.DType dtype) throws IOException {
        Map<String, SafeTensors.Tensor> ae = new LinkedHashMap<>();
        BlockWeights.snapshot(c.encoder()).forEach((k, v) -> ae.put("encoder." + k, v));
        BlockWeights.snapshot(c.decoder()).forEach((k, v) -> ae.put("decoder." + k, v));
        SafeTensors.write(dir.resolve("autoencoder.safetensors"), ae, dtype);
        BlockWeights.save(c.textEncoder(), dir.resolve("text_encoder.safetensors"), dtype);
        BlockWeights.save(c.denoiser(), dir.resolve("denoiser.safetensors"), dtype);
        Manifest m = new Manifest(Manifest.FORMAT, Manifest.CURRENT_VERSION, c.name(), c.description(), c.version(),
                ModelPack.toJson(c.architecture()), c.latentMean(), c.latentStd(),
                new Manifest.ScheduleJson(c.schedule().kind().id(), c.schedule().trainSteps(), finiteOrNull(c.schedule().betaStart()),
                        finiteOrNull(c.schedule().betaEnd()),
                        c.schedule().frameCorrelation() == 0 ? null : c.schedule().frameCorrelation()), c.prediction().id(), c.vocabulary(),
                new Manifest.PreviewJson(c.preview().matrix(), c.preview().bias()),
                new Manifest.DefaultsJson(c.defaultFps(), 25, 5.0, "dpmpp-2m"),
                new Manifest.FilesJson("autoencoder.safetensors", "text_encoder.safetensors", "denoiser.safetensors"),
                c.styles());
        ModelPack.writeManifest(dir, m);
    }

    private static Double finiteOrNull(double v) { return Double.isFinite(v) ? v : null; }
}
