package cinegen.engine.diffusers.io;

/** What a model file or folder is, as {@link ModelScanner} tells from its header or config. */
public enum ModelKind {
    /** A single-file model with its UNet, VAE and text encoder (the original SD layout). */
    CHECKPOINT("checkpoint"),
    /** A denoiser alone (UNet or transformer), in either layout. */
    UNET("UNet"),
    VAE("VAE"),
    /** The tiny preview autoencoder (TAESD). */
    TAESD("TAESD preview decoder"),
    TEXT_ENCODER("text encoder"),
    /** AnimateDiff motion module (original layout or a MotionAdapter file). */
    MOTION_MODULE("motion module"),
    LORA("LoRA"),
    /** A LoRA of AnimateDiff's motion modules (camera moves). */
    MOTION_LORA("motion LoRA"),
    /** A diffusers pipeline folder (model_index.json). */
    DIFFUSERS_PIPELINE("diffusers pipeline"),
    /** A diffusers MotionAdapter folder (config.json + weights). */
    MOTION_ADAPTER("motion adapter"),
    UNKNOWN("unknown file");

    private final String label;

    ModelKind(String label) { this.label = label; }

    /** A short name for people ("motion module"). */
    public String label() { return label; }
}
