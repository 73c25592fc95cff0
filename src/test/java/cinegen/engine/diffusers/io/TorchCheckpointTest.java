package cinegen.engine.diffusers.io;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TorchCheckpointTest {
    @TempDir Path dir;

    @Test
    void aTorchSaveArchiveIsReadWithoutRunningCode() throws Exception {
        float[] w = {1, -2, 3.5f, 4, 0.25f, -6};
        byte[] shared = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .putShort(cinegen.engine.pack.Half.fromFloat(9)).putShort(cinegen.engine.pack.Half.fromFloat(8))
                .putShort(cinegen.engine.pack.Half.fromFloat(7)).putShort(cinegen.engine.pack.Half.fromFloat(6))
                .putShort(cinegen.engine.pack.Half.fromFloat(5)).putShort(cinegen.engine.pack.Half.fromFloat(4)).array();
        Path file = new TorchZipBuilder()
                .floats("model.diffusion_model.out.2.weight", "F32", new long[]{2, 3}, w)
                .view("first.bias", "F16", new long[]{2}, new long[]{1}, 0, "s", shared)
                .view("second.bias", "F16", new long[]{2, 2}, new long[]{2, 1}, 2, "s", shared) // a view at an offset
                .write(dir.resolve("model.ckpt"));
        try (TensorSource src = TensorSources.open(file); NDManager m = NDManager.newBaseManager()) {
            assertInstanceOf(TorchCheckpoint.class, src);
            assertEquals(List.of("model.diffusion_model.out.2.weight", "first.bias", "second.bias"), List.copyOf(src.names()));
            assertEquals(DType.F32, src.info("model.diffusion_model.out.2.weight").dtype());
            assertArrayEquals(new long[]{2, 3}, src.info("model.diffusion_model.out.2.weight").shape());
            assertArrayEquals(w, src.load("model.diffusion_model.out.2.weight", m).toFloatArray());
            assertArrayEquals(new float[]{9, 8}, src.load("first.bias", m).toFloatArray());
            assertArrayEquals(new float[]{7, 6, 5, 4}, src.load("second.bias", m).toFloatArray());
            assertArrayEquals(new long[]{2, 2}, src.load("second.bias", m).getShape().getShape());
            assertArrayEquals(new float[]{7, 6, 5, 4}, src.loadFloats("second.bias"));
        }
    }

    @Test
    void aBareStateDictIsReadToo() throws Exception {
        Path file = new TorchZipBuilder().bare().floats("a.bias", "F16", new long[]{3}, new float[]{1, 2, 3}).write(dir.resolve("bare.pt"));
        try (TensorSource src = TensorSources.open(file); NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new float[]{1, 2, 3}, src.load("a.bias", m).toFloatArray());
        }
    }

    @Test
    void anyOtherGlobalIsRefusedByName() throws Exception {
        TorchZipBuilder.Pickle p = new TorchZipBuilder.Pickle();
        p.op(0x80).op(2).global("os", "system").op('(').str("echo hacked").op('t').op('R').op('.');
        Path file = new TorchZipBuilder().write(dir.resolve("evil.ckpt"), p.bytes());
        ModelFileException e = assertThrows(ModelFileException.class, () -> TensorSources.open(file));
        assertEquals("evil.ckpt: refers to the Python object 'os.system', which a weights file has no need of, so it was not opened "
                + "(it could run code); prefer the safetensors version of this model", e.getMessage());

        TorchZipBuilder.Pickle q = new TorchZipBuilder.Pickle();
        q.op(0x80).op(2).str("x").op('i').op('.'); // INST: an opcode a weights file never uses
        Path inst = new TorchZipBuilder().write(dir.resolve("inst.ckpt"), q.bytes());
        assertTrue(assertThrows(ModelFileException.class, () -> TensorSources.open(inst)).getMessage()
                .startsWith("inst.ckpt: its data.pkl uses pickle opcode 0x69"));
    }

    @Test
    void oldAndBrokenFilesAreRefusedWithTheWayOut() throws Exception {
        // the pre-1.6 format starts with a pickled magic number, not a zip header
        Path legacy = Files.write(dir.resolve("mm_sd_v14.ckpt"), new byte[]{(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c,
                0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e, 0, 0, 0, 0, 0, 0, 0, 0});
        ModelFileException e = assertThrows(ModelFileException.class, () -> TensorSources.open(legacy));
        assertTrue(e.getMessage().startsWith("mm_sd_v14.ckpt: is not a zip-format PyTorch checkpoint (an older pickle format, or not "
                + "a checkpoint at all), so it cannot be read safely; convert it to safetensors"), e.getMessage());

        Path good = new TorchZipBuilder().floats("a.weight", "F32", new long[]{64, 64}, new float[64 * 64]).write(dir.resolve("good.ckpt"));
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.ckpt"), Arrays.copyOf(all, all.length / 2));
        e = assertThrows(ModelFileException.class, () -> TensorSources.open(cut));
        assertEquals("cut.ckpt: the file is truncated (its zip directory is missing)", e.getMessage());

        Path strided = new TorchZipBuilder().view("t.weight", "F32", new long[]{2, 3}, new long[]{1, 2}, 0, "0", new byte[24])
                .write(dir.resolve("strided.ckpt"));
        e = assertThrows(ModelFileException.class, () -> TensorSources.open(strided));
        assertTrue(e.getMessage().startsWith("strided.ckpt: tensor 't.weight' is a non-contiguous view, which is not supported"), e.getMessage());

        Path outside = new TorchZipBuilder().view("t.weight", "F32", new long[]{2, 3}, new long[]{3, 1}, 4, "0", new byte[24])
                .write(dir.resolve("outside.ckpt"));
        e = assertThrows(ModelFileException.class, () -> TensorSources.open(outside));
        assertEquals("outside.ckpt: the file is truncated or corrupt: tensor 't.weight' lies outside its storage", e.getMessage());
    }
}
