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

    public DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers,
                          int midTemporalLayers, boolean learnedResampling, boolean frameConditioning, boolean spaceTimeAttention,
                          boolean motionBias, boolean coordinates, boolean layout) {
        this(latentChannels, channels, textDim, heads, embDim, temporalLayers, midTemporalLayers, learnedResampling, frameConditioning,
                spaceTimeAttention, motionBias, coordinates, layout, false);
    }

    public DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers,
                          int midTemporalLayers, boolean learnedResampling, boolean frameConditioning, boolean spaceTimeAttention,
                          boolean motionBias, boolean coordinates) {
        this(latentChannels, channels, textDim, heads, embDim, temporalLayers, midTemporalLayers, learnedResampling, frameConditioning,
                spaceTimeAttention, motionBias, coordinates, false);
    }

    public DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers,
                          int midTemporalLayers, boolean learnedResampling, boolean frameConditioning, boolean spaceTimeAttention,
                          boolean motionBias) {
        this(latentChannels, channels, textDim, heads, embDim, temporalLayers, midTemporalLayers, learnedResampling, frameConditioning,
                spaceTimeAttention, motionBias, false);
    }

    public DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers,
                          int midTemporalLayers, boolean learnedResampling, boolean frameConditioning, boolean spaceTimeAttention) {
        this(latentChannels, channels, textDim, heads, embDim, temporalLayers, midTemporalLayers, learnedResampling, frameConditioning,
                spaceTimeAttention, false);
    }

    public DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers) {
        this(latentChannels, channels, textDim, heads, embDim, temporalLayers, 0, false, false);
    }

    public DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers,
                          int midTemporalLayers) {
        this(latentChannels, channels, textDim, heads, embDim, temporalLayers, midTemporalLayers, false);
    }

    public DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers,
                          int midTemporalLayers, boolean learnedResampling) {
        this(latentChannels, channels, textDim, heads, embDim, temporalLayers, midTemporalLayers, learnedResampling, false);
    }

    public DenoiserConfig(int latentChannels, int[] channels, int textDim, int heads, int embDim, int temporalLayers,
                          int midTemporalLayers, boolean learnedResampling, boolean frameConditioning) {
        this(latentChannels, channels, textDim, heads, embDim, temporalLayers, midTemporalLayers, learnedResampling, frameConditioning, false);
    }

    public int inputChannels() { return 2 * latentChannels + 1; }

    /** This configuration over a latent of {@code channels} channels (decision 31: a latent grown by detail channels). */
    public DenoiserConfig withLatentChannels(int channels) {
        return new DenoiserConfig(channels, this.channels, textDim, heads, embDim, temporalLayers, midTemporalLayers, learnedResampling,
                frameConditioning, spaceTimeAttention, motionBias, coordinates, layout, silhouette);
    }
}
