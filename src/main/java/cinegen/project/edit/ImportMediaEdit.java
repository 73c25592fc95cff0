package cinegen.project.edit;

import cinegen.project.MediaItem;
import cinegen.project.Project;

/**
 * Adds an item to the end of the media bin. The file must already be inside the project folder
 * ({@code ProjectStore.importFile} copies it there); undo takes the item out of the bin but leaves the file.
 */
public final class ImportMediaEdit implements Edit {
    private final Project project;
    private final MediaItem item;

    private ImportMediaEdit(Project project, MediaItem item) {
        this.project = project;
        this.item = item;
    }

    public static ImportMediaEdit of(Project project, MediaItem item) {
        if (project.mediaItem(item.id()).isPresent()) {
            throw new IllegalArgumentException("media id '" + item.id() + "' is already in the bin");
        }
        return new ImportMediaEdit(project, item);
    }

    public MediaItem item() { return item; }

    @Override public String name() { return "Import " + (item.name().isEmpty() ? "Media" : item.name()); }
    @Override public void redo() { project.addMedia(project.media().size(), item); }
    @Override public void undo() { project.removeMedia(item.id()); }
}
