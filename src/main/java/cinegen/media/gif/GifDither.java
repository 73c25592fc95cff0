package cinegen.media.gif;

/** How colours between palette entries are rendered in a GIF. */
public enum GifDither {
    /** Nearest palette colour: flat areas stay clean, smooth gradients show bands. */
    NONE,
    /** Ordered 8x8 Bayer pattern: stable from frame to frame (no crawling noise) and compresses well. */
    BAYER,
    /** Floyd–Steinberg error diffusion: the finest gradients, at the price of some shimmer in animation. */
    FLOYD_STEINBERG
}
