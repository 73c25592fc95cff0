package cinegen.tools.train;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.ndarray.NDManager;
import cinegen.engine.family.bundled.net.SpaceTimeUNet;
import cinegen.engine.family.bundled.net.TextEncoder;
import cinegen.engine.family.bundled.net.VideoDecoder;
import cinegen.engine.family.bundled.net.VideoEncoder;
import cinegen.engine.family.bundled.Architecture;
import cinegen.engine.family.bundled.BlockWeights;
import cinegen.engine.family.bundled.Manifest;
import cinegen.engine.family.bundled.ModelPack;
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

        Architecture packArch = opened.architecture();
        int packLatent = packArch.latentChannels();
        try (NDManager m = NDManager.newBaseManager()) {
            if (training.latentChannels() > packLatent) {
                autoencoder = grownLatentAutoencoder(packArch, training.latentChannels(), autoencoder, m);
                denoiser = grownLatentDenoiser(packArch, training.latentChannels(), denoiser);
                packArch = packArch.withLatentChannels(training.latentChannels());
            }
            autoencoder = grownDecoder(packArch, training, autoencoder, m);
            BlockWeights.assign(new VideoEncoder(training.autoencoder()), PackExporter.strip(autoencoder, "encoder."), "autoencoder (encoder)", m);
            BlockWeights.assign(new VideoDecoder(training.autoencoder()), PackExporter.strip(autoencoder, "decoder."), "autoencoder (decoder)", m);
            BlockWeights.assign(new TextEncoder(DenoiserTrainer.vocabulary().size(), training.textDim(), training.maxTokens(),
                    training.textLayers(), training.textHeads()), text, "text encoder", m);
            denoiser = grown(packArch, training, denoiser, m);
            BlockWeights.assign(new SpaceTimeUNet(training.denoiser()), denoiser, "denoiser", m);
        }
        Files.createDirectories(ae);
        Files.createDirectories(dn);
        SafeTensors.write(ae.resolve("encoder.safetensors"), PackExporter.strip(autoencoder, "encoder."), SafeTensors.DType.F32);
        SafeTensors.write(ae.resolve("decoder.safetensors"), PackExporter.strip(autoencoder, "decoder."), SafeTensors.DType.F32);
        // An anchored autoencoder run holds the pack's own channels, not the grown ones, to where they were.
        writeState(ae, Map.of("stage", "autoencoder", "importedFrom", manifest.name() + " " + manifest.version(),
                AutoencoderTrainer.ANCHOR_CHANNELS, packLatent));

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
        cinegen.engine.family.bundled.net.Weights.initialize(fresh, m, 11);
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
        cinegen.engine.family.bundled.net.Weights.initialize(fresh, m, 12);
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        BlockWeights.snapshot(fresh).forEach((k, v) -> out.put("decoder." + k, v));
        out.putAll(tensors);
        return out;
    }

    /**
     * Decision 31: the pack's autoencoder over a latent grown to {@code channels}. The encoder's new output channels
     * start from a fresh initialisation (they must carry something for the decoder to learn from); the decoder's
     * weights on them start at zero, so the grown autoencoder reconstructs exactly what the pack's did.
     */
    static Map<String, SafeTensors.Tensor> grownLatentAutoencoder(Architecture packArch, int channels, Map<String, SafeTensors.Tensor> tensors, NDManager m) {
        int from = packArch.latentChannels();
        VideoEncoder fresh = new VideoEncoder(packArch.autoencoder().withLatentChannels(channels));
        cinegen.engine.family.bundled.net.Weights.initialize(fresh, m, 13);
        Map<String, SafeTensors.Tensor> init = BlockWeights.snapshot(fresh);
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>(tensors);
        int[] keep = identity(from);
        out.put("encoder.out.weight", remap(tensors.get("encoder.out.weight"), 0, channels, keep, init.get("out.weight")));
        out.put("encoder.out.bias", remap(tensors.get("encoder.out.bias"), 0, channels, keep, null));
        out.put("decoder.in.weight", remap(tensors.get("decoder.in.weight"), 1, channels, keep, null));
        return out;
    }

    /**
     * Decision 31: the pack's denoiser over a latent grown to {@code channels}. Its input is noisy latent, C and M
     * ({@link cinegen.engine.family.bundled.net.DenoiserConfig#inputChannels}): the first-layer weights of the old channels move to
     * their new places and the new channels' weights start at zero, as do the outputs for the new channels. The
     * grown denoiser predicts exactly what the pack's did on the old channels, and zero on the new ones.
     */
    static Map<String, SafeTensors.Tensor> grownLatentDenoiser(Architecture packArch, int channels, Map<String, SafeTensors.Tensor> tensors) {
        int from = packArch.latentChannels();
        int[] inputs = new int[2 * from + 1];
        for (int j = 0; j < from; j++) {
            inputs[j] = j;                   // noisy latent
            inputs[from + j] = channels + j; // conditioning video C
        }
        inputs[2 * from] = 2 * channels;     // mask M
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>(tensors);
        out.put("conv_in.weight", remap(tensors.get("conv_in.weight"), 1, 2 * channels + 1, inputs, null));
        out.put("conv_out.weight", remap(tensors.get("conv_out.weight"), 0, channels, identity(from), null));
        out.put("conv_out.bias", remap(tensors.get("conv_out.bias"), 0, channels, identity(from), null));
        return out;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /**
     * {@code t} resized along {@code axis} to {@code size}: old index i lands at {@code places[i]}; every other index
     * is taken from {@code fill} (same shape as the result) or is zero.
     */
    static SafeTensors.Tensor remap(SafeTensors.Tensor t, int axis, int size, int[] places, SafeTensors.Tensor fill) {
        if (t == null) throw new IllegalArgumentException("the pack lacks a tensor that growing its latent needs");
        long[] shape = t.shape().clone();
        if (shape[axis] != places.length) throw new IllegalArgumentException("axis " + axis + " has " + shape[axis] + ", expected " + places.length);
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= (int) shape[i];
        for (int i = axis + 1; i < shape.length; i++) inner *= (int) shape[i];
        shape[axis] = size;
        float[] data = fill == null ? new float[outer * size * inner] : fill.data().clone();
        if (data.length != outer * size * inner) throw new IllegalArgumentException("the fill does not have the grown shape");
        int old = places.length;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < old; i++) {
                System.arraycopy(t.data(), (o * old + i) * inner, data, (o * size + places[i]) * inner, inner);
            }
        }
        return new SafeTensors.Tensor(shape, data);
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
