package cinegen.project.edit;

/**
 * One undoable change to a project. {@link UndoHistory#perform(Edit)} applies it the first time with {@link #redo()}.
 * An edit captures what it needs when it is made, so make it right before performing it.
 */
public interface Edit {
    /** Shown in the menu: "Undo " + name. */
    String name();

    /** Applies the change (again). */
    void redo();

    /** Takes the change back. */
    void undo();

    /** Memory kept for undo by a heavy edit (mask pixels, frames), in bytes; 0 for a light edit. */
    default long heavyBytes() { return 0; }

    /** True for an edit that would change nothing (e.g. a stroke outside the mask); the history ignores it. */
    default boolean changesNothing() { return false; }
}
