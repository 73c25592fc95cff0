package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.schedule.DdimSampler;
import cinegen.engine.schedule.DpmSolverPlusPlus2M;
import cinegen.engine.schedule.EulerAncestralSampler;
import cinegen.engine.schedule.NoiseSchedule;
import cinegen.engine.schedule.NoiseSource;
import cinegen.engine.schedule.PredictionType;
import cinegen.engine.schedule.Sampler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's own samplers (cinegen.engine.schedule: NoiseSchedule in double, trailing timesteps) against the
 * diffusers schedulers configured the same way (same betas, trailing spacing, steps_offset 0, no clipping, final
 * alpha 1). Records where they agree and where they differ; prints the numbers.
 */
class LegacySamplerComparisonTest {
    private static final int T = 1000;
    private static final Shape SHAPE = new Shape(1, 4, 2, 4, 4);

    private static SchedulerConfig sameAsLegacy(String className, String prediction) {
        return SchedulerConfig.defaults(className).withOverrides(Map.of(
                "beta_schedule", "scaled_linear", "beta_start", 0.00085, "beta_end", 0.012,
                "timestep_spacing", "trailing", "steps_offset", 0, "set_alpha_to_one", true, "clip_sample", false,
                "prediction_type", prediction));
    }

    private static NoiseSchedule legacySchedule() { return NoiseSchedule.scaledLinear(T, 0.00085, 0.012); }

    @Test
    void trainingTablesAgreeToFloatRounding() {
        NoiseSchedule legacy = legacySchedule();
        float[] table = new DdimScheduler(sameAsLegacy(SchedulerConfig.DDIM, "epsilon")).alphasCumprod();
        double worst = 0;
        for (int t = 0; t < T; t++) worst = Math.max(worst, Math.abs(table[t] - legacy.alphaBar(t)) / legacy.alphaBar(t));
        System.out.printf("alphas_cumprod: max relative difference, double (legacy) vs torch float32 (diffusers): %.2g%n", worst);
        assertTrue(worst < 5e-6, "alphas_cumprod relative difference " + worst);
    }

    @Test
    void trailingTimestepsAgreeExceptForRoundingOfHalves() {
        NoiseSchedule legacy = legacySchedule();
        DdimScheduler ddim = new DdimScheduler(sameAsLegacy(SchedulerConfig.DDIM, "epsilon"));
        List<Integer> otherLength = new ArrayList<>(), otherValues = new ArrayList<>();
        for (int n = 1; n <= T; n++) {
            int[] old = legacy.timesteps(n);
            ddim.setTimesteps(n);
            double[] now = ddim.timesteps();
            if (now.length != old.length) {
                otherLength.add(n);
                continue;
            }
            for (int i = 0; i < old.length; i++) {
                if (old[i] != now[i]) {
                    otherValues.add(n);
                    break;
                }
            }
            if (T % n == 0) {
                for (int i = 0; i < old.length; i++) assertEquals(old[i], now[i], "n = " + n + " divides 1000: same timesteps");
            }
        }
        System.out.println("trailing timesteps, n in 1..1000: other values (numpy rounds halves to even, legacy up) for n = " + otherValues);
        assertEquals(List.of(), otherLength, "step counts");
        assertTrue(otherValues.contains(16), "n = 16 puts timesteps on .5: numpy rounds 812.5 to 812, Math.round to 813");
    }

    /** The fixture's fake model: 0.5 * input + 0.1 * (i + 1) * C. */
    private static NDArray fakeModel(NDArray input, NDArray c, int i) {
        return input.mul(0.5f).add(c.mul((float) (0.1 * (i + 1))));
    }

    private static double maxDiff(NDArray a, NDArray b) { return a.sub(b).abs().max().getFloat(); }

    /** Runs a legacy sampler from sample0; returns the final sample. */
    private static NDArray runLegacy(Sampler sampler, NDArray sample0, NDArray c, NoiseSource noise) {
        NDArray x = sample0;
        int[] ts = sampler.timesteps();
        for (int i = 0; i < ts.length; i++) x = sampler.step(fakeModel(sampler.scaleModelInput(x, ts[i]), c, i), ts[i], x, noise).prevSample();
        sampler.release();
        return x;
    }

    private static NDArray runDiffusers(DiffusersScheduler s, NDArray sample0, NDArray c, NoiseFn noise) {
        NDArray x = sample0;
        for (int i = 0; i < s.numSteps(); i++) x = s.step(fakeModel(s.scaleModelInput(x, i), c, i), i, x, noise).prevSample();
        s.release();
        return x;
    }

    @Test
    void ddimAgreesWhenStepsDivideTheTrainingSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            NoiseSource src = new NoiseSource(11);
            NDArray c = src.next(m, SHAPE), x0 = src.next(m, SHAPE);
            for (String prediction : new String[] {"epsilon", "v_prediction"}) {
                PredictionType legacyPrediction = PredictionType.parse(prediction);
                for (int n : new int[] {10, 25, 50, 7, 30}) {
                    DdimSampler legacy = new DdimSampler(legacySchedule(), legacyPrediction, 0);
                    legacy.setTimesteps(n);
                    DdimScheduler now = new DdimScheduler(sameAsLegacy(SchedulerConfig.DDIM, prediction));
                    now.setTimesteps(n);
                    double diff = maxDiff(runLegacy(legacy, x0, c, null), runDiffusers(now, x0, c, null));
                    System.out.printf("DDIM eta 0 %s n=%d: final sample max |diff| %.2g%n", prediction, n, diff);
                    if (T % n == 0) assertTrue(diff < 1e-4, "DDIM " + prediction + " n=" + n + " differs by " + diff);
                }
            }
        }
    }

    @Test
    void ddimStepsToTheNextListedTimestepWhereDiffusersStepsToTMinusTOverN() {
        // n = 7: trailing timesteps 999, 856, 713, 570, 428, 285, 142; diffusers steps from t to t - 142 (integer T / n)
        int[] legacy = legacySchedule().timesteps(7);
        DdimScheduler now = new DdimScheduler(sameAsLegacy(SchedulerConfig.DDIM, "epsilon"));
        now.setTimesteps(7);
        List<String> differ = new ArrayList<>();
        for (int i = 0; i + 1 < legacy.length; i++) {
            int diffusersTarget = (int) now.timesteps()[i] - T / 7;
            if (diffusersTarget != legacy[i + 1]) differ.add(legacy[i] + "->" + legacy[i + 1] + " vs ->" + diffusersTarget);
        }
        System.out.println("DDIM n=7 step targets, legacy (next listed) vs diffusers (t - T/n): " + differ);
        assertTrue(!differ.isEmpty());
    }

    @Test
    void ddimWithEtaDrawsNoiseAtEveryStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            NoiseSource src = new NoiseSource(5);
            NDArray c = src.next(m, SHAPE), x0 = src.next(m, SHAPE);
            int n = 10;
            DdimSampler legacy = new DdimSampler(legacySchedule(), PredictionType.EPSILON, 1.0);
            legacy.setTimesteps(n);
            DdimScheduler now = new DdimScheduler(sameAsLegacy(SchedulerConfig.DDIM, "epsilon"), 1.0);
            now.setTimesteps(n);
            int[] draws = new int[1];
            NoiseSource shared = new NoiseSource(99);
            NoiseFn counting = ref -> {
                draws[0]++;
                return shared.next(ref.getManager(), ref.getShape());
            };
            NDArray a = runLegacy(legacy, x0, c, new NoiseSource(99)), b = runDiffusers(now, x0, c, counting);
            double diff = maxDiff(a, b);
            System.out.printf("DDIM eta 1 n=10, same noise stream: final sample max |diff| %.2g, diffusers drew %d times%n", diff, draws[0]);
            assertEquals(n, draws[0]);
            // the legacy sampler skips the draw where sigma is 0 (the last step, final alpha 1): the first n - 1 draws align
            assertTrue(diff < 1e-4, "DDIM eta 1 differs by " + diff);
        }
    }

    @Test
    void eulerAncestralDiffersInInitialNoiseScaleOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NoiseSource src = new NoiseSource(3);
            NDArray c = src.next(m, SHAPE), noise0 = src.next(m, SHAPE);
            for (String prediction : new String[] {"epsilon", "v_prediction"}) {
                int n = 20;
                EulerAncestralSampler legacy = new EulerAncestralSampler(legacySchedule(), PredictionType.parse(prediction));
                legacy.setTimesteps(n);
                EulerAncestralDiscreteScheduler now = new EulerAncestralDiscreteScheduler(sameAsLegacy(SchedulerConfig.EULER_ANCESTRAL, prediction));
                now.setTimesteps(n);
                double legacyInit = legacy.initNoiseSigma(), nowInit = now.initNoiseSigma();
                double sigmaMax = now.sigmas()[0];
                System.out.printf("Euler a %s: init noise sigma legacy %.6f (sqrt(sigma_max^2 + 1)), diffusers trailing %.6f (sigma_max %.6f)%n",
                        prediction, legacyInit, nowInit, sigmaMax);
                assertEquals(Math.sqrt(sigmaMax * sigmaMax + 1), legacyInit, 1e-4);
                assertEquals(sigmaMax, nowInit, 1e-6);
                int[] ts = legacy.timesteps();
                for (int i = 0; i < n; i++) assertEquals(ts[i], now.timesteps()[i], "Euler a timestep " + i);
                // from the same starting sample and the same noise stream the trajectories agree
                NDArray start = noise0.mul((float) nowInit);
                int[] draws = new int[1];
                NoiseSource shared = new NoiseSource(42);
                NoiseFn counting = ref -> {
                    draws[0]++;
                    return shared.next(ref.getManager(), ref.getShape());
                };
                double diff = maxDiff(runLegacy(legacy, start, c, new NoiseSource(42)), runDiffusers(now, start, c, counting));
                System.out.printf("Euler a %s n=%d, same start and noise: final sample max |diff| %.2g; diffusers drew noise %d times (legacy %d)%n",
                        prediction, n, diff, draws[0], n - 1);
                assertEquals(n, draws[0]);
                assertTrue(diff < 1e-3, "Euler a " + prediction + " differs by " + diff);
            }
        }
    }

    @Test
    void dpmSolverAgrees() {
        try (NDManager m = NDManager.newBaseManager()) {
            NoiseSource src = new NoiseSource(8);
            NDArray c = src.next(m, SHAPE), x0 = src.next(m, SHAPE);
            for (String prediction : new String[] {"epsilon", "v_prediction"}) {
                for (int n : new int[] {10, 20, 7}) {
                    DpmSolverPlusPlus2M legacy = new DpmSolverPlusPlus2M(legacySchedule(), PredictionType.parse(prediction));
                    legacy.setTimesteps(n);
                    DpmSolverMultistepScheduler now = new DpmSolverMultistepScheduler(sameAsLegacy(SchedulerConfig.DPM_SOLVER_MULTISTEP, prediction));
                    now.setTimesteps(n);
                    double diff = maxDiff(runLegacy(legacy, x0, c, null), runDiffusers(now, x0, c, null));
                    System.out.printf("DPM++ 2M %s n=%d: final sample max |diff| %.2g%n", prediction, n, diff);
                    assertTrue(diff < 1e-3, "DPM++ 2M " + prediction + " n=" + n + " differs by " + diff);
                }
            }
        }
    }
}
