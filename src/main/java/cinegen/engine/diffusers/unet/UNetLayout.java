package cinegen.engine.diffusers.unet;

/**
 * The resolved structure of a UNet (2D, motion or 3D) as the shared walk {@link UNetCore} builds it: one value per
 * down block (up blocks run in reverse with one resnet more), every head count already in heads, not head widths.
 *
 * @param downLayers resnets per down block (the matching up block has one more)
 * @param downAttention whether down block i has spatial transformers
 * @param upAttention whether up block i (in up order) has spatial transformers
 * @param downHeads attention heads of down block i's transformers
 * @param upHeads attention heads of up block i's transformers (up order)
 * @param downTransformerLayers transformer blocks inside each of down block i's transformers
 * @param upTransformerLayers the same for up block i (up order)
 * @param midLayers attention/resnet pairs after the mid block's first resnet; 0 = no mid block
 * @param timeProjectionChannels width of the sinusoidal timestep projection
 */
record UNetLayout(
        int inChannels, int outChannels, int[] blockOut,
        int[] downLayers, boolean[] downAttention, boolean[] upAttention,
        int[] downHeads, int[] upHeads, int midHeads,
        int[] downTransformerLayers, int[] upTransformerLayers, int midTransformerLayers,
        boolean[] downOnlyCross, boolean[] upOnlyCross,
        int midLayers, int normGroups, float normEps, float midScale, int downsamplePadding,
        int timeProjectionChannels, boolean flipSinToCos, float freqShift,
        boolean centerInput, int convInKernel, int convOutKernel) {

    int blocks() { return blockOut.length; }

    /** Resnets of up block i (up order). */
    int upLayers(int i) { return downLayers[blocks() - 1 - i] + 1; }

    /** Output channels of up block i (up order). */
    int upChannels(int i) { return blockOut[blocks() - 1 - i]; }

    static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }

    static boolean[] reversed(boolean[] a) {
        boolean[] r = new boolean[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }
}
