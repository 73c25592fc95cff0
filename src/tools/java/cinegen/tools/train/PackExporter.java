package cinegen.tools.train;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.family.bundled.net.SpaceTimeUNet;
import cinegen.engine.family.bundled.net.TextEncoder;
import cinegen.engine.family.bundled.net.VideoDecoder;
import cinegen.engine.family.bundled.net.VideoEncoder;
import cinegen.engine.family.bundled.Architecture;
import cinegen.engine.family.bundled.BlockWeights;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.family.bundled.PackWriter;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.pipeline.FrameTensors;
import cinegen.engine.preview.LatentPreview;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns training checkpoints into a model pack: autoencoder weights, the EMA of the text encoder and denoiser,
 * the latent normalisation, and a preview map fitted to the decoder. Weights are written in half precision.
 */
public final class PackExporter {
    private PackExporter() {}

    public static void export(Architecture a, Path checkpoints, Path out, String version) throws IOException, ModelPackException {
        export(a, checkpoints, out, version, false);
    }

    /** @param rawWeights ship the current training weights instead of their moving average (for inspection) */
    public static void export(Architecture a, Path checkpoints, Path out, String version, boolean rawWeights)
            throws IOException, ModelPackException {
        Path aeDir = checkpoints.resolve("autoencoder"), dnDir = checkpoints.resolve("denoiser");
        JsonNode state = new ObjectMapper().readTree(dnDir.resolve("state.json").toFile());
        float[] mean = new ObjectMapper().treeToValue(state.get("latentMean"), float[].class);
        float[] std = new ObjectMapper().treeToValue(state.get("latentStd"), float[].class);
        if (mean == null || mean.length != a.latentChannels()) {
            throw new ModelPackException("the denoiser checkpoint normalises " + (mean == null ? 0 : mean.length) + " latent channels, the architecture has "
                    + a.latentChannels() + "; train the denoiser (it measures the new channels) before exporting");
        }
        List<String> vocab = DenoiserTrainer.vocabulary();
        try (NDManager m = NDManager.newBaseManager()) {
            VideoEncoder enc = new VideoEncoder(a.autoencoder());
            VideoDecoder dec = new VideoDecoder(a.autoencoder());
            BlockWeights.load(enc, aeDir.resolve("encoder.safetensors"), m);
            BlockWeights.load(dec, aeDir.resolve("decoder.safetensors"), m);
            TextEncoder text = new TextEncoder(vocab.size(), a.textDim(), a.maxTokens(), a.textLayers(), a.textHeads());
            SpaceTimeUNet unet = new SpaceTimeUNet(a.denoiser());
            if (rawWeights) {
                BlockWeights.load(text, dnDir.resolve("text_encoder.safetensors"), m);
                BlockWeights.load(unet, dnDir.resolve("denoiser.safetensors"), m);
            } else {
                Map<String, SafeTensors.Tensor> ema = SafeTensors.read(dnDir.resolve("ema.safetensors"));
                BlockWeights.assign(text, strip(ema, "text_encoder."), "ema.safetensors", m);
                BlockWeights.assign(unet, strip(ema, "denoiser."), "ema.safetensors", m);
            }
            LatentPreview preview = fitPreview(a, enc, dec, mean, std, m);
            PackWriter.write(out, new PackWriter.Contents("cinegen-bundled",
                    "Cinegen's own small latent video diffusion model, trained on procedural captioned scenes.",
                    version, a, enc, dec, text, unet, vocab, mean, std, DenoiserTrainer.schedule(), DenoiserTrainer.PREDICTION,
                    preview, 8, List.of()), SafeTensors.DType.F16);
        }
    }

    static Map<String, SafeTensors.Tensor> strip(Map<String, SafeTensors.Tensor> all, String prefix) {
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> { if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v); });
        return out;
    }

    /** Fits rgb ~ M z + b between normalised latent cells and the decoder's mean colour over each cell. */
    static LatentPreview fitPreview(Architecture a, VideoEncoder enc, VideoDecoder dec, float[] mean, float[] std, NDManager m) {
        SceneSampler sampler = new SceneSampler(a.frameWindow());
        SplittableRandom rng = new SplittableRandom(99);
        int lc = a.latentChannels(), h = a.latentHeight(), w = a.latentWidth(), f = a.autoencoder().downsampling();
        int clips = 24, framesPer = 4, cells = h * w;
        float[][] lat = new float[clips * framesPer * cells][lc];
        float[][] rgb = new float[clips * framesPer * cells][3];
        int row = 0;
        for (int c = 0; c < clips; c++) {
            var r = SceneRenderer.render(sampler.random(rng), a.width(), framesPer);
            try (NDManager s = m.newSubManager()) {
                NDArray z = enc.apply(FrameTensors.toTensor(s, r.frames().frames(), a.width(), a.height()));
                float[] zf = z.toFloatArray(), img = dec.apply(z).toFloatArray();
                int plane = a.width() * a.height();
                for (int fr = 0; fr < framesPer; fr++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++, row++) {
                            for (int ch = 0; ch < lc; ch++) lat[row][ch] = (zf[((fr * lc + ch) * h + y) * w + x] - mean[ch]) / std[ch];
                            for (int ch = 0; ch < 3; ch++) {
                                double acc = 0;
                                for (int dy = 0; dy < f; dy++) for (int dx = 0; dx < f; dx++) acc += img[(fr * 3 + ch) * plane + (y * f + dy) * a.width() + x * f + dx];
                                rgb[row][ch] = (float) (acc / (f * f));
                            }
                        }
                    }
                }
            }
        }
        return LatentPreview.fit(lat, rgb);
    }
}
