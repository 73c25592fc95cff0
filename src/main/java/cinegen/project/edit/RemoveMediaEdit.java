package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes an item from the bin together with its clips (leaving gaps) and the mask tracks painted over it.
 * The file stays in the project folder so undo can bring everything back.
 */
public final class RemoveMediaEdit implements Edit {
    private final Project project;
    private final MediaItem item;
    private final int binIndex;
    private final List<Clip> clipsBefore;
    private final List<Clip> clipsAfter;
    private final List<MaskTrack> tracks;
    private final List<Integer> trackIndices;

    private RemoveMediaEdit(Project project, MediaItem item) {
        this.project = project;
        this.item = item;
        this.binIndex = project.mediaIndex(item.id());
        this.clipsBefore = project.timeline().clips();
        List<Clip> after = new ArrayList<>(clipsBefore);
        after.removeIf(c -> c.mediaId().equals(item.id()));
        this.clipsAfter = List.copyOf(after);
        this.tracks = new ArrayList<>();
        this.trackIndices = new ArrayList<>();
        List<MaskTrack> all = project.maskTracks();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).mediaId().filter(item.id()::equals).isPresent()) {
                tracks.add(all.get(i));
                trackIndices.add(i);
            }
        }
    }

    public static RemoveMediaEdit of(Project project, String mediaId) {
        MediaItem item = project.mediaItem(mediaId)
                .orElseThrow(() -> new IllegalArgumentException("no media item '" + mediaId + "' in the bin"));
        return new RemoveMediaEdit(project, item);
    }

    @Override public String name() { return "Remove " + (item.name().isEmpty() ? "Media" : item.name()); }

    @Override
    public long heavyBytes() {
        long sum = 0;
        for (MaskTrack t : tracks) sum += t.bytes();
        return sum;
    }

    @Override
    public void redo() {
        project.timeline().setClips(clipsAfter);
        for (MaskTrack t : tracks) project.removeMaskTrack(t.id());
        project.removeMedia(item.id());
    }

    @Override
    public void undo() {
        project.addMedia(binIndex, item);
        for (int i = 0; i < tracks.size(); i++) project.addMaskTrack(trackIndices.get(i), tracks.get(i));
        project.timeline().setClips(clipsBefore);
    }
}
