package cinegen.ui.timeline;

/** A small ARGB picture of a clip's media, drawn inside its clips on the track. */
public record Thumbnail(int width, int height, int[] argb) {}
