package cinegen.media;

/** Receives export progress on the exporting thread; keep it quick (hand off to the UI thread yourself). */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> { };

    void onProgress(ExportProgress progress);
}
