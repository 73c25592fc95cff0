package cinegen.ui.mask;

import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.project.Brush;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.ProjectChange;
import cinegen.project.StrokePoint;
import cinegen.project.edit.AddMaskTrackEdit;
import cinegen.project.edit.CopyMaskToFollowingEdit;
import cinegen.project.edit.Edit;
import cinegen.project.edit.FillMaskEdit;
import cinegen.project.edit.InvertMaskEdit;
import cinegen.project.edit.MaskModeEdit;
import cinegen.project.edit.MaskStrokeEdit;
import cinegen.project.edit.UndoHistory;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Painting a mask over a bin item: white (1) marks the region to regenerate (inpaint) or animate (cinemagraph).
 * The mask is a project {@link MaskTrack} at the media's full resolution, one mask for all frames or one per frame;
 * every stroke, fill, clear, invert, mode switch and copy goes through the project's undo history. Brush size is in
 * mask pixels.
 */
public final class MaskEditorViewModel {
    public static final double MIN_SIZE = 1, MAX_SIZE = 512;

    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", false);
    private final DoubleProperty brushSize = new SimpleDoubleProperty(this, "brushSize", 24);
    private final DoubleProperty hardness = new SimpleDoubleProperty(this, "hardness", 0.6);
    private final DoubleProperty overlayOpacity = new SimpleDoubleProperty(this, "overlayOpacity", 0.55);
    private final BooleanProperty eraser = new SimpleBooleanProperty(this, "eraser", false);
    private final BooleanProperty onionSkin = new SimpleBooleanProperty(this, "onionSkin", true);
    private final BooleanProperty cropToRegion = new SimpleBooleanProperty(this, "cropToRegion", true);
    private final ReadOnlyBooleanWrapper perFrame = new ReadOnlyBooleanWrapper(this, "perFrame", false);
    private final ReadOnlyBooleanWrapper video = new ReadOnlyBooleanWrapper(this, "video", false);
    private final ReadOnlyIntegerWrapper frame = new ReadOnlyIntegerWrapper(this, "frame", 0);
    /** Bumped whenever what the overlay shows changes. */
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision", 0);
    private final ReadOnlyStringWrapper coverageText = new ReadOnlyStringWrapper(this, "coverageText", "");
    private final ObjectProperty<FrameSequence> frames = new SimpleObjectProperty<>(this, "frames");
    private final IntegerProperty width = new SimpleIntegerProperty(this, "width", 0);
    private final IntegerProperty height = new SimpleIntegerProperty(this, "height", 0);
    private Project project;
    private UndoHistory history;
    private MediaItem media;
    private Runnable onChange = () -> { };

    public MaskEditorViewModel() {
        brushSize.addListener((o, a, b) -> clamp(brushSize, MIN_SIZE, MAX_SIZE));
        hardness.addListener((o, a, b) -> clamp(hardness, 0, 1));
        overlayOpacity.addListener((o, a, b) -> clamp(overlayOpacity, 0, 1));
        overlayOpacity.addListener((o, a, b) -> bump());
        onionSkin.addListener((o, a, b) -> bump());
        active.addListener((o, a, on) -> bump());
    }

    private static void clamp(DoubleProperty p, double min, double max) {
        double v = p.get();
        double c = Double.isNaN(v) ? min : Math.max(min, Math.min(max, v));
        if (c != v) p.set(c);
    }

    /** Painting mode on or off (the viewer shows the bin item and the overlay while on). */
    public BooleanProperty activeProperty() { return active; }
    /** Brush diameter in mask pixels. */
    public DoubleProperty brushSizeProperty() { return brushSize; }
    /** 1 = hard edge; 0 = soft all the way from the centre (feather). */
    public DoubleProperty hardnessProperty() { return hardness; }
    public DoubleProperty overlayOpacityProperty() { return overlayOpacity; }
    public BooleanProperty eraserProperty() { return eraser; }
    /** Shows the neighbouring frames' masks faintly (per-frame masks of videos). */
    public BooleanProperty onionSkinProperty() { return onionSkin; }
    /**
     * Inpainting and cinemagraphs generate only the painted region and a margin around it, at all of the model's
     * pixels (on), or the whole frame (off); either way the result has the source's full size (decision 620).
     */
    public BooleanProperty cropToRegionProperty() { return cropToRegion; }
    public ReadOnlyBooleanProperty perFrameProperty() { return perFrame.getReadOnlyProperty(); }
    /** True when the item has more than one frame (per-frame masks and copying make sense). */
    public ReadOnlyBooleanProperty videoProperty() { return video.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty frameProperty() { return frame.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty revisionProperty() { return revision.getReadOnlyProperty(); }
    /** "Painted: 23% of the frame". */
    public ReadOnlyStringProperty coverageTextProperty() { return coverageText.getReadOnlyProperty(); }
    public ObjectProperty<FrameSequence> framesProperty() { return frames; }
    public Optional<MediaItem> media() { return Optional.ofNullable(media); }
    public int width() { return width.get(); }
    public int height() { return height.get(); }

    /** Called after every change of the painted masks (to update what Generate allows). */
    public void setOnChange(Runnable r) { onChange = r == null ? () -> { } : r; }

    /** The project whose masks are painted; forgets the current item. */
    public void attach(Project p, UndoHistory h) {
        project = p;
        history = h;
        media = null;
        frames.set(null);
        active.set(false);
        bump();
    }

    /** Paints on {@code item}, whose frames (at its full size) are {@code seq}. */
    public void edit(MediaItem item, FrameSequence seq) {
        media = item;
        frames.set(seq);
        width.set(item.width());
        height.set(item.height());
        video.set(item.frameCount() > 1);
        frame.set(0);
        bump();
    }

    public void showFrame(int f) {
        frame.set(Math.max(0, f));
        bump();
    }

    /** The track painted for the current item, if one exists yet. */
    public Optional<MaskTrack> track() {
        if (project == null || media == null) return Optional.empty();
        return project.maskTracks().stream().filter(t -> t.mediaId().map(media.id()::equals).orElse(false)).findFirst();
    }

    /** The mask shown on {@code f} (clamped to the track), or null when nothing was painted yet. */
    public Mask maskAt(int f) {
        return track().map(t -> t.mask(Math.max(0, Math.min(t.frameCount() - 1, f)))).orElse(null);
    }

    /** Whether any frame of the track has paint. */
    public static boolean isPainted(MaskTrack t) {
        for (Mask m : t.masks()) if (m.coverage() > 0) return true;
        return false;
    }

    public boolean isPainted() { return track().map(MaskEditorViewModel::isPainted).orElse(false); }

    /** One stroke through {@code points} (mask pixel coordinates) with the current brush: one undo step. */
    public void stroke(List<StrokePoint> points) {
        if (media == null || points.isEmpty()) return;
        MaskTrack t = ensureTrack();
        Brush brush = new Brush(brushSize.get(), hardness.get(), 1, eraser.get());
        perform(MaskStrokeEdit.of(t, currentFrame(t), points, brush));
    }

    public void fill() { if (media != null) { MaskTrack t = ensureTrack(); perform(FillMaskEdit.fill(t, currentFrame(t))); } }
    public void clear() { track().ifPresent(t -> perform(FillMaskEdit.clear(t, currentFrame(t)))); }
    public void invert() { if (media != null) { MaskTrack t = ensureTrack(); perform(InvertMaskEdit.of(t, currentFrame(t))); } }

    /** Copies the current frame's mask to every later frame (switches to per-frame masks first if needed). */
    public void copyToFollowing() {
        if (media == null || !video.get()) return;
        MaskTrack t = ensureTrack();
        if (!t.isPerFrame()) perform(MaskModeEdit.perFrame(t));
        perform(CopyMaskToFollowingEdit.of(t, currentFrame(t)));
    }

    /** One mask per frame, or one for all frames (keeping the current frame's). */
    public void setPerFrame(boolean on) {
        if (media == null) return;
        MaskTrack t = ensureTrack();
        if (t.isPerFrame() == on) return;
        perform(on ? MaskModeEdit.perFrame(t) : MaskModeEdit.shared(t, currentFrame(t)));
    }

    /** The project told us masks changed (an edit, or its undo). */
    public void projectMasksChanged(ProjectChange c) { bump(); }

    private int currentFrame(MaskTrack t) { return Math.max(0, Math.min(t.frameCount() - 1, frame.get())); }

    private MaskTrack ensureTrack() {
        Optional<MaskTrack> t = track();
        if (t.isPresent()) return t.get();
        AddMaskTrackEdit add = AddMaskTrackEdit.of(project, MaskTrack.over(media));
        history.perform(add);
        return add.track();
    }

    private void perform(Edit e) {
        history.perform(e);
        bump();
    }

    private void bump() {
        Optional<MaskTrack> t = track();
        perFrame.set(t.map(MaskTrack::isPerFrame).orElse(false));
        Mask m = maskAt(frame.get());
        coverageText.set(m == null ? "Nothing painted yet" : String.format(Locale.ROOT, "Painted: %.0f%% of the frame", m.coverage() * 100));
        revision.set(revision.get() + 1);
        onChange.run();
    }
}
