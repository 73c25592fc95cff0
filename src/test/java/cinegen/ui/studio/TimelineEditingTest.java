package cinegen.ui.studio;

import cinegen.app.studio.StudioSession;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.FrameSequence;
import cinegen.project.Clip;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.MediaItem;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static cinegen.ui.studio.StudioFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Editing the timeline with mouse and keyboard, every edit undone and redone. */
@ExtendWith(ApplicationExtension.class)
class TimelineEditingTest {
    static final int RED = 0xffd02020, BLUE = 0xff2040e0;
    @TempDir Path settings;
    private StudioWindow window;
    private String red, blue;

    @AfterEach
    void closeWindows() throws Exception { FxToolkit.cleanupStages(); }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settings, StudioWindow.ModelChoice.in(settings.resolve("no-pack")));
    }

    static GeneratedVideo clip(int argb, int frames) {
        List<int[]> list = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            int[] px = new int[16 * 16];
            Arrays.fill(px, argb);
            list.add(px);
        }
        return new GeneratedVideo(new FrameSequence(16, 16, 8, list),
                GenerationRequest.builder().prompt("x").frames(frames).build(), "tiny", "sha256:0", "cpu", 1);
    }

    /** Two generated clips of 4 frames, red then blue, filed as the studio files finished jobs. */
    private void twoClips(FxRobot robot) throws Exception {
        StudioSession s = window.context().session();
        GenerationRecipe recipe = GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                .prompt("x").size(16, 16).frames(4).fps(8).build();
        MediaItem a = s.saveGenerated(clip(RED, 4), recipe, "red");
        MediaItem b = s.saveGenerated(clip(BLUE, 4), recipe, "blue");
        robot.interact(() -> {
            red = s.addGenerated(a);
            blue = s.addGenerated(b);
            window.viewModel().timeline().zoomIn();
            window.viewModel().timeline().zoomIn();
            window.viewModel().timeline().zoomIn();
        });
        await(window, () -> window.viewModel().timeline().clips().size() == 2
                && window.viewModel().viewer().sequenceProperty().get() != null
                && window.viewModel().viewer().sequenceProperty().get().frameCount() == 8, "the program");
    }

    private List<String> order() {
        return window.viewModel().project().timeline().clips().stream().map(Clip::id).toList();
    }

    private Node clipNode(FxRobot robot, String id) { return robot.lookup("#clip-" + id).query(); }

    private int programPixel(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        FrameSurface surface = robot.lookup("#frameSurface").queryAs(FrameSurface.class);
        return surface.image().getPixelReader().getArgb(8, 8);
    }

    @Test
    void dragAClipBeforeAnotherThenUndoAndRedoTheMove(FxRobot robot) throws Exception {
        twoClips(robot);
        assertEquals(List.of(red, blue), order());
        Bounds a = clipNode(robot, red).localToScreen(clipNode(robot, red).getBoundsInLocal());
        Bounds b = clipNode(robot, blue).localToScreen(clipNode(robot, blue).getBoundsInLocal());
        robot.drag(new Point2D(b.getCenterX(), b.getCenterY()), MouseButton.PRIMARY)
                .moveTo(new Point2D(b.getCenterX() - 20, b.getCenterY()))
                .moveTo(new Point2D(a.getMinX() + 4, a.getCenterY())).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(blue, red), order(), "dropped in front");
        assertEquals(BLUE, programPixel(robot), "the viewer plays the new order at the playhead");

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(red, blue), order(), "Ctrl+Z undoes the move");
        assertEquals(RED, programPixel(robot));
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(blue, red), order(), "Ctrl+Shift+Z redoes it");
        assertEquals("Undo Move Clip", window.viewModel().undoTextProperty().get());
    }

    @Test
    void trimSplitDuplicateDeleteAndRippleDelete(FxRobot robot) throws Exception {
        twoClips(robot);
        var timeline = window.viewModel().project().timeline();
        // Trim: drag the red clip's right edge one frame to the left.
        Node out = robot.lookup("#trimOut-" + red).query();
        Bounds ob = out.localToScreen(out.getBoundsInLocal());
        double perFrame = window.viewModel().timeline().pixelsPerSecondProperty().get() / 8;
        robot.drag(new Point2D(ob.getCenterX(), ob.getCenterY()), MouseButton.PRIMARY)
                .moveTo(new Point2D(ob.getCenterX() - perFrame / 2, ob.getCenterY()))
                .moveTo(new Point2D(ob.getCenterX() - perFrame, ob.getCenterY())).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, timeline.clip(red).orElseThrow().outPoint(), "trimmed by one frame");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(4, timeline.clip(red).orElseThrow().outPoint());

        // Split at the playhead, 2 frames into the red clip.
        robot.interact(() -> window.viewModel().timeline().playheadSecondsProperty().set(2 / 8.0));
        robot.push(KeyCode.CONTROL, KeyCode.K);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, timeline.clips().size());
        assertEquals(2, timeline.clips().get(0).length());
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(2, timeline.clips().size());

        // Duplicate the selected clip, delete it again, then ripple-delete the red clip.
        robot.clickOn(clipNode(robot, blue));
        robot.push(KeyCode.CONTROL, KeyCode.D);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, timeline.clips().size());
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        robot.clickOn(clipNode(robot, red));
        robot.push(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(blue), order());
        assertEquals(4, timeline.clips().get(0).start(), "plain delete leaves a gap");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        robot.clickOn(clipNode(robot, red));
        robot.push(KeyCode.SHIFT, KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(blue), order());
        assertEquals(0, timeline.clips().get(0).start(), "ripple delete closes the gap");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(List.of(red, blue), order());
        assertTrue(window.viewModel().canRedoProperty().get());
    }

    /** Each clip node starts where its clip starts and is exactly as wide as its duration at the current zoom. */
    private void assertClipsPlaced(FxRobot robot, String when) {
        WaitForAsyncUtils.waitForFxEvents();
        var tl = window.viewModel().timeline();
        double pps = tl.pixelsPerSecondProperty().get();
        double previousEnd = Double.NEGATIVE_INFINITY;
        for (var span : tl.clips()) {
            Bounds b = clipNode(robot, span.id()).getBoundsInParent();
            assertEquals(tl.xOf(span.startSeconds()), b.getMinX(), 1.0, when + ": left edge of " + span.name());
            assertEquals(span.durationSeconds() * pps, b.getWidth(), 1.0, when + ": width of " + span.name() + " at " + pps + " px/s");
            assertTrue(b.getMinX() >= previousEnd - 0.5, when + ": " + span.name() + " overlaps the clip before it");
            previousEnd = b.getMaxX();
        }
    }

    @Test
    void clipsAreAsWideAsTheirDurationAfterTrimSplitAndZoom(FxRobot robot) throws Exception {
        twoClips(robot);
        var tl = window.viewModel().timeline();
        assertClipsPlaced(robot, "two clips");
        robot.interact(() -> tl.pixelsPerSecondProperty().set(cinegen.ui.timeline.TimelineViewModel.MIN_ZOOM));
        assertClipsPlaced(robot, "zoomed all the way out");
        assertTrue(clipNode(robot, red).getBoundsInParent().getWidth() <= 5, "half a second at 8 px/s is 4 px");
        robot.interact(() -> tl.pixelsPerSecondProperty().set(200));
        assertClipsPlaced(robot, "at 200 px/s");

        // Trim the red clip's right edge by two frames: it is 50 px narrower, the blue clip stays where it was.
        Node out = robot.lookup("#trimOut-" + red).query();
        Bounds ob = out.localToScreen(out.getBoundsInLocal());
        double perFrame = 200 / 8.0;
        robot.drag(new Point2D(ob.getCenterX(), ob.getCenterY()), MouseButton.PRIMARY)
                .moveTo(new Point2D(ob.getCenterX() - perFrame, ob.getCenterY()))
                .moveTo(new Point2D(ob.getCenterX() - 2 * perFrame, ob.getCenterY())).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, window.viewModel().project().timeline().clip(red).orElseThrow().length());
        assertClipsPlaced(robot, "after the trim");
        assertEquals(50, clipNode(robot, red).getBoundsInParent().getWidth(), 1.0);
        assertEquals(100, clipNode(robot, blue).getBoundsInParent().getMinX(), 1.0, "a trim does not ripple");

        // Split the blue clip one frame in: a 25 px clip and a 75 px one, side by side.
        robot.interact(() -> tl.playheadSecondsProperty().set(5 / 8.0));
        robot.push(KeyCode.CONTROL, KeyCode.K);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, tl.clips().size());
        assertClipsPlaced(robot, "after the split");
        assertEquals(25, clipNode(robot, tl.clips().get(1).id()).getBoundsInParent().getWidth(), 1.0);
        assertEquals(75, clipNode(robot, tl.clips().get(2).id()).getBoundsInParent().getWidth(), 1.0);

        robot.clickOn("#timelineZoomIn");
        assertClipsPlaced(robot, "after Zoom In");
        assertEquals(75 * 1.5, clipNode(robot, tl.clips().get(2).id()).getBoundsInParent().getWidth(), 1.0);
        robot.clickOn("#timelineZoomOut");
        robot.clickOn("#timelineZoomOut");
        assertClipsPlaced(robot, "after Zoom Out twice");
    }

    @Test
    void transportKeysAndExportMarksWorkWithTheTimelineFocused(FxRobot robot) throws Exception {
        twoClips(robot);
        var vm = window.viewModel();
        robot.clickOn(clipNode(robot, blue));
        assertTrue(robot.lookup("#trackArea").query().isFocused(), "clicking a clip focuses the timeline");

        robot.push(KeyCode.HOME);
        assertEquals(0, vm.viewer().currentFrame());
        robot.push(KeyCode.RIGHT);
        robot.push(KeyCode.RIGHT);
        robot.push(KeyCode.RIGHT);
        assertEquals(3, vm.viewer().currentFrame(), "Right steps one frame");
        assertEquals(3 / 8.0, vm.timeline().playheadSeconds(), 1e-9, "the playhead follows");
        robot.push(KeyCode.LEFT);
        assertEquals(2, vm.viewer().currentFrame(), "Left steps back");
        robot.push(KeyCode.END);
        assertEquals(7, vm.viewer().currentFrame(), "End: the last frame");
        assertEquals(BLUE, programPixel(robot));

        robot.push(KeyCode.SPACE);
        assertTrue(vm.viewer().isPlaying(), "Space plays");
        robot.push(KeyCode.SPACE);
        assertTrue(!vm.viewer().isPlaying(), "Space pauses");
        robot.push(KeyCode.L);
        robot.push(KeyCode.L);
        assertTrue(vm.viewer().isPlaying());
        assertEquals(2, vm.viewer().rateProperty().get(), "L twice: forward at twice the speed");
        robot.push(KeyCode.K);
        assertTrue(!vm.viewer().isPlaying(), "K stops");
        robot.interact(() -> vm.viewer().loopProperty().set(false));
        robot.push(KeyCode.END);
        robot.push(KeyCode.J);
        assertEquals(-1, vm.viewer().rateProperty().get(), "J plays backward");
        await(window, () -> !vm.viewer().isPlaying(), "playing back to the first frame");
        assertEquals(0, vm.viewer().currentFrame());
        assertTrue(robot.lookup("#trackArea").query().isFocused(), "the keys kept the focus on the timeline");

        // I and O mark frames 1 to 5; File > Export writes just those, the cut between the clips kept.
        robot.push(KeyCode.RIGHT);
        robot.push(KeyCode.I);
        for (int i = 0; i < 4; i++) robot.push(KeyCode.RIGHT);
        robot.push(KeyCode.O);
        assertEquals(1, vm.timeline().markInProperty().get());
        assertEquals(6, vm.timeline().markOutProperty().get());
        assertTrue(vm.status().message().startsWith("Export range: In 0.13 s · Out 0.75 s"), vm.status().message());
        assertTrue(robot.lookup("#markRange").query().isVisible(), "the range is shown on the timeline");
        Path out = settings.resolve("range");
        robot.interact(() -> vm.exportTimeline(out, cinegen.media.ExportOptions.defaults(), null));
        await(window, () -> vm.status().message().startsWith("Exported") || vm.status().message().startsWith("Export failed"), "the export");
        assertTrue(vm.status().message().startsWith("Exported 5 frames"), vm.status().message());
        List<int[]> frames = cinegen.app.TimelineExportTest.readPngs(out);
        assertEquals(List.of(RED, RED, RED, BLUE, BLUE), frames.stream().map(f -> f[8 * 16 + 8]).toList(), "frames 1 to 5");

        robot.press(KeyCode.ALT).press(KeyCode.X).release(KeyCode.X).release(KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(-1, vm.timeline().markInProperty().get(), "Alt+X clears the marks");
        assertEquals(-1, vm.timeline().markOutProperty().get());
        assertTrue(!robot.lookup("#markRange").query().isVisible());
        assertEquals(8, vm.exportSource().frameCount(), "the whole timeline again");
    }

    @Test
    void theViewerFollowsThePlayheadAcrossClipsPlaysAndZooms(FxRobot robot) throws Exception {
        twoClips(robot);
        robot.interact(() -> window.viewModel().timeline().playheadSecondsProperty().set(5 / 8.0));
        assertEquals(5, window.viewModel().viewer().currentFrame());
        assertEquals(BLUE, programPixel(robot), "frame 5 is in the blue clip");
        robot.clickOn("#transportStepBack");
        robot.clickOn("#transportStepBack");
        assertEquals(3, window.viewModel().viewer().currentFrame());
        assertEquals(RED, programPixel(robot));
        assertEquals(3 / 8.0, window.viewModel().timeline().playheadSeconds(), 1e-9, "the playhead follows the viewer");
        robot.clickOn("#viewerZoomIn");
        assertEquals(1.5, robot.lookup("#frameSurface").queryAs(FrameSurface.class).zoomProperty().get(), 1e-9);
        robot.clickOn("#viewerFit");
        assertEquals(1, robot.lookup("#frameSurface").queryAs(FrameSurface.class).zoomProperty().get(), 1e-9);
        robot.clickOn("#transportPlay");
        await(window, () -> window.viewModel().viewer().currentFrame() != 3, "playback");
        robot.clickOn("#transportPlay");
        assertTrue(!window.viewModel().viewer().isPlaying());
    }

    @Test
    void exportTheTimelineToAnMp4(FxRobot robot) throws Exception {
        twoClips(robot);
        Path out = settings.resolve("exports").resolve("two clips.mp4");
        java.nio.file.Files.createDirectories(out.getParent());
        window.view().setExportPicker(() -> out);
        cinegen.ui.UiActions.chooseMenu(robot, "File", "Export Timeline…");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("128 × 128 px · 8 fps · 1.0 s", robot.lookup("#exportSummary").queryAs(javafx.scene.control.Label.class).getText(),
                "the dialog proposes 16 px frames scaled up (at most 8 times)");
        robot.clickOn("#exportConfirm");
        await(window, () -> window.viewModel().status().message().startsWith("Exported")
                || window.viewModel().status().message().startsWith("Export failed"), "the export");
        assertTrue(window.viewModel().status().message().startsWith("Exported 8 frames at 128×128"), window.viewModel().status().message());
        var info = cinegen.media.MediaImporter.probe(out);
        assertEquals(128, info.width(), "16 px frames are scaled up for export (at most 8 times)");
        assertEquals(8, info.frameCount());
        var frames = cinegen.media.MediaImporter.importFile(out, cinegen.media.ImportOptions.original()).frames();
        int first = frames.frame(0)[64 * 128 + 64], last = frames.frame(7)[64 * 128 + 64];
        assertTrue(((first >> 16) & 0xff) > 150 && (first & 0xff) < 100, "starts red: " + Integer.toHexString(first));
        assertTrue((last & 0xff) > 150 && ((last >> 16) & 0xff) < 100, "ends blue: " + Integer.toHexString(last));
    }

    @Test
    void exportAGifWithTheChosenSizeInBetweenFramesAndLooping(FxRobot robot) throws Exception {
        twoClips(robot);
        Path out = settings.resolve("exports").resolve("two clips.gif");
        java.nio.file.Files.createDirectories(out.getParent());
        window.view().setExportPicker(() -> out);
        cinegen.ui.UiActions.chooseMenu(robot, "File", "Export Timeline…");
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            robot.lookup("#exportScale").queryAs(javafx.scene.control.ChoiceBox.class).setValue(2);
            robot.lookup("#exportInterpolation").queryAs(javafx.scene.control.ChoiceBox.class).setValue(2);
        });
        robot.clickOn("#exportGifLoop");
        assertEquals("32 × 32 px · 16 fps · 1.0 s", robot.lookup("#exportSummary").queryAs(javafx.scene.control.Label.class).getText());
        robot.clickOn("#exportConfirm");
        await(window, () -> window.viewModel().status().message().startsWith("Exported")
                || window.viewModel().status().message().startsWith("Export failed"), "the export");
        assertTrue(window.viewModel().status().message().startsWith("Exported 14 frames at 32×32"), window.viewModel().status().message());
        var gif = cinegen.media.MediaImporter.importFile(out, cinegen.media.ImportOptions.original()).frames();
        assertEquals(32, gif.width());
        assertEquals(14, gif.frameCount(), "3 flow in-between frames in each clip, none across the cut");
        for (int i = 0; i < gif.frameCount(); i++) {
            int[] f = gif.frame(i);
            boolean red = java.util.Arrays.stream(f).allMatch(p -> ((p >> 16) & 0xff) > 150 && (p & 0xff) < 100);
            boolean blue = java.util.Arrays.stream(f).allMatch(p -> (p & 0xff) > 150 && ((p >> 16) & 0xff) < 100);
            assertTrue(i < 7 ? red : blue, "frame " + i + " is all " + (i < 7 ? "red" : "blue") + ": no warped frame at the cut");
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(out);
        assertTrue(!new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("NETSCAPE2.0"), "plays once: no loop block");

        // The next export proposes what was used last; cancelling writes nothing.
        Path second = settings.resolve("exports").resolve("again.gif");
        window.view().setExportPicker(() -> second);
        cinegen.ui.UiActions.chooseMenu(robot, "File", "Export Timeline…");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, robot.lookup("#exportScale").queryAs(javafx.scene.control.ChoiceBox.class).getValue());
        assertTrue(!robot.lookup("#exportGifLoop").queryAs(javafx.scene.control.CheckBox.class).isSelected());
        robot.clickOn("#exportCancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#exportDialog").tryQuery().isEmpty(), "the dialog is closed");
        assertTrue(!java.nio.file.Files.exists(second), "cancelled: no file");
        assertTrue(window.viewModel().canExportProperty().get(), "nothing started");
    }

    @Test
    void anImportedStillGoesOnTheTimelineByDoubleClickAndPlaysThere(FxRobot robot) throws Exception {
        twoClips(robot);
        Path png = StudioFixtures.photo(settings.resolve("outside"), "still.png", 32, 32);
        robot.interact(() -> window.viewModel().mediaBin().addFiles(List.of(png)));
        await(window, () -> window.viewModel().mediaBin().items().size() == 3, "the import");
        javafx.scene.Node row = robot.lookup("#mediaList .list-cell .label")
                .match((javafx.scene.control.Label l) -> "still.png".equals(l.getText())).query();
        robot.doubleClickOn(row);
        await(window, () -> window.viewModel().project().timeline().clips().size() == 3
                && window.viewModel().viewer().sequenceProperty().get().frameCount() == 8 + 24, "the still on the timeline");
        Clip still = window.viewModel().project().timeline().clips().get(2);
        assertEquals(8, still.start());
        assertEquals(24, still.length(), "a still lasts three seconds");
        robot.interact(() -> window.viewModel().timeline().playheadSecondsProperty().set(20 / 8.0));
        WaitForAsyncUtils.waitForFxEvents();
        var reader = robot.lookup("#frameSurface").queryAs(FrameSurface.class).image().getPixelReader();
        assertEquals(0xffd03020, reader.getArgb(3, 8), "the still's left half, fitted to the program's 16 px");
        assertEquals(0xff2040e0, reader.getArgb(12, 8), "and its right half");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(2, window.viewModel().project().timeline().clips().size());
    }
}
