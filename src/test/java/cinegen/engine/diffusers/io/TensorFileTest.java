package cinegen.engine.diffusers.io;

import cinegen.engine.diffusers.SafetensorsBuilder;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TensorFileTest {
    @TempDir Path dir;

    private static float[] values(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    /** Values that F16 and BF16 hold exactly, subnormal halves and signed zero included. */
    private static float[] exactInHalfAndBf16() {
        return new float[]{0f, -0f, 1f, -2.5f, 0.15625f, 1024f, 0x1p-24f * 64, -0x1p-14f, 3.75f, 100f, -0.5f, 7f};
    }

    @Test
    void readsF32F16Bf16AsFloat32WithShapesAndMetadata() throws Exception {
        float[] f32 = values(24, 1), exact = exactInHalfAndBf16();
        Path file = new SafetensorsBuilder()
                .floats("a.weight", "F32", new long[]{2, 3, 4}, f32)
                .floats("b.half", "F16", new long[]{3, 4}, exact)
                .floats("c.bf16", "BF16", new long[]{12}, exact)
                .floats("scalar", "F32", new long[]{}, new float[]{4f})
                .floats("empty", "F16", new long[]{0, 4}, new float[]{})
                .meta("modelspec.architecture", "stable-diffusion-v1")
                .meta("ss_base_model_version", "sd_v1")
                .write(dir.resolve("m.safetensors"));
        try (TensorFile tf = TensorFile.open(file); NDManager m = NDManager.newBaseManager()) {
            assertEquals(List.of("a.weight", "b.half", "c.bf16", "scalar", "empty"), List.copyOf(tf.names()));
            assertEquals("stable-diffusion-v1", tf.metadata().get("modelspec.architecture"));
            assertEquals("sd_v1", tf.metadata().get("ss_base_model_version"));
            TensorInfo a = tf.info("a.weight");
            assertEquals(DType.F32, a.dtype());
            assertArrayEquals(new long[]{2, 3, 4}, a.shape());
            assertEquals(96, a.bytes());
            assertEquals(DType.F16, tf.info("b.half").dtype());
            assertEquals(24, tf.info("b.half").bytes());

            NDArray la = tf.load("a.weight", m);
            assertEquals(DataType.FLOAT32, la.getDataType());
            assertArrayEquals(new long[]{2, 3, 4}, la.getShape().getShape());
            assertArrayEquals(f32, la.toFloatArray());
            assertArrayEquals(exact, tf.load("b.half", m).toFloatArray());
            assertArrayEquals(new long[]{3, 4}, tf.load("b.half", m).getShape().getShape());
            assertArrayEquals(exact, tf.load("c.bf16", m).toFloatArray());
            NDArray s = tf.load("scalar", m);
            assertEquals(0, s.getShape().dimension());
            assertEquals(4f, s.getFloat());
            NDArray empty = tf.load("empty", m);
            assertArrayEquals(new long[]{0, 4}, empty.getShape().getShape());
            assertEquals(0, empty.toFloatArray().length);
            // a loaded array is writable memory of its own, not the file's mapping
            la.addi(1f);
            assertEquals(f32[0] + 1f, la.toFloatArray()[0]);
            assertArrayEquals(f32, tf.load("a.weight", m).toFloatArray());
        }
    }

    @Test
    void everyHalfValueWidensExactly() {
        for (int h = 0; h < 65536; h++) {
            float expected = cinegen.engine.pack.Half.toFloat((short) h);
            float actual = HalfFloat.toFloat((short) h);
            if (Float.isNaN(expected)) assertTrue(Float.isNaN(actual), "half " + h);
            else assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), "half " + h);
        }
    }

    @Test
    void headerOfAHugeFileIsReadWithoutItsData() throws Exception {
        // A sparse 3 GB file: the header declares a 2.4 GB F32 tensor and a small one after it.
        long big = 600_000_000L;
        String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + big + "],\"data_offsets\":[0," + big * 4 + "]},"
                + "\"small\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[" + big * 4 + "," + (big * 4 + 4) + "]}}";
        Path file = dir.resolve("huge.safetensors");
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            raf.write(h);
            raf.setLength(8 + h.length + big * 4 + 4);
        }
        long t0 = System.nanoTime();
        try (TensorFile tf = TensorFile.open(file); NDManager m = NDManager.newBaseManager()) {
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "opening must not read the data");
            assertEquals(big * 4, tf.info("big").bytes());
            assertEquals(8 + h.length + big * 4 + 4, tf.fileSize());
            assertArrayEquals(new float[]{0f, 0f}, tf.load("small", m).toFloatArray());
            ModelFileException e = assertThrows(ModelFileException.class, () -> tf.load("big", m));
            assertTrue(e.getMessage().startsWith("huge.safetensors: tensor 'big' has a dimension too large"), e.getMessage());
        }
    }

    private ModelFileException openFails(Path file) {
        return assertThrows(ModelFileException.class, () -> TensorFile.open(file).close());
    }

    private Path withHeader(String name, String json, int dataBytes) throws Exception {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(dir.resolve(name), b.array());
    }

    @Test
    void truncatedFilesSaySo() throws Exception {
        Path good = new SafetensorsBuilder().floats("w", "F32", new long[]{4, 4}, values(16, 2)).write(dir.resolve("good.safetensors"));
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.safetensors"), java.util.Arrays.copyOf(all, all.length - 10));
        String msg = openFails(cut).getMessage();
        assertTrue(msg.startsWith("cut.safetensors: the file is truncated: tensor 'w' ends at byte"), msg);

        Path cutHeader = Files.write(dir.resolve("cuthead.safetensors"), java.util.Arrays.copyOf(all, 20));
        msg = openFails(cutHeader).getMessage();
        assertTrue(msg.startsWith("cuthead.safetensors: the file is truncated: its header needs"), msg);

        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[]{1, 2, 3});
        assertTrue(openFails(tiny).getMessage().startsWith("tiny.safetensors: the file is truncated (3 bytes)"));
    }

    @Test
    void otherFilesAreNotSafetensors() throws Exception {
        Path zip = Files.write(dir.resolve("model.ckpt"), "PK\u0003\u0004 some zip bytes that go on".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(openFails(zip).getMessage().startsWith("model.ckpt: not a safetensors file"), openFails(zip).getMessage());
        Path array = withHeader("array.safetensors", "[1, 2, 3]", 0);
        assertEquals("array.safetensors: not a safetensors file (its header is not a JSON object)", openFails(array).getMessage());
        Path broken = withHeader("broken.safetensors", "{\"w\": {\"dtype\": ", 0);
        assertEquals("broken.safetensors: not a safetensors file (its header is not valid JSON)", openFails(broken).getMessage());
        assertEquals("absent.safetensors: the file does not exist", openFails(dir.resolve("absent.safetensors")).getMessage());
    }

    @Test
    void malformedEntriesNameTheTensor() throws Exception {
        String msg = openFails(withHeader("neg.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,0]}}", 0)).getMessage();
        assertEquals("neg.safetensors: tensor 'w' has a negative dimension (-1)", msg);

        long d = 1L << 40;
        msg = openFails(withHeader("over.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[" + d + "," + d + "],\"data_offsets\":[0,0]}}", 0)).getMessage();
        assertTrue(msg.startsWith("over.safetensors: tensor 'w' has a dimension too large: shape [" + d + ", " + d + "] overflows 64 bits"), msg);

        msg = openFails(withHeader("len.safetensors", "{\"w\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)).getMessage();
        assertEquals("len.safetensors: tensor 'w' holds 8 bytes but its shape [3] of F16 needs 6 (corrupt header)", msg);

        msg = openFails(withHeader("dt.safetensors", "{\"w\":{\"dtype\":\"Q4_K\",\"shape\":[3],\"data_offsets\":[0,3]}}", 3)).getMessage();
        assertEquals("dt.safetensors: tensor 'w' has an unknown element type 'Q4_K'", msg);

        msg = openFails(withHeader("off.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4)).getMessage();
        assertTrue(msg.startsWith("off.safetensors: tensor 'w' has invalid data_offsets"), msg);

        msg = openFails(withHeader("noshape.safetensors", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4)).getMessage();
        assertEquals("noshape.safetensors: tensor 'w' has no shape in the header (corrupt file)", msg);

        Path hugeLen = dir.resolve("hugelen.safetensors");
        Files.write(hugeLen, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 50).array());
        assertTrue(openFails(hugeLen).getMessage().startsWith("hugelen.safetensors: not a safetensors file"));
    }

    @Test
    void fp8AndIntegerTensorsAreRecognisedAndRefusedAsWeights() throws Exception {
        Path file = new SafetensorsBuilder()
                .zeros("w8", "F8_E4M3", 4, 4)
                .zeros("w8b", "F8_E5M2", 4)
                .zeros("position_ids", "I64", 1, 77)
                .floats("ok", "F16", new long[]{2}, new float[]{1, 2})
                .write(dir.resolve("fp8.safetensors"));
        try (TensorFile tf = TensorFile.open(file); NDManager m = NDManager.newBaseManager()) {
            assertEquals(DType.F8_E4M3, tf.info("w8").dtype());
            assertEquals(16, tf.info("w8").bytes());
            assertEquals(DType.I64, tf.info("position_ids").dtype());
            assertEquals("fp8.safetensors: tensor 'w8' is stored as 8-bit float (F8_E4M3), which cannot be loaded here; "
                    + "convert the model to fp16 safetensors first", assertThrows(ModelFileException.class, () -> tf.load("w8", m)).getMessage());
            assertTrue(assertThrows(ModelFileException.class, () -> tf.load("w8b", m)).getMessage().contains("(F8_E5M2)"));
            assertEquals("fp8.safetensors: tensor 'position_ids' holds I64 values, not floating-point weights (F32, F16 or BF16)",
                    assertThrows(ModelFileException.class, () -> tf.load("position_ids", m)).getMessage());
            assertEquals("fp8.safetensors: there is no tensor 'nope' in the file",
                    assertThrows(ModelFileException.class, () -> tf.load("nope", m)).getMessage());
            assertArrayEquals(new float[]{1, 2}, tf.load("ok", m).toFloatArray());
        }
    }
}
