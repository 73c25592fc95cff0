package cinegen.ui.common;

import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class FrameSurfaceTest {
    private FrameSurface surface;

    @Start
    void start(Stage stage) {
        surface = new FrameSurface();
        stage.setScene(new Scene(new StackPane(surface), 400, 300));
        stage.show();
    }

    private static int[] solid(int w, int h, int argb) {
        int[] p = new int[w * h];
        Arrays.fill(p, argb);
        return p;
    }

    @Test
    void showsTheFramesPixels() {
        int[] frame = {0xffff0000, 0xff00ff00, 0xff0000ff, 0xffffffff, 0xff000000, 0xff808080, 0x80ff0000, 0x00000000};
        surface.show(4, 2, frame);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(surface.showingFrameProperty().get());
        PixelReader r = surface.image().getPixelReader();
        for (int i = 0; i < 6; i++) assertEquals(frame[i], r.getArgb(i % 4, i / 4), "pixel " + i);
        int half = r.getArgb(2, 1); // half-transparent red survives premultiplication within rounding
        assertEquals(0x80, half >>> 24);
        assertTrue(Math.abs(((half >> 16) & 0xff) - 0xff) <= 2, Integer.toHexString(half));
        assertEquals(0, r.getArgb(3, 1) >>> 24);
    }

    @Test
    void keepsTheAspectRatioAndCentresTheFrame() {
        surface.show(160, 90, solid(160, 90, 0xff336699));
        WaitForAsyncUtils.waitForFxEvents();
        Rectangle2D b = surface.frameBounds();
        assertEquals(400, b.getWidth());
        assertEquals(225, b.getHeight());
        assertEquals(0, b.getMinX());
        assertEquals(37, b.getMinY());

        surface.show(90, 160, solid(90, 160, 0xff336699)); // portrait: letterboxed left and right
        WaitForAsyncUtils.waitForFxEvents();
        b = surface.frameBounds();
        assertEquals(300, b.getHeight());
        assertEquals(168, b.getWidth());
        assertEquals(116, b.getMinX());
    }

    @Test
    void framesPushedFasterThanTheScreenAreCoalescedToTheNewest(FxRobot robot) {
        long before = surface.shownCount();
        // A hundred frames while the JavaFX thread is busy: one update is queued, and it shows the last frame.
        robot.interact(() -> {
            for (int i = 0; i < 100; i++) surface.show(8, 8, solid(8, 8, 0xff000000 | i));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, surface.shownCount());
        assertEquals(0xff000000 | 99, surface.image().getPixelReader().getArgb(3, 3));
    }

    @Test
    void aWorkerThreadCanPushFramesAndTheLastOneWins() throws Exception {
        Thread worker = new Thread(() -> {
            int[] reused = new int[64 * 48];
            for (int i = 0; i < 300; i++) {
                Arrays.fill(reused, 0xff000000 | (i << 8));
                surface.show(64, 48, reused); // the surface copies; reusing the array is allowed
            }
        });
        worker.start();
        worker.join();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0xff000000 | (299 << 8), surface.image().getPixelReader().getArgb(10, 10));
        assertTrue(surface.shownCount() >= 1 && surface.shownCount() <= 300);
    }

    @Test
    void clearEmptiesTheSurface() {
        surface.show(2, 2, solid(2, 2, 0xffffffff));
        WaitForAsyncUtils.waitForFxEvents();
        surface.clear();
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(surface.showingFrameProperty().get());
        assertNull(surface.image());
        assertEquals(Rectangle2D.EMPTY, surface.frameBounds());
    }

    @Test
    void refusesAFrameWhosePixelCountDoesNotMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> surface.show(4, 4, new int[15]));
        assertEquals("frame of 4x4 needs 16 pixels, got 15", e.getMessage());
    }
}
