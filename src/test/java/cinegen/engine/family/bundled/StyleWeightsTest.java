package cinegen.engine.family.bundled;

import cinegen.engine.pack.*;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import cinegen.engine.family.bundled.net.Weights;
import cinegen.engine.testing.TinyPack;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Style weight sets: W = W_base + sum(alpha * up . down), exactly back to base at alpha = 0. */
class StyleWeightsTest {
    @Test
    void blendsLowRankDeltasInPlaceAndRestoresTheBaseExactly(@TempDir Path dir) throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 2);
        String param = "res0.conv1.weight";
        Map<String, SafeTensors.Tensor> style = new LinkedHashMap<>();
        // res0.conv1.weight is (16, 16, 1, 3, 3): up (16 x 1), down (1 x 144).
        float[] up = new float[16], down = new float[144];
        for (int i = 0; i < 16; i++) up[i] = 0.5f;
        for (int i = 0; i < 144; i++) down[i] = i % 2 == 0 ? 1f : -1f;
        style.put(param + ".up", new SafeTensors.Tensor(new long[] {16, 1}, up));
        style.put(param + ".down", new SafeTensors.Tensor(new long[] {1, 144}, down));
        SafeTensors.write(pack.resolve("ink.safetensors"), style, SafeTensors.DType.F16);
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(pack.resolve("manifest.json").toFile());
        m.putArray("styles").addObject().put("name", "ink").put("file", "ink.safetensors");
        json.writeValue(pack.resolve("manifest.json").toFile(), m);

        try (VideoModel model = VideoModel.load(ModelPack.open(pack), Device.cpu())) {
            Parameter p = Weights.named(model.denoiser()).get(param);
            float[] base = p.getArray().toFloatArray();
            model.styles().apply(new StyleMix(List.of(new StyleMix.Entry("ink", 0.5))));
            float[] styled = p.getArray().toFloatArray();
            for (int i = 0; i < base.length; i++) assertEquals(base[i] + 0.5f * 0.5f * down[i % 144], styled[i], 1e-5f);
            model.styles().apply(new StyleMix(List.of(new StyleMix.Entry("ink", 0.0))));
            assertArrayEquals(base, p.getArray().toFloatArray(), 0f);
            model.styles().apply(StyleMix.parse("ink:1", 0.8));
            model.styles().apply(StyleMix.NONE);
            assertArrayEquals(base, p.getArray().toFloatArray(), 0f);
            ModelPackException e = assertThrows(ModelPackException.class, () -> model.styles().apply(StyleMix.parse("oil:0.5", 0.8)));
            assertEquals(true, e.getMessage().contains("oil"));
        }
    }
}
