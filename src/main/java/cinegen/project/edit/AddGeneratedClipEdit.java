package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Ids;
import cinegen.project.MediaItem;
import cinegen.frames.MediaKind;
import cinegen.project.Project;

import java.util.List;

/** A finished job: its media item lands in the bin and a clip of all its frames at the end of the timeline. */
public final class AddGeneratedClipEdit implements Edit {
    private final Project project;
    private final MediaItem item;
    private final Clip clip;

    private AddGeneratedClipEdit(Project project, MediaItem item, Clip clip) {
        this.project = project;
        this.item = item;
        this.clip = clip;
    }

    public static AddGeneratedClipEdit of(Project project, MediaItem item) {
        if (item.kind() != MediaKind.GENERATED) throw new IllegalArgumentException("media '" + item.id() + "' is not generated");
        if (project.mediaItem(item.id()).isPresent()) {
            throw new IllegalArgumentException("media id '" + item.id() + "' is already in the bin");
        }
        Clip clip = new Clip(Ids.newId("clip"), item.id(), item.name(), project.timeline().duration(), 0, item.frameCount());
        return new AddGeneratedClipEdit(project, item, clip);
    }

    public MediaItem item() { return item; }

    public String clipId() { return clip.id(); }

    @Override public String name() { return "Add Generated Clip"; }

    @Override
    public void redo() {
        project.addMedia(project.media().size(), item);
        List<Clip> clips = project.timeline().copyOfClips();
        clips.add(clip.withStart(project.timeline().duration()));
        project.timeline().setClips(clips);
    }

    @Override
    public void undo() {
        List<Clip> clips = project.timeline().copyOfClips();
        clips.removeIf(c -> c.id().equals(clip.id()));
        project.timeline().setClips(clips);
        project.removeMedia(item.id());
    }
}
