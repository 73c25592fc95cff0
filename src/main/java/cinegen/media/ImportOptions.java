package cinegen.media;

/**
 * How to bring a file in.
 *
 * @param maxFrames    read at most this many frames (0 = all the file has, within the memory budget)
 * @param targetWidth  resize every frame to this width (0 = keep the file's size)
 * @param targetHeight resize every frame to this height (0 = keep the file's size)
 * @param resize       when the aspect ratio differs: crop the centre or fit the whole picture (letterbox)
 * @param firstFrame   the first frame to keep (0 = from the start); the frames before it are decoded and dropped,
 *                     never held, so a short part of a long video costs the memory of that part only
 */
public record ImportOptions(int maxFrames, int targetWidth, int targetHeight, Resize resize, int firstFrame) {

    /** How a picture of another aspect ratio is brought to the target size. */
    public enum Resize {
        /** Cut the centre to the target aspect ratio, then scale: fills the frame, loses the edges. */
        CROP,
        /** Scale the whole picture to fit and pad with black: keeps everything, adds bars. */
        FIT
    }

    public ImportOptions(int maxFrames, int targetWidth, int targetHeight, Resize resize) {
        this(maxFrames, targetWidth, targetHeight, resize, 0);
    }

    public ImportOptions {
        if (firstFrame < 0) throw new IllegalArgumentException("The first frame cannot be negative (got " + firstFrame + ").");
        if (maxFrames < 0) throw new IllegalArgumentException("The frame limit cannot be negative (got " + maxFrames + ").");
        if (targetWidth < 0 || targetHeight < 0 || (targetWidth == 0) != (targetHeight == 0)) {
            throw new IllegalArgumentException("The target size must be both positive or both 0 (got "
                    + targetWidth + "x" + targetHeight + ").");
        }
        if (resize == null) resize = Resize.CROP;
    }

    /** Every frame at the file's own size. */
    public static ImportOptions original() {
        return new ImportOptions(0, 0, 0, Resize.CROP);
    }

    /** Every frame resized to the model's native size. */
    public static ImportOptions resizedTo(int width, int height, Resize resize) {
        return new ImportOptions(0, width, height, resize);
    }

    public ImportOptions withMaxFrames(int max) {
        return new ImportOptions(max, targetWidth, targetHeight, resize, firstFrame);
    }

    /** Keeps frames from {@code first} on (counted from 0, in decoding order, as the studio counts a video's frames). */
    public ImportOptions startingAt(int first) {
        return new ImportOptions(maxFrames, targetWidth, targetHeight, resize, first);
    }

    boolean resizes() {
        return targetWidth > 0;
    }
}
