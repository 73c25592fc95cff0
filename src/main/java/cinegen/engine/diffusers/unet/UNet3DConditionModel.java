package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Path;

/**
 * diffusers' UNet3DConditionModel (ModelScope text-to-video, Zeroscope), as diffusers 0.31 computes it: conv_in, a
 * temporal transformer (transformer_in), then the UNet walk with a TemporalConvLayer after every resnet and a
 * temporal transformer after every spatial transformer. The text states come per video and are repeated per frame
 * inside, as diffusers does.
 */
public final class UNet3DConditionModel implements VideoDenoiser {
    private final UNet3DConditionConfig config;
    private final Params params;
    private final UNetCore core;

    /** @throws IllegalArgumentException or {@link Params.MissingWeightException} when the weights do not fit the config */
    public UNet3DConditionModel(UNet3DConditionConfig config, Params params) {
        this.config = config;
        this.params = params;
        int n = config.blockOutChannels().length, groups = config.normNumGroups();
        int[] headDim = config.attentionHeadDim();
        FrameLayer transformerIn = new TemporalTransformer(params.at("transformer_in"), UNet3DConditionConfig.TRANSFORMER_IN_HEADS, groups, 1, false);
        this.core = new UNetCore(params, config.layout(), new UNetCore.TemporalLayers() {
            @Override
            public FrameLayer afterResnet(UNetCore.Site site) {
                return new TemporalConvLayer(site.block().at("temp_convs", site.layer()), groups);
            }

            @Override
            public FrameLayer afterPair(UNetCore.Site site) {
                if (!site.hasAttention()) return null;
                int block = site.configIndex(n);
                int heads = UNet3DConditionConfig.heads(site.channels(), headDim[block]);
                return new TemporalTransformer(site.block().at("temp_attentions", site.layer()), heads, groups, 1, false);
            }
        }, transformerIn);
        UNetCore.checkCondition(params, config.timeCondProjDim());
    }

    /** Loads a unet/ folder of a text-to-video pipeline (config.json and diffusion_pytorch_model.safetensors). */
    public static UNet3DConditionModel load(Path folder, NDManager manager) throws ModelPackException {
        return ModelFolder.load(folder, manager, UNet3DConditionConfig::load, UNet3DConditionModel::new);
    }

    /**
     * @param sample (B, C, F, H, W)
     * @param timestep one value or one per video
     * @param encoderHiddenStates (B, M, D): one prompt per video, repeated per frame inside
     * @return (B, out_channels, F, H, W) in the sample's manager
     */
    public NDArray forward(NDArray sample, NDArray timestep, NDArray encoderHiddenStates) {
        return forward(sample, timestep, encoderHiddenStates, null);
    }

    /** @param timestepCond (B, time_cond_proj_dim) or null */
    public NDArray forward(NDArray sample, NDArray timestep, NDArray encoderHiddenStates, NDArray timestepCond) {
        return Frames.denoise(core, sample, timestep, Frames.contextOf(sample, encoderHiddenStates, null), timestepCond);
    }

    /** Per-frame text states, when given, go to the layers directly instead of the repeated per-video ones. */
    @Override
    public NDArray predict(NDArray sample, NDArray timesteps, NDArray textStates, NDArray perFrameTextStates, NDArray timestepCond) {
        return Frames.denoise(core, sample, timesteps, Frames.contextOf(sample, textStates, perFrameTextStates), timestepCond);
    }

    @Override
    public Integer timeCondProjDim() { return config.timeCondProjDim(); }

    @Override
    public int inChannels() { return config.inChannels(); }

    @Override
    public int outChannels() { return config.outChannels(); }

    public UNet3DConditionConfig config() { return config; }

    public Params params() { return params; }

    UNetCore core() { return core; }
}
