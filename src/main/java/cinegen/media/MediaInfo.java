package cinegen.media;

import cinegen.frames.MediaKind;

/**
 * What a media file says about itself.
 *
 * @param kind            still image or video (an animated GIF is a video)
 * @param container       FFmpeg's name of the container, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2} or {@code png_pipe}
 * @param codec           FFmpeg's name of the video codec, e.g. {@code h264}
 * @param width           picture width in the file, before any resizing
 * @param height          picture height in the file
 * @param fps             frames per second; 0 for a still image
 * @param durationSeconds playing time; 0 for a still image
 * @param frameCount      frames in the file (exact when the file was decoded to its end, otherwise the
 *                        container's count or an estimate from duration and frame rate)
 */
public record MediaInfo(MediaKind kind, String container, String codec, int width, int height,
                        double fps, double durationSeconds, int frameCount) {
}
