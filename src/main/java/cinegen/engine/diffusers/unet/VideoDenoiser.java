package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;

/**
 * One denoiser call of a video diffusion model, whichever UNet it is (AnimateDiff's {@link UNetMotionModel},
 * ModelScope's {@link UNet3DConditionModel}), so a pipeline can drive either.
 */
public interface VideoDenoiser {
    /**
     * @param sample (B, C, F, H, W) latents (C = {@link #inChannels()}, e.g. 9 for inpainting: latents, mask,
     *     masked-image latents)
     * @param timesteps (B) or a single value for the whole batch; integer or fractional
     * @param textStates (B, 77, D): one prompt per video
     * @param perFrameTextStates null, or (B·F, 77, D) with row b·F+f conditioning frame f of video b (prompt
     *     travel); replaces {@code textStates} when given
     * @return (B, {@link #outChannels()}, F, H, W), in the sample's manager
     */
    default NDArray predict(NDArray sample, NDArray timesteps, NDArray textStates, NDArray perFrameTextStates) {
        return predict(sample, timesteps, textStates, perFrameTextStates, null);
    }

    /**
     * {@link #predict(NDArray, NDArray, NDArray, NDArray)} with a timestep condition.
     *
     * @param timestepCond (B, {@link #timeCondProjDim()}): the guidance embedding of an LCM-distilled UNet, or null
     */
    NDArray predict(NDArray sample, NDArray timesteps, NDArray textStates, NDArray perFrameTextStates, NDArray timestepCond);

    /**
     * Width of the timestep condition the UNet projects onto its timestep embedding ({@code time_cond_proj_dim}: the
     * guidance embedding of LCM-distilled UNets), or null when it takes none.
     */
    Integer timeCondProjDim();

    int inChannels();

    int outChannels();
}
