package cinegen.ui.main;

import cinegen.app.studio.StudioSession;
import cinegen.frames.FrameSequence;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.edit.UndoHistory;
import cinegen.ui.bin.BinItem;
import cinegen.ui.bin.MediaBinViewModel;
import cinegen.ui.common.UiTasks;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.mask.MaskEditorViewModel;
import cinegen.ui.status.StatusViewModel;
import cinegen.ui.viewer.ViewerViewModel;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The media bin: importing files into the project (read and copied off the FX thread), showing the selected item
 * in the viewer instead of the program, and painting masks on it. FX thread.
 */
final class BinCoordinator {
    private final StudioSession session;
    private final UiTasks tasks;
    private final MediaBinViewModel mediaBin;
    private final InspectorViewModel inspector;
    private final ViewerViewModel viewer;
    private final MaskEditorViewModel mask;
    private final StatusViewModel status;
    private final MediaFrames frames;
    private final ProgramCoordinator program;
    private Project project;

    BinCoordinator(StudioSession session, UiTasks tasks, MediaBinViewModel mediaBin, InspectorViewModel inspector,
                   ViewerViewModel viewer, MaskEditorViewModel mask, StatusViewModel status, MediaFrames frames,
                   ProgramCoordinator program) {
        this.session = session;
        this.tasks = tasks;
        this.mediaBin = mediaBin;
        this.inspector = inspector;
        this.viewer = viewer;
        this.mask = mask;
        this.status = status;
        this.frames = frames;
        this.program = program;
        mediaBin.selectedProperty().addListener((o, a, item) -> binSelectionChanged(item));
        mask.activeProperty().addListener((o, a, on) -> maskModeChanged(on));
        mask.setOnChange(this::updateMaskPainted);
        viewer.currentFrameProperty().addListener((o, a, f) -> {
            if (mask.activeProperty().get()) mask.showFrame(f.intValue());
        });
        mediaBin.setImporter(this::importFiles);
    }

    /** A new current project: the bin shows its media, nothing selected; the painter works on its masks. */
    void bind(Project p, UndoHistory history) {
        project = p;
        mediaBin.forgetSources();
        mediaBin.thumbnails().clear();
        thumbnailsLoading.clear();
        mask.attach(p, history);
        if (p == null) return;
        mediaBin.showMedia(p.media());
        mediaBin.selectedProperty().set(null);
        updateThumbnails();
    }

    /** The project's media list changed. */
    void mediaChanged() {
        mediaBin.showMedia(project.media());
        updateThumbnails();
    }

    /** Media ids whose first frame is being decoded for the bin's thumbnail. */
    private final java.util.Set<String> thumbnailsLoading = new java.util.HashSet<>();

    /**
     * Gives every item of the bin its thumbnail: from frames already decoded, or by decoding the first frame off the
     * FX thread (a video's first frame only). Thumbnails of media that left the project are dropped.
     */
    private void updateThumbnails() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (MediaItem m : project.media()) ids.add(m.id());
        mediaBin.thumbnails().keySet().retainAll(ids);
        Project owner = project;
        for (MediaItem m : project.media()) {
            if (mediaBin.thumbnails().containsKey(m.id()) || thumbnailsLoading.contains(m.id())) continue;
            FrameSequence decoded = frames.any(m.id());
            if (decoded != null) {
                mediaBin.thumbnails().put(m.id(), ProgramCoordinator.thumbnail(decoded));
                continue;
            }
            thumbnailsLoading.add(m.id());
            tasks.submit(p -> ProgramCoordinator.thumbnail(session.loadFrames(owner, m, 1)), t -> {
                thumbnailsLoading.remove(m.id());
                if (project == owner && project.mediaItem(m.id()).isPresent()) mediaBin.thumbnails().put(m.id(), t);
            }, reason -> thumbnailsLoading.remove(m.id())); // the bin shows the kind's icon; selecting it says why
        }
    }

    private void importFiles(List<Path> files) {
        Project owner = project;
        for (Path f : files) {
            tasks.submit(p -> session.prepareImport(owner, f), item -> {
                if (project != owner) {
                    status.showMessage(f.getFileName() + " was read after its project was closed; it was not added.");
                    return;
                }
                session.addImported(item);
                mediaBin.select(item.id());
                status.showMessage("Imported " + item.name() + " (" + item.width() + "×" + item.height()
                        + (item.isStill() ? "" : ", " + item.frameCount() + " frames") + ").");
            }, reason -> {
                mediaBin.forgetSource(f);
                status.showMessage("Could not import " + f.getFileName() + ": " + reason);
            });
        }
    }

    private void binSelectionChanged(BinItem item) {
        inspector.sourceProperty().set(item == null ? InspectorViewModel.Source.NONE
                : item.media().isStill() ? InspectorViewModel.Source.IMAGE : InspectorViewModel.Source.VIDEO);
        updateMaskPainted();
        if (item == null) {
            if (mask.activeProperty().get()) mask.activeProperty().set(false);
            return;
        }
        program.showBinMedia();
        MediaItem media = item.media();
        frames.withFrames(media, seq -> {
            BinItem still = mediaBin.selectedProperty().get();
            if (still == null || !still.id().equals(media.id()) || program.isShowingProgram()) return;
            viewer.load(seq);
            if (mask.activeProperty().get()) mask.edit(media, seq);
            status.showMessage(showingText(item.name(), seq, media.frameCount()));
        }, () -> {
            // The viewer and the painter follow the selection: never the previous item's frames under this one's name.
            BinItem still = mediaBin.selectedProperty().get();
            if (still == null || !still.id().equals(media.id()) || program.isShowingProgram()) return;
            viewer.load(null);
            if (mask.activeProperty().get()) mask.activeProperty().set(false);
        });
    }

    /**
     * "Showing tree.avi (320×240)."; for a video longer than the viewer holds for a bin item, that it shows the first
     * {@value MediaFrames#MAX_DECODED_FRAMES} of its frames (the timeline and the export use all of them).
     */
    static String showingText(String name, FrameSequence seq, int frameCount) {
        String size = seq.width() + "×" + seq.height();
        if (frameCount > seq.frameCount()) {
            return "Showing " + name + " (" + size + "): the first " + seq.frameCount() + " of its " + frameCount
                    + " frames; the timeline and the export use all of them.";
        }
        return "Showing " + name + " (" + size + ").";
    }

    private void maskModeChanged(boolean on) {
        BinItem item = mediaBin.selectedProperty().get();
        if (on) {
            if (item == null) {
                mask.activeProperty().set(false);
                status.showMessage("Pick an image or video in the media bin to paint on.");
                return;
            }
            program.showBinMedia();
            frames.withFrames(item.media(), seq -> {
                viewer.load(seq);
                mask.edit(item.media(), seq);
            }, () -> mask.activeProperty().set(false));
        }
    }

    /** The inspector knows whether the selected item has a painted mask (inpainting and cinemagraphs need one). */
    void updateMaskPainted() {
        BinItem item = mediaBin.selectedProperty().get();
        inspector.maskPaintedProperty().set(item != null && maskTrackFor(item.id()).map(MaskEditorViewModel::isPainted).orElse(false));
    }

    /** The mask track painted on the media, if any. */
    Optional<MaskTrack> maskTrackFor(String mediaId) {
        if (project == null) return Optional.empty();
        return project.maskTracks().stream().filter(t -> t.mediaId().map(mediaId::equals).orElse(false)).findFirst();
    }
}
