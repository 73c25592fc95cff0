package cinegen.media;

/** The export was cancelled by the caller; nothing was left on disk. */
public final class ExportCancelledException extends MediaException {
    private static final long serialVersionUID = 1L;

    public ExportCancelledException(String message) {
        super(message);
    }
}
