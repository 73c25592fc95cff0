package cinegen.engine.train;

import ai.djl.ndarray.NDManager;
import cinegen.engine.net.SpaceTimeUNet;
import cinegen.engine.net.TextEncoder;
import cinegen.engine.net.VideoDecoder;
import cinegen.engine.net.VideoEncoder;
import cinegen.engine.pack.Architecture;
import cinegen.engine.pack.BlockWeights;
import cinegen.engine.pack.Manifest;
import cinegen.engine.pack.ModelPack;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seeds training checkpoints from a model pack, so training can continue from shipped weights when the run's own
 * checkpoints are gone (or from a pack someone else trained). The pack's weights become both the training weights
 * and their moving average; the optimizer starts afresh at step 0 (with its warm-up), and the latent normalisation
 * is the pack's, so the denoiser keeps working in the same latent space.
 */
public final class PackImporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PackImporter() {}

    /**
     * Writes {@code autoencoder/} and {@code denoiser/} checkpoints under {@code checkpoints}; refuses to overwrite,
     * and refuses a pack whose weights do not fit the architecture that training uses.
     */
    public static void seed(Path pack, Architecture training, Path checkpoints) throws IOException, ModelPackException {
        Path ae = checkpoints.resolve("autoencoder"), dn = checkpoints.resolve("denoiser");
        for (Path d : new Path[] {ae, dn}) {
            if (Files.exists(d.resolve("state.json"))) throw new IOException("a checkpoint already exists in " + d + "; choose an empty folder");
        }
        ModelPack opened = ModelPack.open(pack);
        Manifest manifest = opened.manifest();
        if (manifest.latentMean() == null || manifest.latentStd() == null) throw new ModelPackException("the pack has no latent normalisation: " + pack);

        Map<String, SafeTensors.Tensor> autoencoder = SafeTensors.read(pack.resolve(manifest.files().autoencoder()));
        Map<String, SafeTensors.Tensor> text = SafeTensors.read(pack.resolve(manifest.files().textEncoder()));
        Map<String, SafeTensors.Tensor> denoiser = SafeTensors.read(pack.resolve(manifest.files().denoiser()));

        try (NDManager m = NDManager.newBaseManager()) {
            autoencoder = grownDecoder(opened.architecture(), training, autoencoder, m);
            BlockWeights.assign(new VideoEncoder(training.autoencoder()), PackExporter.strip(autoencoder, "encoder."), "autoencoder (encoder)", m);
            BlockWeights.assign(new VideoDecoder(training.autoencoder()), PackExporter.strip(autoencoder, "decoder."), "autoencoder (decoder)", m);
            BlockWeights.assign(new TextEncoder(DenoiserTrainer.vocabulary().size(), training.textDim(), training.maxTokens(),
                    training.textLayers(), training.textHeads()), text, "text encoder", m);
            denoiser = grown(opened.architecture(), training, denoiser, m);
            BlockWeights.assign(new SpaceTimeUNet(training.denoiser()), denoiser, "denoiser", m);
        }
        Files.createDirectories(ae);
        Files.createDirectories(dn);
        SafeTensors.write(ae.resolve("encoder.safetensors"), PackExporter.strip(autoencoder, "encoder."), SafeTensors.DType.F32);
        SafeTensors.write(ae.resolve("decoder.safetensors"), PackExporter.strip(autoencoder, "decoder."), SafeTensors.DType.F32);
        writeState(ae, Map.of("stage", "autoencoder", "importedFrom", manifest.name() + " " + manifest.version()));

        SafeTensors.write(dn.resolve("text_encoder.safetensors"), text, SafeTensors.DType.F32);
        SafeTensors.write(dn.resolve("denoiser.safetensors"), denoiser, SafeTensors.DType.F32);
        Map<String, SafeTensors.Tensor> ema = new LinkedHashMap<>();
        text.forEach((k, v) -> ema.put("text_encoder." + k, v));
        denoiser.forEach((k, v) -> ema.put("denoiser." + k, v));
        SafeTensors.write(dn.resolve("ema.safetensors"), ema, SafeTensors.DType.F32);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("stage", "denoiser");
        state.put("importedFrom", manifest.name() + " " + manifest.version());
        state.put("latentMean", manifest.latentMean());
        state.put("latentStd", manifest.latentStd());
        state.put("emaUpdates", 100_000L); // a mature average: the pack's weights are not a random start
        writeState(dn, state);
    }

    /**
     * The pack's denoiser tensors, plus freshly initialised middle-level temporal attention, learned temporal
     * resampling, frame conditioning, space-time attention, its motion bias, coordinate channels, layout channel and silhouette channels when training adds layers the pack does not have. Those start as identity (zero-initialised
     * outputs and gates), so the grown denoiser computes exactly what the pack's did until training changes them.
     * Any other difference is refused.
     */
    static Map<String, SafeTensors.Tensor> grown(Architecture packArch, Architecture training, Map<String, SafeTensors.Tensor> tensors, NDManager m) {
        var from = packArch.denoiser();
        var to = training.denoiser();
        boolean adds = from.midTemporalLayers() < to.midTemporalLayers() || (to.learnedResampling() && !from.learnedResampling())
                || (to.frameConditioning() && !from.frameConditioning()) || (to.spaceTimeAttention() && !from.spaceTimeAttention())
                || (to.motionBias() && !from.motionBias()) || (to.coordinates() && !from.coordinates())
                || (to.layout() && !from.layout()) || (to.silhouette() && !from.silhouette());
        boolean removes = from.midTemporalLayers() > to.midTemporalLayers() || (from.learnedResampling() && !to.learnedResampling())
                || (from.frameConditioning() && !to.frameConditioning()) || (from.spaceTimeAttention() && !to.spaceTimeAttention())
                || (from.motionBias() && !to.motionBias()) || (from.coordinates() && !to.coordinates())
                || (from.layout() && !to.layout()) || (from.silhouette() && !to.silhouette());
        if (!adds || removes) return tensors; // nothing to grow, or not a growth: the strict check that follows names the mismatch
        if (!java.util.Arrays.equals(from.channels(), to.channels()) || from.latentChannels() != to.latentChannels() || from.textDim() != to.textDim()
                || from.heads() != to.heads() || from.embDim() != to.embDim() || from.temporalLayers() != to.temporalLayers()) {
            return tensors;
        }
        SpaceTimeUNet fresh = new SpaceTimeUNet(to);
        cinegen.engine.net.Weights.initialize(fresh, m, 11);
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>(BlockWeights.snapshot(fresh));
        out.putAll(tensors);
        return out;
    }

    /**
     * The pack's autoencoder tensors, plus identity-initialised residual blocks when the training decoder is deeper
     * ({@code extraDecoderBlocks}): the grown decoder draws exactly what the pack's did until trained.
     */
    static Map<String, SafeTensors.Tensor> grownDecoder(Architecture packArch, Architecture training, Map<String, SafeTensors.Tensor> tensors, NDManager m) {
        var from = packArch.autoencoder();
        var to = training.autoencoder();
        if (from.extraDecoderBlocks() >= to.extraDecoderBlocks() || from.latentChannels() != to.latentChannels()
                || !java.util.Arrays.equals(from.channels(), to.channels())) {
            return tensors; // not a growth: the strict check that follows names any mismatch
        }
        VideoDecoder fresh = new VideoDecoder(to);
        cinegen.engine.net.Weights.initialize(fresh, m, 12);
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        BlockWeights.snapshot(fresh).forEach((k, v) -> out.put("decoder." + k, v));
        out.putAll(tensors);
        return out;
    }

    private static void writeState(Path dir, Map<String, Object> extra) throws IOException {
        ObjectNode state = JSON.createObjectNode();
        state.put("step", 0);
        extra.forEach(state::putPOJO);
        Path tmp = dir.resolve("state.json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
        Files.move(tmp, dir.resolve("state.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
