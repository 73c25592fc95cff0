package cinegen.engine.diffusers.unet;

import cinegen.engine.diffusers.ConfigJson;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * diffusers' UNetMotionModel (AnimateDiff, diffusers 0.31): a Stable Diffusion UNet whose down, mid (when the adapter
 * has one) and up blocks run a motion module (a {@link TemporalTransformer} with sinusoidal positions) after every
 * resnet/attention pair. Frames are folded into the batch frame-major; the 2D layers run per frame, the motion
 * modules across the frames at each pixel. Text states come per frame, already repeated (diffusers >= 0.31).
 */
public final class UNetMotionModel implements VideoDenoiser {
    private final UNet2DConditionConfig unetConfig;
    private final MotionAdapterConfig motionConfig;
    private final Params params;
    private final UNetCore core;

    /**
     * @param unet the spatial UNet's config (a UNet2DConditionModel's or a UNetMotionModel's)
     * @param motion the motion modules' config
     * @param params all weights by their UNetMotionModel names (see {@link #merge} for a unet/ + motion_adapter/ pair)
     * @throws IllegalArgumentException when the adapter does not fit the UNet or a weight is missing
     */
    public UNetMotionModel(UNet2DConditionConfig unet, MotionAdapterConfig motion, Params params) {
        UNet2DConditionConfig spatial = unet.asMotionSpatialPart();
        int n = spatial.blockOutChannels().length;
        if (!Arrays.equals(motion.blockOutChannels(), spatial.blockOutChannels())) {
            throw new IllegalArgumentException("motion adapter block_out_channels " + Arrays.toString(motion.blockOutChannels())
                    + " do not match the UNet's " + Arrays.toString(spatial.blockOutChannels()));
        }
        if (!Arrays.equals(motion.motionLayersPerBlock(), spatial.layersPerBlock())) {
            throw new IllegalArgumentException("motion adapter has " + Arrays.toString(motion.motionLayersPerBlock())
                    + " motion layers per block, the UNet " + Arrays.toString(spatial.layersPerBlock()) + " resnets per block");
        }
        if (motion.convInChannels() != null) {
            throw new IllegalArgumentException("motion adapter has its own conv_in (conv_in_channels " + motion.convInChannels()
                    + ", PIA-style): not supported");
        }
        if (motion.useMotionMidBlock() && motion.motionMidBlockLayersPerBlock() != spatial.midBlockLayers()) {
            throw new IllegalArgumentException("motion adapter has " + motion.motionMidBlockLayersPerBlock()
                    + " mid-block motion layers, the UNet's mid block " + spatial.midBlockLayers() + " attention layers");
        }
        this.unetConfig = spatial;
        this.motionConfig = motion;
        this.params = params;
        int[] heads = motion.motionNumAttentionHeads(), depth = motion.motionTransformerLayersPerBlock();
        int groups = spatial.normNumGroups();
        this.core = new UNetCore(params, spatial.layout(), new UNetCore.TemporalLayers() {
            @Override
            public FrameLayer afterResnet(UNetCore.Site site) { return null; }

            @Override
            public FrameLayer afterPair(UNetCore.Site site) {
                int block = site.configIndex(n);
                if (site.section() == UNetCore.Section.MID && !motion.useMotionMidBlock()) return null;
                int layers = site.section() == UNetCore.Section.MID ? motion.motionTransformerLayersPerMidBlock() : depth[block];
                // the motion modules normalise with the UNet's norm_num_groups (diffusers passes resnet_groups)
                return new TemporalTransformer(site.block().at("motion_modules", site.layer()), heads[block], groups, layers, true);
            }
        }, null);
        UNetCore.checkCondition(params, spatial.timeCondProjDim());
    }

    /** Loads a unet_motion/ folder (UNetMotionModel.save_pretrained: config.json and all weights). */
    public static UNetMotionModel load(Path folder, NDManager manager) throws ModelPackException {
        ConfigJson json = ConfigJson.read(ModelFolder.config(folder));
        UNet2DConditionConfig unet = UNet2DConditionConfig.from(json);
        if (!unet.className().equals(UNet2DConditionConfig.UNET_MOTION)) {
            throw new ModelPackException(json.source() + ": a " + unet.className() + ", not a UNetMotionModel (load it with its motion_adapter/ folder)");
        }
        MotionAdapterConfig motion = MotionAdapterConfig.fromMotionUNet(json);
        Params params = ModelFolder.weights(folder, manager);
        return ModelFolder.build(folder, () -> new UNetMotionModel(unet, motion, params));
    }

    /** Loads a Stable Diffusion unet/ folder and a motion_adapter/ folder into one model (UNetMotionModel.from_unet2d). */
    public static UNetMotionModel load(Path unetFolder, Path adapterFolder, NDManager manager) throws ModelPackException {
        UNet2DConditionConfig unet = UNet2DConditionConfig.load(ModelFolder.config(unetFolder));
        MotionAdapterConfig motion = MotionAdapterConfig.load(ModelFolder.config(adapterFolder));
        Params merged = merge(ModelFolder.weights(unetFolder, manager), ModelFolder.weights(adapterFolder, manager), adapterFolder);
        return ModelFolder.build(adapterFolder, () -> new UNetMotionModel(unet, motion, merged));
    }

    /**
     * The weights of a UNet and of a motion adapter in one store (no array is copied): the adapter's names
     * ("down_blocks.0.motion_modules.0...") are already the UNetMotionModel's.
     */
    public static Params merge(Params unet, Params adapter, Path adapterSource) throws ModelPackException {
        Params merged = Params.on(unet.manager());
        for (String key : unet.keys()) merged.put(key, unet.get(key));
        for (String key : adapter.keys()) {
            if (!key.contains(".motion_modules.")) {
                throw new ModelPackException(adapterSource.getFileName() + ": weight '" + key + "' is not part of a motion module");
            }
            if (merged.has(key)) throw new ModelPackException(adapterSource.getFileName() + ": weight '" + key + "' is also in the UNet");
            merged.put(key, adapter.get(key));
        }
        return merged;
    }

    /**
     * @param sample (B, C, F, H, W)
     * @param timestep one value or one per video
     * @param encoderHiddenStates (B·F, M, D) text states per frame, row b·F+f
     * @return (B, out_channels, F, H, W) in the sample's manager
     */
    public NDArray forward(NDArray sample, NDArray timestep, NDArray encoderHiddenStates) {
        return forward(sample, timestep, encoderHiddenStates, null);
    }

    /** @param timestepCond (B, time_cond_proj_dim) guidance embedding of LCM-distilled models, or null */
    public NDArray forward(NDArray sample, NDArray timestep, NDArray encoderHiddenStates, NDArray timestepCond) {
        return Frames.denoise(core, sample, timestep, encoderHiddenStates, timestepCond);
    }

    @Override
    public NDArray predict(NDArray sample, NDArray timesteps, NDArray textStates, NDArray perFrameTextStates, NDArray timestepCond) {
        return forward(sample, timesteps, Frames.contextOf(sample, textStates, perFrameTextStates), timestepCond);
    }

    @Override
    public Integer timeCondProjDim() { return unetConfig.timeCondProjDim(); }

    @Override
    public int inChannels() { return unetConfig.inChannels(); }

    @Override
    public int outChannels() { return unetConfig.outChannels(); }

    public UNet2DConditionConfig unetConfig() { return unetConfig; }

    public MotionAdapterConfig motionConfig() { return motionConfig; }

    public Params params() { return params; }

    UNetCore core() { return core; }
}
