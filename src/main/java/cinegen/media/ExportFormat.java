package cinegen.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The formats the studio writes, chosen from the output path. */
public enum ExportFormat {
    /** H.264 in yuv420p, moov atom first: plays in every browser and phone. */
    MP4,
    /** Animated GIF with a palette made for the clip. */
    GIF,
    /** VP9 in WebM. */
    WEBM,
    /** One lossless PNG per frame. */
    PNG_SEQUENCE;

    /**
     * The format for {@code out}: {@code .mp4}, {@code .gif}, {@code .webm}; {@code .png} (frames named
     * {@code name_0001.png}, ... or after a {@code %04d} pattern in the name) or a folder (existing, or a path
     * without extension) for a PNG sequence.
     */
    public static ExportFormat forPath(Path out) throws MediaException {
        Path name = out.getFileName();
        if (name == null) throw new MediaException("'" + out + "' is not a file or folder name to export to.");
        String file = name.toString();
        int dot = file.lastIndexOf('.');
        String ext = dot <= 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "mp4" -> MP4;
            case "gif" -> GIF;
            case "webm" -> WEBM;
            case "png", "" -> PNG_SEQUENCE;
            default -> {
                if (Files.isDirectory(out)) yield PNG_SEQUENCE;
                throw new MediaException("Cannot export to '" + file + "': '." + ext + "' is not a format the studio "
                        + "writes. Use .mp4, .gif, .webm, or .png or a folder for a PNG sequence.");
            }
        };
    }

    /** Whether the codec needs even width and height (4:2:0 chroma). */
    boolean needsEvenSize() {
        return this == MP4 || this == WEBM;
    }
}
