package cinegen.engine.pipeline;

import cinegen.frames.FrameSequence;

/** A finished generation: frames at native resolution and everything needed to make it again. */
public record GeneratedVideo(FrameSequence frames, GenerationRequest request, String modelName, String modelHash,
                             String device, long elapsedNanos, Latents latents) {
    /** A generation whose final latents were not kept. */
    public GeneratedVideo(FrameSequence frames, GenerationRequest request, String modelName, String modelHash, String device, long elapsedNanos) {
        this(frames, request, modelName, modelHash, device, elapsedNanos, null);
    }
}
