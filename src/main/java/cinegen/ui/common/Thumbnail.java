package cinegen.ui.common;

/** A small ARGB picture of a media item: drawn inside its clips on the timeline and beside it in the media bin. */
public record Thumbnail(int width, int height, int[] argb) {
    /** The picture as a JavaFX image (FX thread or not: a new image each call). */
    public javafx.scene.image.Image toImage() {
        javafx.scene.image.WritableImage img = new javafx.scene.image.WritableImage(width, height);
        img.getPixelWriter().setPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, width);
        return img;
    }
}
