package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** UNet2DConditionModel against diffusers on the plain-2D cases of the AnimateDiff fixtures (4 and 9 input channels). */
class UNet2DConditionModelTest {
    private static NDManager weights;
    private static final Map<String, UNet2DConditionModel> MODELS = new HashMap<>();

    @BeforeAll
    static void open() { weights = NDManager.newBaseManager(); }

    @AfterAll
    static void close() { weights.close(); }

    private static UNet2DConditionModel model(UNetFixture f) throws Exception {
        String key = f.dir.toString();
        if (!MODELS.containsKey(key)) MODELS.put(key, UNet2DConditionModel.load(f.dir.resolve("unet"), weights));
        return MODELS.get(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unet_motion", "unet_motion_inpaint"})
    void matchesDiffusersFrameByFrame(String fixture) throws Exception {
        UNetFixture f = UNetFixture.of(fixture);
        String name = "unet2d_f8_t999";
        UNet2DConditionModel unet = model(f);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray sample = f.input(m, name, "sample2d");
            NDArray text = Frames.repeatPerFrame(f.input(m, name, "encoder_hidden_states"), f.frames(name));
            NDArray out = unet.forward(sample, f.input(m, name, "timestep"), text);
            double err = UNetFixture.maxAbsDiff(out, f.output(m, name, "sample"));
            double atol = f.atol(name, "sample");
            System.out.printf("%s/%s sample: max error %.3g (atol %.1g)%n", fixture, name, err, atol);
            assertTrue(err <= atol, fixture + "/" + name + ": max error " + err + " > " + atol);
        }
    }
}
