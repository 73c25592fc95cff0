package cinegen.ui.main;

import cinegen.frames.FrameSequence;
import cinegen.ui.bin.MediaBinViewModel;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.status.StatusViewModel;
import cinegen.ui.timeline.TimelineViewModel;
import cinegen.ui.viewer.ViewerViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.random.RandomGenerator;

/**
 * The studio window's state: one view-model per panel, which panels are shown, and the links between panels
 * (the timeline's playhead follows the viewer and seeks it).
 */
public final class MainViewModel {
    private final StatusViewModel status;
    private final MediaBinViewModel mediaBin;
    private final PresetShelfViewModel presets = new PresetShelfViewModel();
    private final ViewerViewModel viewer = new ViewerViewModel();
    private final InspectorViewModel inspector;
    private final TimelineViewModel timeline = new TimelineViewModel();
    private final BooleanProperty sidebarShown = new SimpleBooleanProperty(this, "sidebarShown", true);
    private final BooleanProperty inspectorShown = new SimpleBooleanProperty(this, "inspectorShown", true);
    private final BooleanProperty timelineShown = new SimpleBooleanProperty(this, "timelineShown", true);
    private boolean syncingPlayhead;

    public MainViewModel(RandomGenerator random, String deviceInfo) {
        status = new StatusViewModel(deviceInfo);
        mediaBin = new MediaBinViewModel(status::showMessage);
        inspector = new InspectorViewModel(random);
        viewer.currentFrameProperty().addListener((o, a, b) -> playheadFollowsViewer());
        viewer.sequenceProperty().addListener((o, a, b) -> playheadFollowsViewer());
        timeline.playheadSecondsProperty().addListener((o, a, b) -> {
            if (!syncingPlayhead) viewer.seekSeconds(b.doubleValue());
        });
    }

    /** "CPU · 8 cores · no model pack loaded": the device line until the engine service reports its own. */
    public static String defaultDeviceInfo() {
        int cores = Runtime.getRuntime().availableProcessors();
        return "CPU · " + cores + (cores == 1 ? " core" : " cores") + " · no model pack loaded";
    }

    public StatusViewModel status() { return status; }
    public MediaBinViewModel mediaBin() { return mediaBin; }
    public PresetShelfViewModel presets() { return presets; }
    public ViewerViewModel viewer() { return viewer; }
    public InspectorViewModel inspector() { return inspector; }
    public TimelineViewModel timeline() { return timeline; }
    public BooleanProperty sidebarShownProperty() { return sidebarShown; }
    public BooleanProperty inspectorShownProperty() { return inspectorShown; }
    public BooleanProperty timelineShownProperty() { return timelineShown; }

    /** Shows every panel again (the view also puts the dividers back). */
    public void resetLayout() {
        sidebarShown.set(true);
        inspectorShown.set(true);
        timelineShown.set(true);
    }

    private void playheadFollowsViewer() {
        FrameSequence s = viewer.sequenceProperty().get();
        syncingPlayhead = true;
        try {
            timeline.playheadSecondsProperty().set(s == null ? 0 : viewer.currentFrame() / s.fps());
        } finally {
            syncingPlayhead = false;
        }
    }
}
