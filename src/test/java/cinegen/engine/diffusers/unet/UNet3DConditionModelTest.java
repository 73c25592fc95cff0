package cinegen.engine.diffusers.unet;

import cinegen.engine.diffusers.Fixtures;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** UNet3DConditionModel (ModelScope / Zeroscope) against diffusers 0.31 on every case of the unet_3d fixture. */
class UNet3DConditionModelTest {
    private static final Fixtures FIXTURE = Fixtures.of("unet_3d");
    private static NDManager weights;
    private static UNet3DConditionModel unet;

    @BeforeAll
    static void load() throws Exception {
        weights = NDManager.newBaseManager();
        unet = UNet3DConditionModel.load(FIXTURE.folder, weights);
    }

    @AfterAll
    static void close() { weights.close(); }

    static List<String> cases() { return FIXTURE.caseNames(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesDiffusers(String name) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> actual = new HashMap<>();
            unet.core().setProbe((key, value) -> actual.put("debug_" + key, m.create(value.toFloatArray(), value.getShape())));
            try {
                actual.put("sample", unet.forward(FIXTURE.input(m, name, "sample"), FIXTURE.input(m, name, "timestep"),
                        FIXTURE.input(m, name, "encoder_hidden_states")));
            } finally {
                unet.core().setProbe(null);
            }
            UNetMotionModelTest.assertOutputs(FIXTURE, m, name, actual);
        }
    }

    /** The VideoDenoiser call with per-frame text states equal to the repeated prompt gives diffusers' result. */
    @Test
    void videoDenoiserCallWithPerFrameStates() {
        String name = "b2_f8_t500";
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray text = FIXTURE.input(m, name, "encoder_hidden_states");
            NDArray sample = FIXTURE.input(m, name, "sample");
            NDArray out = unet.predict(sample, FIXTURE.input(m, name, "timestep"), null,
                    Frames.repeatPerFrame(text, FIXTURE.frames(name)));
            double err = Fixtures.maxAbsDiff(out, FIXTURE.output(m, name, "sample"));
            assertTrue(err <= FIXTURE.atol(name, "sample"), "max error " + err);
        }
    }
}
