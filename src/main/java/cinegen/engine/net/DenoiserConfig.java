package cinegen.engine.net;

/**
 * Hyper-parameters of the space-time U-Net.
 *
 * @param latentChannels channels of the video latent (the input has 2 * latentChannels + 1: noisy latent, C, M)
 * @param channels       feature channels at the three levels: full, half and quarter space-time resolution
 * @param textDim        width of the text tokens
 * @param heads          attention heads
 * @param embDim         width of the timestep + FPS embedding
 * @param temporalLayers temporal self-attention layers stacked at the coarsest level
 */
public record DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers) {
    public DenoiserConfig {
        if (channels.length != 3) throw new IllegalArgumentException("the U-Net has 3 levels, got " + channels.length + " channel widths");
    }

    public int inputChannels() { return 2 * latentChannels + 1; }
}
