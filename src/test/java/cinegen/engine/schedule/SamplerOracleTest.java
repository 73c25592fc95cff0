package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sampler, driven by an oracle denoiser that knows the clean sample and answers with the exact eps or v
 * for whatever noisy sample it is shown, must land on that clean sample.
 */
class SamplerOracleTest {
    private static NDManager manager;

    @BeforeAll static void open() { manager = NDManager.newBaseManager(); }
    @AfterAll static void close() { manager.close(); }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (SamplerKind k : SamplerKind.VP_SAMPLERS) {
            for (PredictionType p : PredictionType.values()) {
                for (NoiseSchedule.Kind s : NoiseSchedule.Kind.values()) out.add(Arguments.of(k, p, s));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void oracleDenoiserIsRecovered(SamplerKind kind, PredictionType prediction, NoiseSchedule.Kind scheduleKind) {
        NoiseSchedule schedule = NoiseSchedule.of(scheduleKind, 1000, 0.00085, 0.012);
        Sampler sampler = kind.create(schedule, prediction, 0.5);
        sampler.setTimesteps(20);
        NoiseSource noise = new NoiseSource(7);
        Shape shape = new Shape(2, 4, 3, 5, 5);
        NDArray clean = noise.next(manager, shape).mul(0.8f).add(0.3f);
        NDArray sample = noise.next(manager, shape).mul((float) sampler.initNoiseSigma());
        for (int t : sampler.timesteps()) {
            NDArray xt = sampler.scaleModelInput(sample, t);
            double a = schedule.alphaBar(t);
            // The oracle: the model output that exactly explains xt given the known clean sample.
            NDArray out = prediction.fromX0(xt, clean, a);
            sample = sampler.step(out, t, sample, noise).prevSample();
        }
        float maxErr = sample.sub(clean).abs().max().getFloat();
        assertTrue(maxErr < 1e-3f, kind + "/" + prediction + " ended " + maxErr + " away from the clean sample");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void predictedOriginalIsTheCleanSampleAtEveryStep(SamplerKind kind) {
        NoiseSchedule schedule = NoiseSchedule.cosine(1000);
        Sampler sampler = kind.create(schedule, PredictionType.V_PREDICTION, 0);
        sampler.setTimesteps(8);
        NoiseSource noise = new NoiseSource(3);
        NDArray clean = noise.next(manager, new Shape(1, 2, 2, 4, 4));
        NDArray sample = noise.next(manager, clean.getShape()).mul((float) sampler.initNoiseSigma());
        for (int t : sampler.timesteps()) {
            NDArray xt = sampler.scaleModelInput(sample, t);
            StepOutput o = sampler.step(PredictionType.V_PREDICTION.fromX0(xt, clean, schedule.alphaBar(t)), t, sample, noise);
            assertTrue(o.predOriginal().sub(clean).abs().max().getFloat() < 1e-3f, "x0 prediction at t=" + t);
            sample = o.prevSample();
        }
    }

    static Stream<SamplerKind> kinds() { return SamplerKind.VP_SAMPLERS.stream(); }
}
