package cinegen.engine.diffusers.io;

import java.nio.file.Path;

/**
 * One model found on disk: what it is ({@code kind}, {@code family} such as "SD1.x", "SD1.x inpainting",
 * "AnimateDiff v2", "SDXL"), a sentence describing it, its size in bytes, and why it cannot be used here
 * ({@code unusableReason}, null when it can).
 */
public record ScannedModel(Path path, ModelKind kind, String family, String description, long sizeBytes, String unusableReason) {
    public boolean usable() { return unusableReason == null; }

    @Override
    public String toString() {
        return path.getFileName() + ": " + description + (usable() ? "" : " - " + unusableReason);
    }
}
