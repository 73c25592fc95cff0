package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.schedule.NoiseSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of the scheduler API the fixture does not exercise: step-index checks, noise levels, conversions. */
class DiffusersSchedulerApiTest {
    private static final SchedulerFixtures FIXTURE = SchedulerFixtures.get();
    private static final Shape SHAPE = new Shape(1, 4, 2, 3, 3);

    private static DiffusersScheduler fixtureScheduler(String folder) throws Exception {
        return DiffusersScheduler.create(FIXTURE.config(folder + ".x"));
    }

    private static double maxDiff(NDArray a, NDArray b) { return a.sub(b).abs().max().getFloat(); }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ddim_trailing_epsilon", "euler_karras_v_prediction", "euler_ancestral", "dpmpp_2m_karras", "lcm_animatelcm"})
    void noiseAfterAStepIsTheNextStepsLevelAndCleanAtTheEnd(String folder) throws Exception {
        DiffusersScheduler s = fixtureScheduler(folder);
        s.setTimesteps(6);
        try (NDManager m = NDManager.newBaseManager()) {
            NoiseSource src = new NoiseSource(1);
            NDArray x0 = src.next(m, SHAPE), eps = src.next(m, SHAPE);
            for (int i = 0; i + 1 < s.numSteps(); i++) {
                assertEquals(0, maxDiff(s.addNoiseAfter(x0, eps, i), s.addNoise(x0, eps, i + 1)), 0.0);
            }
            assertEquals(0, maxDiff(s.addNoiseAfter(x0, eps, s.numSteps() - 1), x0), 0.0);
            // the VP level of step i: the model input there is sqrt(abar) x0 + sqrt(1 - abar) eps
            for (int i = 0; i < s.numSteps(); i++) {
                double a = s.alphaBarAt(i);
                NDArray vp = x0.mul((float) Math.sqrt(a)).add(eps.mul((float) Math.sqrt(1 - a)));
                NDArray modelInput = s.scaleModelInput(s.addNoise(x0, eps, i), i);
                assertTrue(maxDiff(vp, modelInput) < 1e-5, folder + " step " + i + ": addNoise and alphaBarAt disagree");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ddim_leading_epsilon", "ddim_linspace_v_prediction", "euler_leading", "euler_karras_v_prediction",
            "dpmpp_2m", "euler_ancestral"})
    void predictionConversionsGiveTheStepsCleanSample(String folder) throws Exception {
        DiffusersScheduler s = fixtureScheduler(folder);
        Prediction prediction = s.config().predictionType();
        s.setTimesteps(8);
        try (NDManager m = NDManager.newBaseManager()) {
            NoiseSource src = new NoiseSource(2);
            NDArray sample = src.next(m, SHAPE).mul((float) s.initNoiseSigma());
            for (int i = 0; i < s.numSteps(); i++) {
                NDArray input = s.scaleModelInput(sample, i);
                NDArray out = src.next(m, SHAPE);
                Step step = s.step(out, i, sample, NoiseFn.of(src));
                NDArray x0 = prediction.toX0(input, out, s.alphaBarAt(i));
                double scale = Math.max(1, x0.abs().max().getFloat());
                assertTrue(maxDiff(x0, step.predOriginal()) < 2e-5 * scale, folder + " step " + i);
                NDArray back = prediction.fromX0(input, x0, s.alphaBarAt(i));
                assertTrue(maxDiff(back, out) < 1e-3, folder + " step " + i + " fromX0");
                sample = step.prevSample();
            }
            s.release();
        }
    }

    @Test
    void alphaBarOfTheTrainingSchedule() throws Exception {
        DiffusersScheduler s = fixtureScheduler("euler_linspace");
        float[] table = s.alphasCumprod();
        assertEquals(table[500], s.alphaBar(500), 0.0);
        double mid = s.alphaBar(500.5);
        assertTrue(mid < table[500] && mid > table[501]);
        assertThrows(IllegalArgumentException.class, () -> s.alphaBar(1000));
        assertThrows(IllegalArgumentException.class, () -> s.alphaBar(-0.5));
    }

    @Test
    void misuseFailsWithAMessage() throws Exception {
        DiffusersScheduler dpm = fixtureScheduler("dpmpp_2m");
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> dpm.numSteps());
        assertTrue(early.getMessage().contains("setTimesteps"));
        dpm.setTimesteps(5);
        assertThrows(IllegalArgumentException.class, () -> dpm.alphaBarAt(5));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(SHAPE);
            dpm.step(x, 0, x, null);
            IllegalStateException order = assertThrows(IllegalStateException.class, () -> dpm.step(x, 2, x, null));
            assertTrue(order.getMessage().contains("expected step 1"));
            dpm.setTimesteps(5);
            assertNotNull(dpm.step(x, 3, x, null).prevSample(), "a fresh schedule may start at any step (img2img)");
            dpm.release();

            for (String folder : new String[] {"euler_ancestral", "lcm_animatelcm"}) {
                DiffusersScheduler s = fixtureScheduler(folder);
                s.setTimesteps(4);
                IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> s.step(x, 0, x, null));
                assertTrue(ex.getMessage().contains("NoiseFn"), ex.getMessage());
            }
        }
    }

    @Test
    void trailingSpacingNeverYieldsANegativeTimestep() throws Exception {
        // numpy's arange gives 62 entries for 1000 / 61, the last rounding to timestep -1 in diffusers
        for (String folder : new String[] {"ddim_trailing_epsilon", "euler_linspace", "dpmpp_2m"}) {
            DiffusersScheduler s = DiffusersScheduler.create(FIXTURE.config(folder + ".x").withOverrides(Map.of("timestep_spacing", "trailing")));
            s.setTimesteps(61);
            assertEquals(61, s.numSteps(), folder);
            double[] ts = s.timesteps();
            assertEquals(999, ts[0], 0.0);
            assertTrue(ts[60] >= 0 && ts[60] < ts[59], folder);
        }
    }
}
