package cinegen.ui.studio;

import cinegen.engine.testing.TinyPack;
import cinegen.frames.Mask;
import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;

import static cinegen.ui.UiActions.scrollIntoView;
import static cinegen.ui.UiAssertions.assertShown;
import static cinegen.ui.studio.StudioFixtures.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Import a still, paint the region that should move, undo and redo the stroke, and make a cinemagraph. */
@ExtendWith(ApplicationExtension.class)
class MaskAndCinemagraphTest {
    @TempDir static Path shared;
    @TempDir Path tmp;
    static Path pack;
    private StudioWindow window;

    @BeforeAll
    static void createPack() throws Exception {
        pack = TinyPack.create(shared.resolve("tiny-pack"), 6);
    }

    @AfterEach
    void closeWindows() throws Exception { FxToolkit.cleanupStages(); }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, tmp.resolve("settings"), StudioWindow.ModelChoice.in(pack));
    }

    /** Screen point at (fx, fy) of the frame shown, as fractions of its width and height. */
    private Point2D onFrame(FxRobot robot, int imageW, int imageH, double fx, double fy) {
        FrameSurface surface = robot.lookup("#frameSurface").queryAs(FrameSurface.class);
        Rectangle2D b = surface.boundsFor(imageW, imageH);
        return surface.localToScreen(b.getMinX() + fx * b.getWidth(), b.getMinY() + fy * b.getHeight());
    }

    private double coverage() {
        return window.viewModel().project().maskTracks().stream().findFirst().map(t -> t.mask(0).coverage()).orElse(0.0);
    }

    @Test
    void paintARegionOnAStillUndoRedoItAndMakeACinemagraph(FxRobot robot) throws Exception {
        var vm = window.viewModel();
        Path png = StudioFixtures.photo(tmp.resolve("outside"), "harbour.png", 64, 48);
        robot.interact(() -> vm.mediaBin().addFiles(List.of(png)));
        await(window, () -> vm.mediaBin().selectedProperty().get() != null, "the imported still, selected");
        MediaItem still = vm.project().media().get(0);
        assertTrue(robot.lookup("#mode-CINEMAGRAPH").query().isDisabled() == false, "a still allows cinemagraphs");

        robot.clickOn("#paintMaskButton");
        await(window, () -> vm.mask().media().isPresent(), "the painter");
        assertShown(robot.lookup("#maskToolbar").query(), 200, 20);
        robot.interact(() -> vm.mask().brushSizeProperty().set(12));
        robot.drag(onFrame(robot, 64, 48, 0.3, 0.5), MouseButton.PRIMARY)
                .moveTo(onFrame(robot, 64, 48, 0.5, 0.5))
                .moveTo(onFrame(robot, 64, 48, 0.7, 0.5)).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        MaskTrack track = vm.project().maskTracks().get(0);
        Mask painted = track.mask(0);
        assertEquals(64, painted.width(), "masks are painted at the image's full resolution");
        assertTrue(painted.get(32, 24) > 0.9f, "the stroke's middle is painted");
        assertEquals(0f, painted.get(2, 2), "far from the stroke nothing is painted");
        double strokeCoverage = coverage();
        assertTrue(strokeCoverage > 0.05 && strokeCoverage < 0.5, "coverage " + strokeCoverage);
        assertTrue(robot.lookup("#maskCoverage").queryAs(javafx.scene.control.Label.class).getText().startsWith("Painted: "));

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, coverage(), 1e-9, "Ctrl+Z takes the stroke back");
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(strokeCoverage, coverage(), 1e-9, "Ctrl+Shift+Z paints it again");

        // The other tools, each one undoable step.
        robot.clickOn("#maskInvert");
        assertEquals(1 - strokeCoverage, coverage(), 1e-6);
        robot.clickOn("#maskInvert");
        robot.clickOn("#maskFill");
        assertEquals(1, coverage(), 1e-9);
        robot.clickOn("#maskClear");
        assertEquals(0, coverage(), 1e-9);
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(strokeCoverage, coverage(), 1e-6, "back to the stroke");
        robot.clickOn("#maskEraser");
        robot.drag(onFrame(robot, 64, 48, 0.5, 0.5), MouseButton.PRIMARY).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(coverage() < strokeCoverage, "the eraser removed some paint");
        assertTrue(track.mask(0).get(32, 24) < 0.1f);
        robot.clickOn("#maskBrush");
        robot.drag(onFrame(robot, 64, 48, 0.5, 0.5), MouseButton.PRIMARY).release(MouseButton.PRIMARY);
        javafx.scene.control.CheckBox crop = robot.lookup("#maskCropToRegion").queryAs(javafx.scene.control.CheckBox.class);
        assertTrue(crop.isSelected(), "cinemagraphs crop to the painted region by default (decision 620)");
        robot.clickOn(crop);
        assertFalse(vm.mask().cropToRegionProperty().get(), "the checkbox turns it off");
        robot.clickOn("#maskDone");
        assertFalse(robot.lookup("#maskToolbar").query().isVisible());

        // The cinemagraph itself.
        robot.clickOn("#mode-CINEMAGRAPH");
        robot.interact(() -> {
            vm.inspector().promptProperty().set("water rippling in the harbour");
            vm.inspector().steps().text().set("3");
            vm.inspector().frames().text().set("4");
        });
        assertTrue(vm.inspector().canGenerateProperty().get(), String.valueOf(vm.inspector().generateBlockedReasonProperty().get()));
        scrollIntoView(robot, robot.lookup("#generateButton").query());
        robot.clickOn("#generateButton");
        await(window, () -> vm.project().timeline().clips().size() == 1, "the cinemagraph on the timeline");
        MediaItem made = vm.project().media().get(1);
        GenerationRecipe r = made.generation().orElseThrow();
        assertEquals(GenerationMode.CINEMAGRAPH, r.mode());
        assertEquals(still.id(), r.sourceMediaId());
        assertEquals(track.id(), r.maskTrackId());
        assertEquals(4, made.frameCount());
        assertEquals(64, made.width(), "delivered at the still's size, not the model's 32x32 (issue 31)");
        assertEquals(48, made.height());
        var job = window.context().generation().jobs().get(0);
        assertFalse(job.cropToRegion(), "the job was made with the checkbox as it was");
        assertArrayEquals(window.context().session().loadFrames(vm.project(), still, 1).frame(0),
                window.context().session().loadFrames(vm.project(), made, 1).frame(0), "frame 1 is the still itself");
        assertTrue(job.result().frames().isEmpty(), "the filed clip's frames are the project's, not kept twice");
        assertNull(job.request().image(), "nor is the still kept by the finished job");
        assertEquals(still.id(), vm.mediaBin().selectedProperty().get().id(), "the still stays selected");
        assertEquals(GenerationMode.CINEMAGRAPH, vm.inspector().modeProperty().get(),
                "ready for another take");
    }

    @Test
    void aStillWithNothingPaintedCannotBecomeACinemagraph(FxRobot robot) throws Exception {
        var vm = window.viewModel();
        Path png = StudioFixtures.photo(tmp.resolve("outside"), "field.png", 32, 32);
        robot.interact(() -> vm.mediaBin().addFiles(List.of(png)));
        await(window, () -> vm.mediaBin().selectedProperty().get() != null, "the imported still");
        await(window, () -> vm.inspector().engineAvailableProperty().get(), "the model");
        robot.clickOn("#mode-CINEMAGRAPH");
        robot.interact(() -> vm.inspector().promptProperty().set("grass waving"));
        assertFalse(vm.inspector().canGenerateProperty().get());
        assertEquals("Paint the region that should move first (Paint Mask in the viewer).",
                vm.inspector().generateBlockedReasonProperty().get());
        assertTrue(robot.lookup("#mode-INPAINT").query().isDisabled(), "inpainting needs a video");
    }

    @Test
    void perFrameMasksOnAVideoWithOnionSkinAndCopyForwardThenInpaint(FxRobot robot) throws Exception {
        var vm = window.viewModel();
        var s = window.context().session();
        GenerationRecipe recipe = GenerationRecipe.builder(cinegen.project.GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                .prompt("x").size(16, 16).frames(4).fps(8).build();
        MediaItem video = s.saveGenerated(TimelineEditingTest.clip(0xff808080, 4), recipe, "grey");
        robot.interact(() -> {
            s.addGenerated(video);
            vm.mediaBin().select(video.id());
        });
        await(window, () -> vm.inspector().sourceProperty().get() == cinegen.ui.inspector.InspectorViewModel.Source.VIDEO, "the video selected");
        assertFalse(robot.lookup("#mode-INPAINT").query().isDisabled(), "a video can be inpainted");
        assertTrue(robot.lookup("#mode-CINEMAGRAPH").query().isDisabled());
        robot.clickOn("#paintMaskButton");
        await(window, () -> vm.mask().media().isPresent(), "the painter");
        robot.interact(() -> vm.mask().brushSizeProperty().set(4));
        robot.drag(onFrame(robot, 16, 16, 0.25, 0.25), MouseButton.PRIMARY).release(MouseButton.PRIMARY);
        robot.clickOn("#maskPerFrame");
        MaskTrack track = vm.project().maskTracks().get(0);
        assertTrue(track.isPerFrame(), "Per frame switched the track to one mask per frame");
        robot.clickOn("#transportStepForward");
        assertEquals(1, vm.mask().frameProperty().get(), "the painter follows the viewer's frame");
        robot.clickOn("#maskClear");
        robot.drag(onFrame(robot, 16, 16, 0.75, 0.75), MouseButton.PRIMARY).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(track.mask(0).get(4, 4) > 0.5f && track.mask(0).get(12, 12) == 0f, "frame 1 keeps its own mask");
        assertTrue(track.mask(1).get(12, 12) > 0.5f && track.mask(1).get(4, 4) == 0f, "frame 2 has another");
        assertTrue(vm.mask().onionSkinProperty().get(), "the previous frame's mask shows as onion skin");
        assertEquals(track.mask(0), vm.mask().maskAt(0));
        robot.clickOn("#maskCopyForward");
        for (int f = 2; f < 4; f++) assertEquals(track.mask(1), track.mask(f), "frame " + f + " got the copy");
        assertTrue(track.mask(0).get(4, 4) > 0.5f, "earlier frames are untouched");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(0f, track.mask(3).get(12, 12), "copy undone");
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z);
        robot.clickOn("#maskDone");

        await(window, () -> vm.inspector().engineAvailableProperty().get(), "the model");
        robot.clickOn("#mode-INPAINT");
        robot.interact(() -> {
            vm.inspector().promptProperty().set("a red ball");
            vm.inspector().steps().text().set("2");
            vm.inspector().frames().text().set("4");
            vm.generate();
        });
        await(window, () -> vm.project().media().size() == 2, "the inpainted clip");
        GenerationRecipe r = vm.project().media().get(1).generation().orElseThrow();
        assertEquals(GenerationMode.INPAINT, r.mode());
        assertEquals(video.id(), r.sourceMediaId());
        MediaItem inpainted = vm.project().media().get(1);
        assertEquals(16, inpainted.width(), "the video's size (issue 31)");
        assertEquals(video.fps(), inpainted.fps(), 1e-9, "the video's frame rate");
        assertTrue(window.context().generation().jobs().get(0).cropToRegion(), "inpainting crops to the region by default");
        assertEquals(track.id(), r.maskTrackId());
    }
}
