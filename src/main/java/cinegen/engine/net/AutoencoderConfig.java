package cinegen.engine.net;

/**
 * Hyper-parameters of the per-frame video autoencoder.
 *
 * @param latentChannels channels of the latent
 * @param channels       feature channels at full, 1/2 and 1/4 resolution (spatial downsampling is 4x)
 */
public record AutoencoderConfig(int latentChannels, int[] channels) {
    public AutoencoderConfig {
        if (channels.length != 3) throw new IllegalArgumentException("the autoencoder has 3 levels, got " + channels.length);
    }

    public int downsampling() { return 4; }
}
