package cinegen.media;

import cinegen.frames.FrameSequence;

/**
 * The frames read from a file (resized as asked) and what the file says about itself. A still image is a
 * one-frame sequence at 1 fps.
 */
public record ImportedMedia(FrameSequence frames, MediaInfo info) {
}
