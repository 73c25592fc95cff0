package cinegen.engine.diffusers.unet;

import cinegen.engine.diffusers.Fixtures;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UNetMotionModel (and the plain UNet2DConditionModel of the same folders) against diffusers 0.31 on every case of
 * the AnimateDiff fixtures: unet_motion (4 channels, motion mid block) and unet_motion_inpaint (9 channels, no
 * motion mid block). Debug activations are compared too, so a mismatch names the first layer that differs.
 */
class UNetMotionModelTest {
    private static final String[] FIXTURES = {"unet_motion", "unet_motion_inpaint"};
    private static NDManager weights;
    private static final Map<String, Object> MODELS = new HashMap<>();

    @BeforeAll
    static void open() { weights = NDManager.newBaseManager(); }

    @AfterAll
    static void close() {
        MODELS.clear();
        weights.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String fixture : FIXTURES) {
            for (String name : Fixtures.of(fixture).caseNames()) all.add(Arguments.of(fixture, name));
        }
        return all.stream();
    }

    private static synchronized Object model(String fixture, String kind) throws Exception {
        String key = fixture + "/" + kind;
        if (!MODELS.containsKey(key)) {
            var dir = Fixtures.of(fixture).folder;
            MODELS.put(key, switch (kind) {
                case "unet" -> UNet2DConditionModel.load(dir.resolve("unet"), weights);
                case "unet_motion" -> UNetMotionModel.load(dir.resolve("unet_motion"), weights);
                case "unet+adapter" -> UNetMotionModel.load(dir.resolve("unet"), dir.resolve("motion_adapter"), weights);
                default -> throw new IllegalArgumentException(kind);
            });
        }
        return MODELS.get(key);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesDiffusers(String fixture, String name) throws Exception {
        Fixtures f = Fixtures.of(fixture);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> actual = new HashMap<>();
            if (name.startsWith("unet2d")) {
                UNet2DConditionModel unet = (UNet2DConditionModel) model(fixture, "unet");
                NDArray text = Frames.repeatPerFrame(f.input(m, name, "encoder_hidden_states"), f.frames(name));
                actual.put("sample", unet.forward(f.input(m, name, "sample2d"), f.input(m, name, "timestep"), text));
            } else {
                UNetMotionModel unet = (UNetMotionModel) model(fixture, "unet_motion");
                unet.core().setProbe((key, value) -> actual.put("debug_" + key, m.create(value.toFloatArray(), value.getShape())));
                try {
                    actual.put("sample", unet.forward(sample(f, m, name), f.input(m, name, "timestep"), perFrameText(f, m, name)));
                } finally {
                    unet.core().setProbe(null);
                }
            }
            assertOutputs(f, m, name, actual);
        }
    }

    /** A unet/ + motion_adapter/ pair loads into the same model as the saved unet_motion/ folder (same outputs). */
    @Test
    void unetPlusAdapterEqualsCombinedFolder() throws Exception {
        for (String fixture : FIXTURES) {
            Fixtures f = Fixtures.of(fixture);
            String name = "b2_f8_t500";
            try (NDManager m = NDManager.newBaseManager()) {
                UNetMotionModel split = (UNetMotionModel) model(fixture, "unet+adapter");
                NDArray out = split.forward(sample(f, m, name), f.input(m, name, "timestep"), perFrameText(f, m, name));
                double err = Fixtures.maxAbsDiff(out, f.output(m, name, "sample"));
                assertTrue(err <= f.atol(name, "sample"), fixture + " unet+adapter: max error " + err);
                assertEquals(((UNetMotionModel) model(fixture, "unet_motion")).params().keys(), split.params().keys());
            }
        }
    }

    /** The VideoDenoiser call repeats per-video text states per frame, or takes per-frame ones. */
    @Test
    void videoDenoiserCallMatchesDiffusers() throws Exception {
        Fixtures f = Fixtures.of("unet_motion_inpaint");
        try (NDManager m = NDManager.newBaseManager()) {
            VideoDenoiser denoiser = (VideoDenoiser) model("unet_motion_inpaint", "unet_motion");
            assertEquals(9, denoiser.inChannels());
            assertEquals(4, denoiser.outChannels());
            String cfg = "b2_f8_t500";
            NDArray out = denoiser.predict(sample(f, m, cfg), f.input(m, cfg, "timestep").repeat(2),
                    f.input(m, cfg, "encoder_hidden_states"), null);
            assertTrue(Fixtures.maxAbsDiff(out, f.output(m, cfg, "sample")) <= f.atol(cfg, "sample"));
            String travel = "travel_f8_t333.25";
            out = denoiser.predict(sample(f, m, travel), f.input(m, travel, "timestep"), null,
                    f.input(m, travel, "encoder_hidden_states_per_frame"));
            assertTrue(Fixtures.maxAbsDiff(out, f.output(m, travel, "sample")) <= f.atol(travel, "sample"));
        }
    }

    /** The sample of a case: stored, or the inpainting layout cat(latents, mask, masked-image latents). */
    static NDArray sample(Fixtures f, NDManager m, String name) {
        if (f.hasInput(name, "sample")) return f.input(m, name, "sample");
        return NDArrays.concat(new NDList(f.input(m, name, "noisy_latents"), f.input(m, name, "mask"),
                f.input(m, name, "masked_image_latents")), 1);
    }

    static NDArray perFrameText(Fixtures f, NDManager m, String name) {
        if (f.hasInput(name, "encoder_hidden_states_per_frame")) return f.input(m, name, "encoder_hidden_states_per_frame");
        return Frames.repeatPerFrame(f.input(m, name, "encoder_hidden_states"), f.frames(name));
    }

    /** Every output of the case (the result and each recorded debug activation) within its suggested tolerance. */
    static void assertOutputs(Fixtures f, NDManager m, String name, Map<String, NDArray> actual) {
        List<String> failures = new ArrayList<>();
        for (String output : f.outputs(name)) {
            NDArray value = actual.get(output);
            if (value == null) {
                failures.add(output + " was not produced");
                continue;
            }
            double err = Fixtures.maxAbsDiff(value, f.output(m, name, output));
            double atol = Math.min(f.atol(name, output), 1e-4);
            System.out.printf("%s %s %s: max error %.3g (atol %.1g)%n", f.folder.getFileName(), name, output, err, atol);
            if (!(err <= atol)) failures.add(output + ": max error " + err + " > " + atol);
        }
        assertTrue(failures.isEmpty(), f.folder.getFileName() + " " + name + ": " + failures);
    }
}
