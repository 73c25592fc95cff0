package cinegen.ui.timeline;

/** The edits the timeline offers; each is one undoable step of the project's history. */
public interface TimelineEditor {
    void move(String clipId, int newIndex);

    void trim(String clipId, int newIn, int newOut);

    /** Splits the clip under the playhead; returns false when there is none to split. */
    boolean splitAtPlayhead();

    void duplicate(String clipId);

    void delete(String clipId);

    void rippleDelete(String clipId);
}
