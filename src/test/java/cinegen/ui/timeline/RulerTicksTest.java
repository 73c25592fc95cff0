package cinegen.ui.timeline;

import cinegen.ui.timeline.RulerTicks.Tick;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RulerTicksTest {
    @Test
    void majorTicksAreRoundIntervalsAtLeast64PixelsApart() {
        assertEquals(2, RulerTicks.majorInterval(60));   // 1 s = 60 px is too tight
        assertEquals(1, RulerTicks.majorInterval(64));
        assertEquals(0.1, RulerTicks.majorInterval(800));
        assertEquals(30, RulerTicks.majorInterval(3));
        for (double pps : new double[] {8, 13, 60, 99, 400, 800}) {
            assertTrue(RulerTicks.majorInterval(pps) * pps >= 64, "zoom " + pps);
        }
    }

    @Test
    void ticksCoverTheRangeWithLabelsOnMajorTicksOnly() {
        List<Tick> ticks = RulerTicks.between(0, 10, 60);
        List<String> labels = ticks.stream().filter(Tick::major).map(Tick::label).toList();
        assertEquals(List.of("0:00", "0:02", "0:04", "0:06", "0:08", "0:10"), labels);
        assertTrue(ticks.stream().filter(t -> !t.major()).allMatch(t -> t.label().isEmpty()));
        assertEquals(0.5, ticks.get(1).seconds(), 1e-9); // 2 s split in four
    }

    @Test
    void rangeNotStartingAtZero() {
        List<Tick> ticks = RulerTicks.between(61, 66, 64);
        assertEquals("1:01", ticks.stream().filter(Tick::major).findFirst().orElseThrow().label());
    }

    @Test
    void labels() {
        assertEquals("0:00.5", RulerTicks.label(0.5, 0.5));
        assertEquals("1:30", RulerTicks.label(90, 10));
        assertEquals("1:02:05", RulerTicks.label(3725, 5));
    }
}
