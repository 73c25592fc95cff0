package cinegen.project.edit;

import cinegen.project.GenerationRecipe;
import cinegen.project.MediaItem;
import cinegen.project.Project;

/** Replaces the recipe stored with a media item (what "regenerate" will run). */
public final class ChangeRecipeEdit implements Edit {
    private final Project project;
    private final MediaItem before;
    private final MediaItem after;

    private ChangeRecipeEdit(Project project, MediaItem before, MediaItem after) {
        this.project = project;
        this.before = before;
        this.after = after;
    }

    public static ChangeRecipeEdit of(Project project, String mediaId, GenerationRecipe recipe) {
        MediaItem item = project.mediaItem(mediaId)
                .orElseThrow(() -> new IllegalArgumentException("no media item '" + mediaId + "' in the bin"));
        return new ChangeRecipeEdit(project, item, item.withRecipe(recipe));
    }

    @Override public String name() { return "Change Recipe"; }
    @Override public void redo() { project.replaceMedia(after); }
    @Override public void undo() { project.replaceMedia(before); }
    @Override public boolean changesNothing() { return before.equals(after); }
}
