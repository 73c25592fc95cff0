package cinegen.engine.family.bundled;

import ai.djl.Device;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.testing.TinyPack;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 32, case 6: hostile model packs are refused from their manifest and their weight files' headers, before a
 * network of absurd size is built or any weight data is read.
 */
class HostilePackTest {
    @TempDir Path tmp;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void absurdSizesInTheManifestAreRefusedBeforeAnythingIsBuilt() throws Exception {
        check(m -> ((ObjectNode) m.get("schedule")).put("trainSteps", 2_000_000_000), "schedule.trainSteps");
        check(m -> ((ObjectNode) m.get("architecture")).put("frameWindow", 2_000_000_000), "architecture.frameWindow");
        check(m -> ((ObjectNode) m.get("architecture")).put("width", 1_048_576), "architecture.width");
        check(m -> ((ObjectNode) m.get("architecture")).put("temporalLayers", 100_000), "temporal layer counts");
    }

    private void check(Consumer<ObjectNode> edit, String named) throws Exception {
        Path pack = TinyPack.create(tmp.resolve("p" + Math.abs(named.hashCode())), 3);
        ObjectNode m = (ObjectNode) JSON.readTree(pack.resolve("manifest.json").toFile());
        edit.accept(m);
        JSON.writeValue(pack.resolve("manifest.json").toFile(), m);
        ModelPackException e = assertThrows(ModelPackException.class, () -> ModelPack.open(pack));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void aHugeTensorInAWeightFileIsRefusedFromTheHeader() throws Exception {
        Path pack = TinyPack.create(tmp.resolve("huge"), 3);
        Path denoiser = pack.resolve("denoiser.safetensors");
        // An extra 2.4 GB F32 tensor at the end of the file (sparse: the bytes are never written).
        appendTensor(denoiser, "sneaky.weight", "F32", new long[] {600_000_000L}, 2_400_000_000L);
        ModelPackException e = assertThrows(ModelPackException.class, () -> VideoModel.load(ModelPack.open(pack), Device.cpu()));
        assertTrue(e.getMessage().contains("unexpected tensor 'sneaky.weight'"), e.getMessage());
    }

    @Test
    void aTensorOfTheWrongSizeIsRefusedBeforeItIsRead() throws Exception {
        Path pack = TinyPack.create(tmp.resolve("wrong"), 3);
        Path text = pack.resolve("text_encoder.safetensors");
        // One of the expected names declared with a billion F16 values.
        String name = new ObjectMapper().readTree(header(text)).fieldNames().next();
        replaceWithHuge(text, name, 1_000_000_000L);
        ModelPackException e = assertThrows(ModelPackException.class, () -> VideoModel.load(ModelPack.open(pack), Device.cpu()));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("shape"), e.getMessage());
    }

    private static String header(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] len = new byte[8];
            f.readFully(len);
            long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] h = new byte[(int) n];
            f.readFully(h);
            return new String(h, StandardCharsets.UTF_8);
        }
    }

    /** Rewrites the file with one more tensor entry whose data is a sparse hole of {@code bytes} after the old data. */
    private static void appendTensor(Path file, String name, String dtype, long[] shape, long bytes) throws Exception {
        ObjectNode h = (ObjectNode) JSON.readTree(header(file));
        long dataLen = Files.size(file) - 8 - header(file).getBytes(StandardCharsets.UTF_8).length;
        ObjectNode t = h.putObject(name);
        t.put("dtype", dtype);
        var s = t.putArray("shape");
        for (long d : shape) s.add(d);
        t.putArray("data_offsets").add(dataLen).add(dataLen + bytes);
        rewrite(file, h, dataLen + bytes);
    }

    private static void replaceWithHuge(Path file, String name, long values) throws Exception {
        ObjectNode h = (ObjectNode) JSON.readTree(header(file));
        long dataLen = Files.size(file) - 8 - header(file).getBytes(StandardCharsets.UTF_8).length;
        ObjectNode t = (ObjectNode) h.get(name);
        t.put("dtype", "F16");
        t.putArray("shape").add(values);
        t.putArray("data_offsets").add(dataLen).add(dataLen + 2 * values);
        rewrite(file, h, dataLen + 2 * values);
    }

    /** The new header, the old data, and the file extended (sparsely) to hold {@code dataLen} bytes of data. */
    private static void rewrite(Path file, ObjectNode header, long dataLen) throws Exception {
        String old = header(file);
        byte[] data = Files.readAllBytes(file);
        int oldStart = 8 + old.getBytes(StandardCharsets.UTF_8).length;
        byte[] h = JSON.writeValueAsBytes(header);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            f.write(h);
            f.write(data, oldStart, data.length - oldStart);
            f.setLength(8 + h.length + dataLen);
        }
    }
}
