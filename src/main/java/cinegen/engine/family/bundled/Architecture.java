package cinegen.engine.family.bundled;

import cinegen.engine.pack.*;

import cinegen.engine.family.bundled.net.AutoencoderConfig;
import cinegen.engine.family.bundled.net.DenoiserConfig;

/**
 * The shape of a model: native resolution and frame window, the autoencoder, the text encoder and the denoiser.
 * Stored in a model pack's manifest.
 */
public record Architecture(int width, int height, int frameWindow, AutoencoderConfig autoencoder,
                           DenoiserConfig denoiser, int textDim, int textLayers, int textHeads, int maxTokens) {

    /** The bundled model: 64x64, 16-frame window, 4x autoencoder to 8 latent channels. */
    public static Architecture bundled() {
        return new Architecture(64, 64, 16,
                new AutoencoderConfig(8, new int[] {32, 64, 96}, 2),
                DenoiserConfig.builder(8, new int[] {64, 128, 192}, 128, 4, 256).temporalLayers(2).midTemporalLayers(1)
                        .learnedResampling(true).frameConditioning(true).spaceTimeAttention(true).motionBias(true)
                        .coordinates(true).layout(true).silhouette(true).build(),
                128, 2, 4, 20);
    }

    /** A tiny architecture for tests: same structure, a fraction of the width. */
    public static Architecture tiny() {
        return new Architecture(32, 32, 8,
                new AutoencoderConfig(4, new int[] {8, 16, 16}),
                DenoiserConfig.builder(4, new int[] {16, 16, 32}, 16, 2, 32).build(),
                16, 1, 2, 20);
    }

    /** This architecture over a latent of {@code channels} channels, in the autoencoder and the denoiser alike (decision 31). */
    public Architecture withLatentChannels(int channels) {
        if (channels < 1) throw new IllegalArgumentException("latent channels must be at least 1, got " + channels);
        return new Architecture(width, height, frameWindow, autoencoder.withLatentChannels(channels), denoiser.withLatentChannels(channels),
                textDim, textLayers, textHeads, maxTokens);
    }

    public int latentWidth() { return width / autoencoder.downsampling(); }
    public int latentHeight() { return height / autoencoder.downsampling(); }
    public int latentChannels() { return autoencoder.latentChannels(); }
}
