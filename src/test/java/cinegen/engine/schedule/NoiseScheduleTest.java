package cinegen.engine.schedule;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseScheduleTest {
    @Test
    void linearBetasAndCumulativeProductMatchClosedForm() {
        NoiseSchedule s = NoiseSchedule.linear(1000, 1e-4, 0.02);
        assertEquals(1e-4, s.beta(0), 1e-15);
        assertEquals(0.02, s.beta(999), 1e-15);
        assertEquals(1e-4 + (0.02 - 1e-4) * 500 / 999.0, s.beta(500), 1e-15);
        double prod = 1;
        for (int i = 0; i <= 250; i++) prod *= 1 - (1e-4 + (0.02 - 1e-4) * i / 999.0);
        assertEquals(prod, s.alphaBar(250), 1e-12);
        assertEquals(1.0, s.alphaBar(-1));
    }

    @Test
    void scaledLinearBetasAreSquaresOfALinearRamp() {
        NoiseSchedule s = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);
        double r = Math.sqrt(0.00085) + (Math.sqrt(0.012) - Math.sqrt(0.00085)) * 300 / 999.0;
        assertEquals(r * r, s.beta(300), 1e-15);
        assertEquals(0.012, s.beta(999), 1e-12);
    }

    @Test
    void cosineAlphaBarFollowsTheCosineCurve() {
        NoiseSchedule s = NoiseSchedule.cosine(1000);
        for (int t : new int[] {0, 100, 500, 900}) {
            double expected = NoiseSchedule.cosineAlphaBar((t + 1) / 1000.0) / NoiseSchedule.cosineAlphaBar(0);
            assertEquals(expected, s.alphaBar(t), 1e-9, "t=" + t);
        }
        assertTrue(s.alphaBar(999) < 1e-3, "cosine destroys the signal at the end");
        for (int t = 0; t < 1000; t++) assertTrue(s.beta(t) <= 0.999);
    }

    @Test
    void sigmaAndSnrAreConsistent() {
        NoiseSchedule s = NoiseSchedule.cosine(1000);
        double a = s.alphaBar(400);
        assertEquals(Math.sqrt((1 - a) / a), s.sigma(400), 1e-12);
        assertEquals(a / (1 - a), s.snr(400), 1e-9);
    }

    @Test
    void trailingTimestepsStartAtTheLastTrainingStepAndDecrease() {
        NoiseSchedule s = NoiseSchedule.linear(1000, 1e-4, 0.02);
        assertArrayEquals(new int[] {999, 799, 599, 399, 199}, s.timesteps(5));
        int[] ts = s.timesteps(25);
        assertEquals(999, ts[0]);
        for (int i = 1; i < ts.length; i++) assertTrue(ts[i] < ts[i - 1]);
        assertThrows(IllegalArgumentException.class, () -> s.timesteps(0));
    }

    @Test
    void kindsParseFromTheirIds() {
        for (NoiseSchedule.Kind k : NoiseSchedule.Kind.values()) assertEquals(k, NoiseSchedule.Kind.parse(k.id()));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.Kind.parse("quadratic"));
    }
}
