package cinegen.project.edit;

import cinegen.project.Project;

/** Changes the project's name (not its folder). */
public final class RenameProjectEdit implements Edit {
    private final Project project;
    private final String before;
    private final String after;

    private RenameProjectEdit(Project project, String after) {
        this.project = project;
        this.before = project.name();
        this.after = after;
    }

    public static RenameProjectEdit of(Project project, String newName) {
        if (newName == null || newName.isBlank()) throw new IllegalArgumentException("project name is empty");
        return new RenameProjectEdit(project, newName.strip());
    }

    @Override public String name() { return "Rename Project"; }
    @Override public void redo() { project.setName(after); }
    @Override public void undo() { project.setName(before); }
    @Override public boolean changesNothing() { return before.equals(after); }
}
