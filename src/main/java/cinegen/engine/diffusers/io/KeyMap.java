package cinegen.engine.diffusers.io;

/**
 * Translates one model component's weight names between diffusers' layout and the original single-file layout
 * (CompVis/LDM names for Stable Diffusion, the AnimateDiff repository's for motion modules), both ways, plus the
 * few shape changes between them. Built by {@link KeyMaps} from the component's layout.
 */
public interface KeyMap {
    /** What the map is for, for messages: "UNet", "VAE", "text encoder", "motion module". */
    String component();

    /** The prefix every original-layout key of this component starts with ("model.diffusion_model.", or ""). */
    String originalPrefix();

    /** The original-layout key of a diffusers key; throws {@link IllegalArgumentException} for a key this map does not know. */
    String toOriginal(String diffusersKey);

    /**
     * The diffusers key of an original-layout key, or null when the key is not one of this component's weights
     * (another component's prefix, a buffer diffusers does not keep, or a name this layout does not have; tell
     * them apart with {@link #isIgnored} and {@link #originalPrefix}).
     */
    String toDiffusers(String originalKey);

    /** Original-layout keys of this component that diffusers has no weight for (position ids, duplicate buffers). */
    boolean isIgnored(String originalKey);

    /** The diffusers shape of a weight stored in the original layout with {@code originalShape}. */
    default long[] toDiffusersShape(String diffusersKey, long[] originalShape) { return originalShape; }

    /** The original-layout shape of a diffusers weight. */
    default long[] toOriginalShape(String diffusersKey, long[] diffusersShape) { return diffusersShape; }
}
