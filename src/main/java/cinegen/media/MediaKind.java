package cinegen.media;

/** What an imported file holds: one still picture or a sequence of frames. */
public enum MediaKind { IMAGE, VIDEO }
