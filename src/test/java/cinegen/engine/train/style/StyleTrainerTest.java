package cinegen.engine.train.style;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.Device;
import cinegen.engine.family.bundled.net.Weights;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.testing.TinyPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A style fine-tuned on the tiny pack: spatial deltas only, listed in the manifest, blended live, base restored. */
class StyleTrainerTest {
    @Test
    void trainsSpatialLowRankDeltasThatBlendIntoTheDenoiser(@TempDir Path dir) throws Exception {
        ModelPack pack = ModelPack.open(TinyPack.create(dir.resolve("pack"), 5));
        var o = new StyleTrainer.Options(3, 2, 1e-3, 1, 4, 4);
        Path file = StyleTrainer.train(pack, "ink", "ink lines", StyleTrainer.scenes(StyleFilter.LINE_ART, 32, 8), o,
                new PrintStream(new ByteArrayOutputStream()));
        Map<String, SafeTensors.Tensor> t = SafeTensors.read(file);
        assertFalse(t.isEmpty());
        for (String k : t.keySet()) {
            assertFalse(k.contains("temporal") || k.contains("normT") || k.contains("tattn"), "temporal layers stay frozen: " + k);
            assertTrue(k.endsWith(".up") || k.endsWith(".down"), k);
        }
        ModelPack reopened = ModelPack.open(pack.dir());
        assertEquals("ink", reopened.styles().get(0).name());
        try (VideoModel m = VideoModel.load(reopened, Device.cpu())) {
            var conv = Weights.named(m.denoiser()).get("res0.conv1.weight");
            float[] base = conv.getArray().toFloatArray();
            m.styles().apply(StyleMix.parse("ink:1", 1));
            assertFalse(Arrays.equals(base, conv.getArray().toFloatArray()), "the style changes spatial weights");
            var temporal = Weights.named(m.denoiser()).get("res0.temporal.weight");
            float[] t0 = temporal.getArray().toFloatArray();
            m.styles().apply(StyleMix.parse("ink:0.5", 1));
            assertArrayEquals(t0, temporal.getArray().toFloatArray(), 0f);
            m.styles().apply(StyleMix.NONE);
            assertArrayEquals(base, conv.getArray().toFloatArray(), 0f);
        }
    }
}
