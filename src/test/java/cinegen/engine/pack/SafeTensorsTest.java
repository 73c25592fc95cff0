package cinegen.engine.pack;

import cinegen.engine.family.bundled.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SafeTensorsTest {
    @Test
    void roundTripsFloatAndHalfTensors(@TempDir Path dir) throws Exception {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("a.weight", new SafeTensors.Tensor(new long[] {2, 3}, new float[] {1, -2, 0.5f, 3.25f, -0.125f, 1024}));
        t.put("b", new SafeTensors.Tensor(new long[] {1}, new float[] {7}));
        SafeTensors.write(dir.resolve("f32.safetensors"), t, SafeTensors.DType.F32);
        SafeTensors.write(dir.resolve("f16.safetensors"), t, SafeTensors.DType.F16);
        for (String f : new String[] {"f32.safetensors", "f16.safetensors"}) {
            Map<String, SafeTensors.Tensor> r = SafeTensors.read(dir.resolve(f));
            assertEquals(t.keySet(), r.keySet());
            assertArrayEquals(t.get("a.weight").shape(), r.get("a.weight").shape());
            assertArrayEquals(t.get("a.weight").data(), r.get("a.weight").data(), 0f, f); // all exactly representable in half
        }
        // The layout is the standard one: 8-byte little-endian header length, then JSON.
        byte[] bytes = Files.readAllBytes(dir.resolve("f16.safetensors"));
        long len = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) len);
        assertEquals('{', header.charAt(0));
        assertEquals(8 + len + 2 * 7, bytes.length);
    }

    @Test
    void halfPrecisionMatchesIeeeForKnownValues() {
        assertEquals(0x3c00, Half.fromFloat(1f) & 0xffff);
        assertEquals(0xc000, Half.fromFloat(-2f) & 0xffff);
        assertEquals(0x7bff, Half.fromFloat(65504f) & 0xffff);
        assertEquals(0x0001, Half.fromFloat(5.9604645e-8f) & 0xffff); // smallest subnormal
        assertEquals(0x3555, Half.fromFloat(1f / 3) & 0xffff);
        for (float v : new float[] {0f, 1f, -2.5f, 0.1f, 1000f, 6.1e-5f, 3.0e-7f}) {
            float back = Half.toFloat(Half.fromFloat(v));
            assertEquals(v, back, Math.abs(v) * 1e-3f + 6e-8f, "value " + v);
        }
    }
}
