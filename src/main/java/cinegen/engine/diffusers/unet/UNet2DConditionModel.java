package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Path;

/**
 * diffusers' UNet2DConditionModel (Stable Diffusion 1.x/2.x, inpainting with 9 input channels, LCM-distilled with a
 * timestep condition), computing exactly what diffusers 0.31 computes. Weights are looked up in {@link Params} at
 * each call, so replacing one (a LoRA, a style) takes effect without rebuilding.
 */
public final class UNet2DConditionModel {
    private final UNet2DConditionConfig config;
    private final Params params;
    private final UNetCore core;

    /** @throws IllegalArgumentException or {@link Params.MissingWeightException} when the weights do not fit the config */
    public UNet2DConditionModel(UNet2DConditionConfig config, Params params) {
        this.config = config;
        this.params = params;
        this.core = new UNetCore(params, config.layout(), UNetCore.TemporalLayers.NONE, null);
        UNetCore.checkCondition(params, config.timeCondProjDim());
    }

    /** Loads a unet/ folder (config.json and diffusion_pytorch_model.safetensors) with its weights on {@code manager}. */
    public static UNet2DConditionModel load(Path folder, NDManager manager) throws ModelPackException {
        return ModelFolder.load(folder, manager, UNet2DConditionConfig::load, UNet2DConditionModel::new);
    }

    /**
     * @param sample (B, C, H, W)
     * @param timestep one value or one per batch entry
     * @param encoderHiddenStates (B, M, D)
     * @return (B, out_channels, H, W) in the sample's manager
     */
    public NDArray forward(NDArray sample, NDArray timestep, NDArray encoderHiddenStates) {
        return forward(sample, timestep, encoderHiddenStates, null);
    }

    /** @param timestepCond (B, time_cond_proj_dim) guidance embedding of LCM-distilled UNets, or null */
    public NDArray forward(NDArray sample, NDArray timestep, NDArray encoderHiddenStates, NDArray timestepCond) {
        NDArray emb = core.timeEmbedding(timestep, sample.getShape().get(0), timestepCond, sample.getManager());
        return core.forward(sample, emb, encoderHiddenStates, 1);
    }

    public UNet2DConditionConfig config() { return config; }

    public Params params() { return params; }

    UNetCore core() { return core; }
}
