package cinegen.ui.main;

import cinegen.app.TimelineProgram;
import cinegen.app.TimelineRenderer;
import cinegen.frames.FrameSequence;
import cinegen.frames.Resample;
import cinegen.project.Clip;
import cinegen.project.GenerationRecipe;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.edit.AddClipEdit;
import cinegen.project.edit.DuplicateClipEdit;
import cinegen.project.edit.Edit;
import cinegen.project.edit.MoveClipEdit;
import cinegen.project.edit.RemoveClipEdit;
import cinegen.project.edit.RippleDeleteClipEdit;
import cinegen.project.edit.SplitClipEdit;
import cinegen.project.edit.TrimClipEdit;
import cinegen.project.edit.UndoHistory;
import cinegen.ui.bin.BinItem;
import cinegen.ui.bin.MediaBinViewModel;
import cinegen.ui.common.ErrorMessages;
import cinegen.ui.inspector.ClipInfoViewModel;
import cinegen.ui.mask.MaskEditorViewModel;
import cinegen.ui.status.StatusViewModel;
import cinegen.ui.timeline.ClipSpan;
import cinegen.ui.common.Thumbnail;
import cinegen.ui.timeline.TimelineEditor;
import cinegen.ui.timeline.TimelineTransport;
import cinegen.ui.timeline.TimelineViewModel;
import cinegen.ui.viewer.ViewerViewModel;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The timeline program: the project's clips mirrored into the timeline panel, the program the viewer plays (what
 * {@link TimelineRenderer} makes of the timeline, the same renderer the export uses) and the playhead that follows
 * it; timeline edits and transport keys; the selected clip's recipe. While the viewer shows a bin item instead, using
 * the timeline brings the program back. FX thread.
 */
final class ProgramCoordinator {
    static final int THUMBNAIL_HEIGHT = 40;

    private final TimelineViewModel timeline;
    private final ViewerViewModel viewer;
    private final MaskEditorViewModel mask;
    private final MediaBinViewModel mediaBin;
    private final ClipInfoViewModel clipInfo;
    private final StatusViewModel status;
    private final MediaFrames frames;
    private final ReadOnlyBooleanWrapper showingProgram = new ReadOnlyBooleanWrapper(this, "showingProgram", true);
    private final ReadOnlyBooleanWrapper clipHasRecipe = new ReadOnlyBooleanWrapper(this, "clipHasRecipe");
    private Project project;
    private UndoHistory history;
    /** The project's timeline as frames: the same renderer the export command uses, fed from the decoded media. */
    private TimelineRenderer renderer;
    private boolean syncingPlayhead;

    ProgramCoordinator(TimelineViewModel timeline, ViewerViewModel viewer, MaskEditorViewModel mask,
                       MediaBinViewModel mediaBin, ClipInfoViewModel clipInfo, StatusViewModel status, MediaFrames frames) {
        this.timeline = timeline;
        this.viewer = viewer;
        this.mask = mask;
        this.mediaBin = mediaBin;
        this.clipInfo = clipInfo;
        this.status = status;
        this.frames = frames;
        viewer.currentFrameProperty().addListener((o, a, b) -> playheadFollowsViewer());
        viewer.sequenceProperty().addListener((o, a, b) -> playheadFollowsViewer());
        timeline.playheadSecondsProperty().addListener((o, a, b) -> {
            if (syncingPlayhead) return;
            if (!showingProgram.get()) showProgram();
            viewer.seekSeconds(b.doubleValue());
            if (project != null) project.timeline().setPlayhead(timelineFrame(b.doubleValue()));
        });
        timeline.selectedClipIdProperty().addListener(o -> updateClipRecipe());
        clipInfo.setOnCopied(seed -> status.showMessage("Seed " + seed + " copied."));
        timeline.setTransport(new Transport());
        timeline.setEditor(new Editor());
        InvalidationListener marks = o -> {
            String text = timeline.marksText();
            status.showMessage(text == null ? "Export range cleared: File > Export writes the whole timeline."
                    : "Export range: " + text + ".");
        };
        timeline.markInProperty().addListener(marks);
        timeline.markOutProperty().addListener(marks);
        mediaBin.setOnOpen(this::addSelectedToTimeline);
    }

    /** True while the viewer plays the timeline (not a bin item). */
    ReadOnlyBooleanProperty showingProgramProperty() { return showingProgram.getReadOnlyProperty(); }
    boolean isShowingProgram() { return showingProgram.get(); }
    /** True when the selected clip was generated, so it can be regenerated or varied. */
    ReadOnlyBooleanProperty clipHasRecipeProperty() { return clipHasRecipe.getReadOnlyProperty(); }

    /** A new current project: the panel forgets the old one's clips, marks and thumbnails (call {@link #start} next). */
    void bind(Project p, UndoHistory h) {
        project = p;
        history = h;
        renderer = p == null ? null : new TimelineRenderer(p, item -> frames.program(item.id()));
        timeline.clearMarks();
        timeline.thumbnails().clear();
        timeline.select(null);
    }

    /** Shows the bound project's timeline in the viewer. */
    void start() {
        showingProgram.set(true);
        refreshTimeline();
    }

    /** The media left the project: the renderer forgets its resized frames. */
    void mediaRemoved() {
        if (renderer != null) renderer.forgetResized();
    }

    /** The viewer shows a bin item now, not the program. */
    void showBinMedia() { showingProgram.set(false); }

    /** Back to the timeline in the viewer when it shows bin media (the timeline was clicked). */
    void showProgramIfNeeded() {
        if (!showingProgram.get()) showProgram();
    }

    /** Plays the timeline again in the viewer, at the playhead. */
    void showProgram() {
        if (mask.activeProperty().get()) mask.activeProperty().set(false);
        showingProgram.set(true);
        refreshTimeline();
    }

    /** A clip was just added for the person (a generated one): the viewer plays the program from its start, selected. */
    void showNewClip(String clipId) {
        showingProgram.set(true);
        if (mask.activeProperty().get()) mask.activeProperty().set(false);
        project.timeline().clip(clipId).ifPresent(c -> project.timeline().setPlayhead(c.start()));
        refreshTimeline();
        selectClip(clipId);
        timeline.playheadSecondsProperty().set(project.timeline().playhead() / project.timeline().fps());
    }

    /** Mirrors the project's clips into the timeline and rebuilds the program once every clip's frames are in. */
    void refreshTimeline() {
        if (project == null) return;
        double fps = project.timeline().fps();
        timeline.fpsProperty().set(fps);
        List<ClipSpan> spans = new ArrayList<>();
        List<MediaItem> missing = new ArrayList<>();
        for (Clip c : project.timeline().clips()) {
            MediaItem m = project.mediaItem(c.mediaId()).orElse(null);
            if (m == null) continue;
            spans.add(new ClipSpan(c.id(), c.mediaId(), c.name().isEmpty() ? m.name() : c.name(), c.start() / fps,
                    c.length() / fps, c.inPoint(), c.outPoint(), m.isStill() ? Integer.MAX_VALUE : m.frameCount()));
            if (!frames.hasProgram(m.id()) && !frames.isUnreadable(m.id()) && missing.stream().noneMatch(x -> x.id().equals(m.id()))) missing.add(m);
        }
        timeline.clips().setAll(spans);
        if (timeline.selectedClip().isEmpty()) timeline.select(null);
        updateClipRecipe();
        for (MediaItem m : missing) frames.loadProgram(m, this::refreshTimeline);
        if (missing.isEmpty() || missing.stream().allMatch(m -> frames.isLoading(m.id()))) buildProgram();
    }

    /** The program in the viewer: what {@link TimelineRenderer} makes of the timeline, at the playhead. */
    private void buildProgram() {
        for (MediaItem m : project.media()) {
            FrameSequence f = frames.any(m.id());
            if (f != null && !timeline.thumbnails().containsKey(m.id())) timeline.thumbnails().put(m.id(), thumbnail(f));
        }
        if (!showingProgram.get()) return;
        TimelineProgram program = project.timeline().clips().isEmpty() ? null : renderProgram();
        FrameSequence flat = program == null ? null : program.flatten();
        if (flat == null) {
            viewer.replace(null, 0);
            return;
        }
        int at = (int) Math.min(flat.frameCount() - 1, project.timeline().playhead());
        viewer.replace(flat, Math.max(0, at));
        playheadFollowsViewer();
    }

    /** The whole timeline from the decoded media (not yet decoded or unreadable media show black); null on failure. */
    TimelineProgram renderProgram() {
        try {
            return renderer.program();
        } catch (Exception e) {
            status.showMessage("The timeline cannot be shown: " + ErrorMessages.describe(e));
            return null;
        }
    }

    static Thumbnail thumbnail(FrameSequence f) {
        int h = Math.min(THUMBNAIL_HEIGHT, f.height());
        int w = Math.max(1, Math.round(f.width() * h / (float) f.height()));
        return new Thumbnail(w, h, Resample.resizeArgb(f.frame(0), f.width(), f.height(), w, h, false));
    }

    private void playheadFollowsViewer() {
        if (!showingProgram.get()) return;
        FrameSequence s = viewer.sequenceProperty().get();
        syncingPlayhead = true;
        try {
            timeline.playheadSecondsProperty().set(s == null ? 0 : viewer.currentFrame() / s.fps());
            if (project != null && s != null) project.timeline().setPlayhead(viewer.currentFrame());
        } finally {
            syncingPlayhead = false;
        }
    }

    private long timelineFrame(double seconds) {
        double fps = project == null ? timeline.fpsProperty().get() : project.timeline().fps();
        return (long) Math.floor(seconds * fps + 1e-9);
    }

    private void updateClipRecipe() {
        Optional<GenerationRecipe> r = selectedRecipe();
        clipHasRecipe.set(r.isPresent());
        String name = timeline.selectedClip().map(ClipSpan::name).orElse("");
        clipInfo.show(name, r.orElse(null));
    }

    /** The recipe of the selected clip, when it was generated. */
    Optional<GenerationRecipe> selectedRecipe() {
        if (project == null) return Optional.empty();
        return timeline.selectedClip().flatMap(c -> project.mediaItem(c.mediaId())).flatMap(MediaItem::generation);
    }

    /** Selects a clip on the timeline (and shows the program there). */
    void selectClip(String clipId) {
        timeline.select(clipId);
        updateClipRecipe();
    }

    /** Puts the bin's selected item at the end of the timeline (a still lasts three seconds); undoable. */
    void addSelectedToTimeline() {
        BinItem item = mediaBin.selectedProperty().get();
        if (item == null || project == null || history == null) return;
        AddClipEdit[] made = new AddClipEdit[1];
        if (perform(() -> made[0] = AddClipEdit.append(project, item.id()))) {
            String clipId = made[0].clipId();
            showingProgram.set(true);
            if (mask.activeProperty().get()) mask.activeProperty().set(false);
            refreshTimeline();
            selectClip(clipId);
            project.timeline().clip(clipId).ifPresent(c ->
                    timeline.playheadSecondsProperty().set(c.start() / project.timeline().fps()));
        }
    }

    private boolean perform(Supplier<Edit> make) {
        try {
            Edit e = make.get();
            boolean done = history.perform(e);
            if (done) status.showMessage(e.name() + ".");
            return done;
        } catch (IllegalArgumentException | IllegalStateException e) {
            status.showMessage("Cannot do that: " + e.getMessage() + ".");
            return false;
        }
    }

    /** Transport keys on the timeline play the program in the viewer; the playhead follows it. */
    private final class Transport implements TimelineTransport {
        @Override public void togglePlay() { showProgramIfNeeded(); viewer.togglePlay(); }
        @Override public void playForward() { showProgramIfNeeded(); viewer.playForward(); }
        @Override public void playReverse() { showProgramIfNeeded(); viewer.playReverse(); }
        @Override public void stop() { viewer.stop(); }

        @Override
        public void step(int frames) {
            showProgramIfNeeded();
            if (frames > 0) viewer.stepForward();
            else viewer.stepBack();
        }

        @Override public void goToStart() { showProgramIfNeeded(); viewer.first(); }
        @Override public void goToEnd() { showProgramIfNeeded(); viewer.last(); }
    }

    /** Timeline edits, each one undoable step. */
    private final class Editor implements TimelineEditor {
        @Override public void move(String clipId, int newIndex) { perform(() -> MoveClipEdit.of(project, clipId, newIndex)); }
        @Override public void trim(String clipId, int in, int out) { perform(() -> TrimClipEdit.of(project, clipId, in, out, false)); }

        @Override
        public boolean splitAtPlayhead() {
            long frame = timelineFrame(timeline.playheadSeconds());
            Optional<Clip> under = project.timeline().clipAt(frame);
            if (under.isEmpty() || under.get().start() == frame) {
                status.showMessage("Put the playhead inside a clip to split it.");
                return false;
            }
            return perform(() -> SplitClipEdit.at(project, frame));
        }

        @Override public void duplicate(String clipId) { perform(() -> DuplicateClipEdit.of(project, clipId)); }
        @Override public void delete(String clipId) { perform(() -> RemoveClipEdit.of(project, clipId)); }
        @Override public void rippleDelete(String clipId) { perform(() -> RippleDeleteClipEdit.of(project, clipId)); }
    }
}
