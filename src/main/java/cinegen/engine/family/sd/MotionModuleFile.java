package cinegen.engine.family.sd;

import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.io.CheckpointLoader;
import cinegen.engine.diffusers.io.KeyMaps;
import cinegen.engine.diffusers.io.ModelKind;
import cinegen.engine.diffusers.io.ModelScanner;
import cinegen.engine.diffusers.io.ScannedModel;
import cinegen.engine.diffusers.io.TensorSource;
import cinegen.engine.diffusers.io.TensorSources;
import cinegen.engine.diffusers.unet.MotionAdapterConfig;
import cinegen.engine.diffusers.unet.UNet2DConditionConfig;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An AnimateDiff motion module in one file: the original layout (AnimateDiff v1/v2/v3, AnimateLCM,
 * AnimateDiff-Lightning: {@code down_blocks.N.motion_modules.M.temporal_transformer...}, safetensors or
 * {@code .ckpt}) or a diffusers MotionAdapter's weights. Its MotionAdapter config is inferred from the names and
 * shapes (channels per level, modules per level, transformer depth, a mid block or not, the frame limit from the
 * position table; 8 heads), under its sidecar's {@code "motion_adapter"} section. {@link #open} reads the header only.
 */
final class MotionModuleFile {
    private static final String TODO = "give --motion an AnimateDiff motion module made for Stable Diffusion 1.5 (such as "
            + "mm_sd_v15_v2.ckpt or v3_sd15_mm.ckpt) or a diffusers MotionAdapter folder";

    private final Path file;
    private final boolean original;
    private final MotionAdapterConfig config;

    private MotionModuleFile(Path file, boolean original, MotionAdapterConfig config) {
        this.file = file;
        this.original = original;
        this.config = config;
    }

    Path file() { return file; }

    MotionAdapterConfig config() { return config; }

    /**
     * Reads the header and infers the config, checking it fits {@code unet} (the base UNet, {@code baseName} names it
     * in the message).
     */
    static MotionModuleFile open(Path file, UNet2DConditionConfig unet, String baseName) throws ModelPackException {
        ScannedModel s = ModelScanner.scan(file);
        if (s.kind() != ModelKind.MOTION_MODULE || !s.usable()) {
            throw new ModelPackException(SdFamily.refusal(s, "not an AnimateDiff motion module", TODO));
        }
        Sidecar sidecar = Sidecar.read(file, Set.of(Sidecar.MOTION_ADAPTER));
        MotionModuleFile mm;
        try (TensorSource src = TensorSources.open(file)) {
            boolean original = false;
            for (String n : src.names()) original |= n.contains(".temporal_transformer.");
            Map<String, long[]> shapes = original ? InferredConfigs.shapes(src, KeyMaps.motionModule()) : InferredConfigs.shapes(src, "");
            ObjectNode inferred = InferredConfigs.motionAdapter(shapes, file, unet.normNumGroups());
            ObjectNode merged = InferredConfigs.merge(inferred, sidecar.section(Sidecar.MOTION_ADAPTER));
            MotionAdapterConfig config;
            try {
                config = MotionAdapterConfig.parse(file.getFileName() + " (motion module config)", new ObjectMapper().writeValueAsString(merged));
            } catch (ModelPackException e) {
                throw new ModelPackException(e.getMessage() + "; " + sidecar.hint(file, Sidecar.MOTION_ADAPTER));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            mm = new MotionModuleFile(file, original, config);
        }
        checkFits(mm.config, file, unet, baseName);
        return mm;
    }

    /** One sentence naming both files when the motion modules of {@code file} cannot sit in the base UNet. */
    static void checkFits(MotionAdapterConfig config, Path file, UNet2DConditionConfig unet, String baseName) throws ModelPackException {
        int[] channels = unet.blockOutChannels(), layers = unet.layersPerBlock();
        boolean fits = Arrays.equals(config.blockOutChannels(), channels) && Arrays.equals(config.motionLayersPerBlock(), layers)
                && (!config.useMotionMidBlock() || unet.midBlockType() != null);
        if (!fits) {
            throw new ModelPackException(file.getFileName() + " does not fit " + baseName + ": its motion modules are made for a UNet with channels "
                    + Arrays.toString(config.blockOutChannels()) + " and " + describe(config.motionLayersPerBlock()) + " per level, the base has "
                    + Arrays.toString(channels) + " and " + describe(layers) + "; use a motion module made for this kind of base (SD 1.5)");
        }
        for (int i = 0; i < channels.length; i++) {
            int heads = config.motionNumAttentionHeads()[i];
            if (channels[i] % heads != 0) {
                throw new ModelPackException(file.getFileName() + ": " + heads + " motion attention heads do not divide level " + i + "'s "
                        + channels[i] + " channels; set motion_num_attention_heads in the \"motion_adapter\" section of "
                        + Sidecar.pathFor(file).getFileName() + " beside it");
            }
        }
    }

    private static String describe(int[] layers) {
        boolean same = Arrays.stream(layers).allMatch(l -> l == layers[0]);
        return same ? layers[0] + (layers[0] == 1 ? " layer" : " layers") : Arrays.toString(layers) + " layers";
    }

    /** The motion modules' weights by their UNetMotionModel names. */
    Params weights(NDManager m) throws ModelPackException {
        try (TensorSource src = TensorSources.open(file)) {
            if (original) return CheckpointLoader.loadOriginal(src, KeyMaps.motionModule(), m);
            return CheckpointLoader.loadDiffusers(new ComponentView(src, "", List.of("down_blocks.", "up_blocks.", "mid_block.")), m);
        }
    }
}
