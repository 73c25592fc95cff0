package cinegen.engine.family.bundled.net;

/**
 * Hyper-parameters of the per-frame video autoencoder.
 *
 * @param latentChannels channels of the latent
 * @param channels       feature channels at full, 1/2 and 1/4 resolution (spatial downsampling is 4x)
 * @param extraDecoderBlocks residual blocks the decoder adds at full and at half resolution, beyond the first
 */
public record AutoencoderConfig(int latentChannels, int[] channels, int extraDecoderBlocks) {
    public AutoencoderConfig {
        if (channels.length != 3) throw new IllegalArgumentException("the autoencoder has 3 levels, got " + channels.length);
        if (extraDecoderBlocks < 0) throw new IllegalArgumentException("extra decoder blocks cannot be negative");
    }

    public AutoencoderConfig(int latentChannels, int[] channels) { this(latentChannels, channels, 0); }

    public int downsampling() { return 4; }

    /** This configuration with a latent of {@code channels} channels (decision 31). */
    public AutoencoderConfig withLatentChannels(int channels) { return new AutoencoderConfig(channels, this.channels, extraDecoderBlocks); }
}
