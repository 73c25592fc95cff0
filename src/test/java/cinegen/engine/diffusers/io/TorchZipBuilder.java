package cinegen.engine.diffusers.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes files in torch.save's zip format for tests: a protocol-2 pickle of {'state_dict': OrderedDict(name ->
 * tensor)} as PyTorch writes it (rebuild_tensor_v2 over persistent storage ids, Parameters, _metadata), and one
 * stored entry per storage.
 */
final class TorchZipBuilder {
    /** Pickle opcodes, written by hand. */
    static final class Pickle {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int memo;

        Pickle op(int op) { out.write(op); return this; }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return put();
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return put();
        }

        Pickle integer(long v) {
            if (v >= 0 && v < 256) return op('K').op((int) v);
            op('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            return this;
        }

        Pickle tuple(long... values) {
            op('(');
            for (long v : values) integer(v);
            return op('t').put();
        }

        Pickle put() { return op('q').op(memo++ & 0xff); }

        byte[] bytes() { return out.toByteArray(); }
    }

    record Tensor(String dtype, long[] shape, byte[] data, long offset, long[] stride, String storage) {}

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, byte[]> storages = new LinkedHashMap<>();
    private final Map<String, String> storageTypes = new LinkedHashMap<>();
    private boolean extras = true;

    /** A contiguous tensor with a storage of its own. */
    TorchZipBuilder floats(String name, String dtype, long[] shape, float[] values) {
        int width = dtype.equals("F32") ? 4 : 2;
        ByteBuffer b = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (width == 4) b.putFloat(v);
            else b.putShort(cinegen.engine.pack.Half.fromFloat(v));
        }
        return view(name, dtype, shape, contiguous(shape), 0, String.valueOf(storages.size()), b.array());
    }

    /** A tensor of zeros with a storage of its own. */
    TorchZipBuilder zeros(String name, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return view(name, "F16", shape, contiguous(shape), 0, String.valueOf(storages.size()), new byte[(int) n * 2]);
    }

    /** A view into storage {@code key} (created with {@code data} unless it exists). */
    TorchZipBuilder view(String name, String dtype, long[] shape, long[] stride, long offset, String key, byte[] data) {
        storages.putIfAbsent(key, data);
        storageTypes.putIfAbsent(key, dtype.equals("F32") ? "FloatStorage" : "HalfStorage");
        tensors.put(name, new Tensor(dtype, shape, storages.get(key), offset, stride, key));
        return this;
    }

    /** Without the training extras (global_step, Lightning callback state): a bare state dict at the top. */
    TorchZipBuilder bare() {
        extras = false;
        return this;
    }

    static long[] contiguous(long[] shape) {
        long[] s = new long[shape.length];
        long n = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = n;
            n *= shape[i];
        }
        return s;
    }

    byte[] pickle() {
        Pickle p = new Pickle();
        p.op(0x80).op(2);
        if (extras) {
            p.op('}').put().op('(');
            p.str("state_dict");
        }
        p.global("collections", "OrderedDict").op(')').op('R').put().op('(');
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            p.str(e.getKey());
            boolean parameter = e.getKey().endsWith(".weight");
            if (parameter) p.global("torch._utils", "_rebuild_parameter");
            p.global("torch._utils", "_rebuild_tensor_v2").op('(');
            p.op('(').str("storage").global("torch", storageTypes.get(t.storage())).str(t.storage()).str("cpu")
                    .integer(storages.get(t.storage()).length / (t.dtype().equals("F32") ? 4 : 2)).op('t').put().op('Q');
            p.integer(t.offset()).tuple(t.shape()).tuple(t.stride()).op(0x89);
            p.global("collections", "OrderedDict").op(')').op('R').put();
            p.op('t').put().op('R').put();
            if (parameter) p.op(0x88).global("collections", "OrderedDict").op(')').op('R').put().op(0x87).put().op('R').put();
        }
        p.op('u');
        // state_dict()._metadata, set through BUILD
        p.op('}').put().str("_metadata").global("collections", "OrderedDict").op(')').op('R').put().op('s').op('b');
        if (extras) {
            p.str("global_step").integer(123456);
            p.str("callbacks").op('}').put().str("ModelCheckpoint{monitor: None}");
            p.global("pytorch_lightning.callbacks.model_checkpoint", "ModelCheckpoint").op(')').op(0x81).put();
            p.op('}').put().str("best_model_score").op('N').op('s').op('b').op('s');
            p.op('u');
        }
        p.op('.');
        return p.bytes();
    }

    Path write(Path file) throws IOException { return write(file, pickle()); }

    /** Writes the archive with a given data.pkl (for hostile pickles). */
    Path write(Path file, byte[] pickle) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            String root = file.getFileName().toString().replaceAll("\\..*", "") + "/";
            stored(zip, root + "data.pkl", pickle);
            for (Map.Entry<String, byte[]> s : storages.entrySet()) stored(zip, root + "data/" + s.getKey(), s.getValue());
            stored(zip, root + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, root + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
