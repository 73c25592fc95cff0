package cinegen.app.settings;

import cinegen.app.settings.WindowState.Area;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowStateTest {
    private static final Area LEFT = new Area(0, 0, 1920, 1080);
    private static final Area RIGHT = new Area(1920, 0, 1280, 1024);

    @Test
    void boundsOnAScreenAreKeptAsTheyAre() {
        WindowState s = new WindowState(100, 80, 1200, 800, true);
        assertEquals(s, s.placedOn(List.of(LEFT)).orElseThrow());
        WindowState onSecond = new WindowState(2000, 50, 1000, 700, false);
        assertEquals(onSecond, onSecond.placedOn(List.of(LEFT, RIGHT)).orElseThrow());
    }

    @Test
    void boundsOnAMonitorThatIsGoneAreNotRestored() {
        WindowState onSecond = new WindowState(2000, 50, 1000, 700, false);
        assertTrue(onSecond.placedOn(List.of(LEFT)).isEmpty());
        assertTrue(new WindowState(-5000, -5000, 800, 600, false).placedOn(List.of(LEFT)).isEmpty());
    }

    @Test
    void aTitleStripAboveTheScreenIsNotReachable() {
        assertTrue(new WindowState(100, -300, 800, 600, false).placedOn(List.of(LEFT)).isEmpty());
    }

    @Test
    void aWindowHangingOffTheEdgeIsMovedInsideAndShrunkToFit() {
        WindowState hanging = new WindowState(1800, 500, 1000, 900, false);
        WindowState placed = hanging.placedOn(List.of(LEFT)).orElseThrow();
        assertEquals(new WindowState(920, 180, 1000, 900, false), placed);
        WindowState huge = new WindowState(10, 10, 4000, 3000, false);
        assertEquals(new WindowState(0, 0, 1920, 1080, false), huge.placedOn(List.of(LEFT)).orElseThrow());
    }

    @Test
    void refusesSizesTooSmallToUse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowState(0, 0, 10, 600, false));
        assertTrue(e.getMessage().contains("at least 320x240"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WindowState(Double.NaN, 0, 800, 600, false));
    }
}
