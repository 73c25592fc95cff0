package cinegen.media;

import java.nio.file.Path;
import java.util.List;

/**
 * What was written.
 *
 * @param files  the video file, or every PNG of a sequence in frame order
 * @param bytes  total size on disk
 */
public record ExportResult(ExportFormat format, List<Path> files, int width, int height, double fps, int frameCount, long bytes) {
    public ExportResult {
        files = List.copyOf(files);
    }
}
