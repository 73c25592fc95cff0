package cinegen.engine.schedule.diffusers;

import cinegen.engine.diffusers.Fixtures;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.pack.SafeTensors;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every case of the diffusers scheduler fixture: timesteps, sigmas and init_noise_sigma after set_timesteps(n),
 * whole trajectories with the fixture's fake model (model_output_function), and add_noise; plus the training
 * tables (alphas_cumprod) bit for bit. Bars: max |actual - expected| <= the case's suggested_atol and <= 1e-4;
 * timesteps and sigmas also within 1e-6 relative.
 */
class DiffusersSchedulerParityTest {
    private static final SchedulerFixtures FIXTURE = SchedulerFixtures.get();
    /** Largest error per case and output group, printed at the end for the record. */
    private static final Map<String, Map<String, Double>> REPORT = new TreeMap<>();

    static Stream<String> cases() { return FIXTURE.cases().stream().map(c -> c.get("name").asText()); }

    static Stream<String> schedulerFolders() {
        return FIXTURE.cases().stream().map(c -> c.get("name").asText()).map(n -> n.substring(0, n.indexOf('.'))).distinct();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesDiffusers(String name) throws Exception {
        JsonNode testCase = FIXTURE.caseNamed(name);
        String kind = name.substring(name.indexOf('.') + 1);
        DiffusersScheduler scheduler = DiffusersScheduler.create(FIXTURE.config(name));
        int n = Integer.parseInt(kind.substring(kind.lastIndexOf('_') + 1));
        if (kind.startsWith("set_timesteps_")) checkSchedule(testCase, scheduler, n);
        else if (kind.startsWith("trajectory_")) checkTrajectory(testCase, scheduler, n);
        else if (kind.startsWith("add_noise_")) checkAddNoise(testCase, scheduler, n);
        else fail("unknown case kind " + kind);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedulerFolders")
    void trainingTableIsBitIdentical(String folder) throws Exception {
        String key = folder + ".alphas_cumprod";
        DiffusersScheduler scheduler = DiffusersScheduler.create(FIXTURE.config(key));
        assertArrayEquals(FIXTURE.tensor(key).data(), scheduler.alphasCumprod(), folder + " alphas_cumprod");
    }

    private void checkSchedule(JsonNode testCase, DiffusersScheduler scheduler, int n) {
        String name = testCase.get("name").asText();
        scheduler.setTimesteps(n);
        JsonNode outputs = testCase.get("outputs");
        compareSchedule(testCase, "timesteps", scheduler.timesteps(), FIXTURE.tensor(outputs.get("timesteps").asText()).data());
        if (outputs.has("sigmas")) {
            assertTrue(scheduler instanceof SigmaScheduler, name + " records sigmas but the scheduler has none");
            float[] sigmas = ((SigmaScheduler) scheduler).sigmas();
            double[] asDouble = new double[sigmas.length];
            for (int i = 0; i < sigmas.length; i++) asDouble[i] = sigmas[i];
            compareSchedule(testCase, "sigmas", asDouble, FIXTURE.tensor(outputs.get("sigmas").asText()).data());
        }
        float expected = FIXTURE.tensor(outputs.get("init_noise_sigma").asText()).data()[0];
        double err = Math.abs(scheduler.initNoiseSigma() - expected);
        record(name, "init_noise_sigma", err);
        assertTrue(err <= Fixtures.atol(testCase, "init_noise_sigma"), name + " init_noise_sigma " + scheduler.initNoiseSigma() + " vs " + expected);
    }

    private void compareSchedule(JsonNode testCase, String output, double[] actual, float[] expected) {
        String name = testCase.get("name").asText();
        assertEquals(expected.length, actual.length, name + " " + output + " length");
        double atol = Fixtures.atol(testCase, output), worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            worst = Math.max(worst, err);
            assertTrue(err <= atol && err <= 1e-6 * Math.max(1, Math.abs(expected[i])),
                    name + " " + output + "[" + i + "] = " + actual[i] + ", diffusers " + expected[i]);
        }
        record(name, output, worst);
    }

    private void checkTrajectory(JsonNode testCase, DiffusersScheduler scheduler, int n) {
        String name = testCase.get("name").asText(), prefix = name + ".out.";
        JsonNode in = testCase.get("inputs");
        try (NDManager manager = NDManager.newBaseManager()) {
            scheduler.setTimesteps(n);
            NDArray c = FIXTURE.array(manager, in.get("C").asText());
            NDArray sample = FIXTURE.array(manager, in.get("sample.0").asText());
            // sample_0 = noise * init_noise_sigma, as the fixture prepared it
            NDArray prepared = FIXTURE.array(manager, in.get("noise").asText()).mul((float) scheduler.initNoiseSigma());
            check(testCase, "sample.0", prepared, FIXTURE.tensor(in.get("sample.0").asText()), 1e-5);
            for (int i = 0; i < scheduler.numSteps(); i++) {
                NDArray modelInput = scheduler.scaleModelInput(sample, i);
                if (FIXTURE.has(prefix + "model_input." + i)) check(testCase, "model_input." + i, modelInput, null, -1);
                NDArray modelOutput = modelInput.mul(0.5f).add(c.mul((float) (0.1 * (i + 1))));
                check(testCase, "model_output." + i, modelOutput, null, -1);
                RecordedNoise noise = new RecordedNoise(prefix + "step_noise." + i);
                Step step = scheduler.step(modelOutput, i, sample, noise);
                assertEquals(FIXTURE.has(prefix + "step_noise." + i), noise.used, name + " step " + i + ": noise drawn where diffusers " +
                        (noise.used ? "drew none" : "drew some"));
                sample = step.prevSample();
                check(testCase, "sample." + (i + 1), sample, null, -1);
                for (String extra : new String[] {"pred_original_sample", "denoised"}) {
                    if (FIXTURE.has(prefix + extra + "." + i)) {
                        assertNotNull(step.predOriginal(), name + " step " + i + " has no " + extra);
                        check(testCase, extra + "." + i, step.predOriginal(), null, -1);
                    }
                }
            }
            assertTrue(FIXTURE.has(prefix + "sample." + scheduler.numSteps()) && !FIXTURE.has(prefix + "sample." + (scheduler.numSteps() + 1)),
                    name + ": the fixture's trajectory has another length than " + scheduler.numSteps() + " steps");
            scheduler.release();
        }
    }

    /** The noise diffusers drew at a step, as the fixture recorded it. */
    private static final class RecordedNoise implements NoiseFn {
        private final String key;
        boolean used;

        RecordedNoise(String key) { this.key = key; }

        @Override
        public NDArray like(NDArray reference) {
            if (!FIXTURE.has(key)) throw new AssertionError("the scheduler drew noise where diffusers did not (" + key + ")");
            used = true;
            NDArray noise = FIXTURE.array(reference.getManager(), key);
            assertEquals(reference.getShape(), noise.getShape(), key + " shape");
            return noise;
        }
    }

    private void checkAddNoise(JsonNode testCase, DiffusersScheduler scheduler, int n) {
        String name = testCase.get("name").asText();
        Matcher m = Pattern.compile("for k in \\[([0-9, ]+)]").matcher(testCase.get("description").asText());
        assertTrue(m.find(), name + ": the description does not say which steps were noised");
        List<Integer> steps = new ArrayList<>();
        for (String k : m.group(1).split(",")) steps.add(Integer.parseInt(k.trim()));
        JsonNode in = testCase.get("inputs");
        try (NDManager manager = NDManager.newBaseManager()) {
            scheduler.setTimesteps(n);
            NDArray original = FIXTURE.array(manager, in.get("original_samples").asText());
            NDArray noise = FIXTURE.array(manager, in.get("noise").asText());
            SafeTensors.Tensor expected = FIXTURE.tensor(testCase.get("outputs").get("noisy_samples").asText());
            assertEquals(steps.size(), expected.shape()[0], name + ": one noisy sample per step");
            long[] oneShape = java.util.Arrays.copyOfRange(expected.shape(), 1, expected.shape().length);
            int size = expected.data().length / steps.size();
            for (int j = 0; j < steps.size(); j++) {
                float[] want = java.util.Arrays.copyOfRange(expected.data(), j * size, (j + 1) * size);
                NDArray noisy = scheduler.addNoise(original, noise, steps.get(j));
                assertEquals(new Shape(oneShape), noisy.getShape(), name + " shape");
                check(testCase, "noisy_samples", noisy, new SafeTensors.Tensor(oneShape, want), -1);
            }
        }
    }

    /** Compares with the recorded output (or {@code expected}) against its suggested atol (or {@code atol}). */
    private void check(JsonNode testCase, String output, NDArray actual, SafeTensors.Tensor expected, double atol) {
        String name = testCase.get("name").asText();
        SafeTensors.Tensor want = expected != null ? expected : FIXTURE.tensor(name + ".out." + output);
        double bar = atol >= 0 ? atol : Math.min(Fixtures.atol(testCase, output), 1e-4);
        double err = Fixtures.maxAbsDiff(actual.toFloatArray(), want.data());
        String group = output.contains(".") ? output.substring(0, output.indexOf('.')) : output;
        record(name, group, err);
        assertTrue(err <= bar, name + " " + output + ": max |diff| " + err + " > " + bar);
    }

    private static synchronized void record(String name, String output, double err) {
        REPORT.computeIfAbsent(name, k -> new LinkedHashMap<>()).merge(output, err, Math::max);
    }

    @AfterAll
    static void printReport() {
        StringBuilder sb = new StringBuilder("diffusers scheduler parity, max |diff| per case and output:\n");
        REPORT.forEach((name, errs) -> {
            sb.append("  ").append(name).append(':');
            errs.forEach((k, v) -> sb.append(' ').append(k).append('=').append(String.format("%.2g", v)));
            sb.append('\n');
        });
        System.out.print(sb);
    }
}
