package cinegen.engine.family.bundled.net;

/**
 * Hyper-parameters of the space-time U-Net.
 *
 * @param latentChannels channels of the video latent (the input has 2 * latentChannels + 1: noisy latent, C, M)
 * @param channels       feature channels at the three levels: full, half and quarter space-time resolution
 * @param textDim        width of the text tokens
 * @param heads          attention heads
 * @param embDim         width of the timestep + FPS embedding
 * @param temporalLayers temporal self-attention layers stacked at the coarsest level
 * @param midTemporalLayers temporal self-attention layers at the middle level, on the way down and again on the way up
 * @param learnedResampling temporal down- and up-sampling learned per channel ({@link TemporalResample}) instead of
 *                          fixed pair averaging and frame repetition
 * @param frameConditioning every residual block also gets a per-frame embedding of the frame's place in the clip
 *                          together with the pooled caption, so a frame knows how far along the prompted motion it is
 * @param spaceTimeAttention full space-time self-attention ({@link SpaceTimeAttention}) at the coarsest level and at
 *                           the middle level on the way down, so content can move diagonally in space-time in one layer
 * @param motionBias         the space-time attention layers get a caption-steered bias on their offsets
 *                           ({@link SpaceTimeAttention}, decision 23); needs spaceTimeAttention
 * @param coordinates        the input also gets fixed coordinate channels (column, row, frame), so a caption can
 *                           place content in the frame and along the clip (decision 24)
 * @param layout             the input may carry one more channel: a planned layout, soft discs where the objects are
 *                           in each frame (decision 26); a zero channel, or none, means "no layout"
 * @param silhouette         the input may carry {@link #SILHOUETTE_CHANNELS} more channels after the layout: the planned
 *                           objects' silhouettes at pixel resolution, folded 4x4 onto the latent grid (decision 29);
 *                           zeros, or none, mean "no silhouette"; needs the layout
 */
public record DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers,
                             int midTemporalLayers, boolean learnedResampling, boolean frameConditioning,
                             boolean spaceTimeAttention, boolean motionBias, boolean coordinates, boolean layout,
                             boolean silhouette) {
    /** Silhouette channels: a 4x4 block of pixels per latent cell (the autoencoder's downsampling). */
    public static final int SILHOUETTE_CELL = 4, SILHOUETTE_CHANNELS = SILHOUETTE_CELL * SILHOUETTE_CELL;

    public DenoiserConfig {
        if (silhouette && !layout) throw new IllegalArgumentException("a silhouette input needs the layout channel");
        if (channels.length != 3) throw new IllegalArgumentException("the U-Net has 3 levels, got " + channels.length + " channel widths");
        if (temporalLayers < 0 || midTemporalLayers < 0) throw new IllegalArgumentException("temporal layer counts cannot be negative");
        if (motionBias && !spaceTimeAttention) throw new IllegalArgumentException("a motion bias needs space-time attention");
    }

    /**
     * A configuration of these widths with one temporal layer at the coarsest level and every option off (what a pack
     * manifest that names none of them means); the builder turns options on.
     */
    public static Builder builder(int latentChannels, int[] channels, int textDim, int heads, int embDim) {
        return new Builder(latentChannels, channels, textDim, heads, embDim);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(latentChannels, channels, textDim, heads, embDim).temporalLayers(temporalLayers)
                .midTemporalLayers(midTemporalLayers).learnedResampling(learnedResampling).frameConditioning(frameConditioning)
                .spaceTimeAttention(spaceTimeAttention).motionBias(motionBias).coordinates(coordinates).layout(layout)
                .silhouette(silhouette);
    }

    public int inputChannels() { return 2 * latentChannels + 1; }

    /** This configuration over a latent of {@code channels} channels (decision 31: a latent grown by detail channels). */
    public DenoiserConfig withLatentChannels(int channels) { return toBuilder().latentChannels(channels).build(); }

    /** Options of a {@link DenoiserConfig}; each setter names the record component it sets. */
    public static final class Builder {
        private int latentChannels;
        private final int[] channels;
        private final int textDim, heads, embDim;
        private int temporalLayers = 1, midTemporalLayers;
        private boolean learnedResampling, frameConditioning, spaceTimeAttention, motionBias, coordinates, layout, silhouette;

        private Builder(int latentChannels, int[] channels, int textDim, int heads, int embDim) {
            this.latentChannels = latentChannels;
            this.channels = channels;
            this.textDim = textDim;
            this.heads = heads;
            this.embDim = embDim;
        }

        public Builder latentChannels(int v) { latentChannels = v; return this; }
        public Builder temporalLayers(int v) { temporalLayers = v; return this; }
        public Builder midTemporalLayers(int v) { midTemporalLayers = v; return this; }
        public Builder learnedResampling(boolean v) { learnedResampling = v; return this; }
        public Builder frameConditioning(boolean v) { frameConditioning = v; return this; }
        public Builder spaceTimeAttention(boolean v) { spaceTimeAttention = v; return this; }
        public Builder motionBias(boolean v) { motionBias = v; return this; }
        public Builder coordinates(boolean v) { coordinates = v; return this; }
        public Builder layout(boolean v) { layout = v; return this; }
        public Builder silhouette(boolean v) { silhouette = v; return this; }

        public DenoiserConfig build() {
            return new DenoiserConfig(latentChannels, channels, textDim, heads, embDim, temporalLayers, midTemporalLayers,
                    learnedResampling, frameConditioning, spaceTimeAttention, motionBias, coordinates, layout, silhouette);
        }
    }
}
