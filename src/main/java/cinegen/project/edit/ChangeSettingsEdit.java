package cinegen.project.edit;

import cinegen.project.GenerationSettings;
import cinegen.project.Project;

/** Replaces the project's generation defaults. */
public final class ChangeSettingsEdit implements Edit {
    private final Project project;
    private final GenerationSettings before;
    private final GenerationSettings after;

    private ChangeSettingsEdit(Project project, GenerationSettings after) {
        this.project = project;
        this.before = project.settings();
        this.after = after;
    }

    public static ChangeSettingsEdit of(Project project, GenerationSettings settings) {
        if (settings == null) throw new IllegalArgumentException("settings are missing");
        return new ChangeSettingsEdit(project, settings);
    }

    @Override public String name() { return "Change Settings"; }
    @Override public void redo() { project.setSettings(after); }
    @Override public void undo() { project.setSettings(before); }
    @Override public boolean changesNothing() { return before.equals(after); }
}
