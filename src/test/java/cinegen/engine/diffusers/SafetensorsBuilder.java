package cinegen.engine.diffusers;

import cinegen.engine.pack.Half;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes safetensors files for tests: any dtype name, any shape, raw little-endian bytes or float values. */
public final class SafetensorsBuilder {
    private record Entry(String dtype, long[] shape, byte[] data) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsBuilder raw(String name, String dtype, long[] shape, byte[] data) {
        entries.put(name, new Entry(dtype, shape, data));
        return this;
    }

    /** Float values stored as F32, F16 or BF16, rounded as torch's {@code .to(dtype)} does (to nearest, ties to even). */
    public SafetensorsBuilder floats(String name, String dtype, long[] shape, float[] values) {
        return raw(name, dtype, shape, encode(values, dtype));
    }

    /** {@code values} as little-endian F32, F16 or BF16 bytes. */
    public static byte[] encode(float[] values, String dtype) {
        int width = dtype.equals("F32") ? 4 : 2;
        ByteBuffer b = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case "F32" -> b.putFloat(v);
                case "F16" -> b.putShort(Half.fromFloat(v));
                case "BF16" -> b.putShort((short) bf16Bits(v));
                default -> throw new IllegalArgumentException(dtype);
            }
        }
        return b.array();
    }

    /** {@code v} as stored in {@code dtype} and read back. */
    public static float stored(float v, String dtype) {
        return switch (dtype) {
            case "F32" -> v;
            case "F16" -> Half.toFloat(Half.fromFloat(v));
            case "BF16" -> Float.intBitsToFloat(bf16Bits(v) << 16);
            default -> throw new IllegalArgumentException(dtype);
        };
    }

    private static int bf16Bits(float v) {
        int bits = Float.floatToRawIntBits(v);
        return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
    }

    /** Zeros of the right byte length for {@code dtype}: for header-only classification tests. */
    public SafetensorsBuilder zeros(String name, String dtype, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        int width = switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            default -> 1;
        };
        return raw(name, dtype, shape, new byte[Math.toIntExact(n * width)]);
    }

    public SafetensorsBuilder zeros(String name, long... shape) { return zeros(name, "F16", shape); }

    public SafetensorsBuilder meta(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public Path write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype());
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) shape.add(d);
            t.putArray("data_offsets").add(offset).add(offset + e.getValue().data().length);
            offset += e.getValue().data().length;
        }
        byte[] h = json.writeValueAsBytes(header);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            os.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            os.write(h);
            for (Entry e : entries.values()) os.write(e.data());
        }
        return file;
    }
}
