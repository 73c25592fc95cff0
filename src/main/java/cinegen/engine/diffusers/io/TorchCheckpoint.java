package cinegen.engine.diffusers.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PyTorch checkpoint ({@code .ckpt}, {@code .pt}, {@code .pth}, {@code .bin} written by {@code torch.save} since
 * PyTorch 1.6: a zip archive of {@code data.pkl} and one stored entry per tensor storage), read without running
 * any Python. {@link RestrictedUnpickler} rebuilds only dicts, lists, tuples, numbers, strings and tensor
 * references from a short list of allowed globals and refuses any other, naming it; tensors are then mapped from
 * the archive like safetensors data. Pre-1.6 (non-zip) files are refused with the way to convert them.
 */
public final class TorchCheckpoint implements TensorSource {
    /** data.pkl of a large SD checkpoint is a few MB; anything far larger is not a weights file. */
    static final long MAX_PICKLE = 256L * 1024 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final Map<String, TensorInfo> tensors;

    private TorchCheckpoint(Path path, FileChannel channel, long fileSize, Map<String, TensorInfo> tensors) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.tensors = tensors;
    }

    /** How to turn a file we refuse into one we read. */
    static final String CONVERT = "convert it to safetensors (for example with a ComfyUI or kohya \"save as safetensors\" "
            + "node or script) and use that file";

    public static TorchCheckpoint open(Path file) throws ModelFileException {
        if (!Files.isRegularFile(file)) throw new ModelFileException(file, "the file does not exist");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            long size = ch.size();
            if (size < 22 || !TensorSources.isZip(file)) {
                throw new ModelFileException(file, "is not a zip-format PyTorch checkpoint (an older pickle format, or not a "
                        + "checkpoint at all), so it cannot be read safely; " + CONVERT);
            }
            Map<String, long[]> entries = Zip.entries(file, ch, size);
            String pkl = null;
            for (String n : entries.keySet()) {
                if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) pkl = n;
            }
            if (pkl == null) throw new ModelFileException(file, "is a zip file without data.pkl, not a PyTorch checkpoint");
            String root = pkl.substring(0, pkl.length() - "data.pkl".length());
            String order = entries.containsKey(root + "byteorder") ? new String(Zip.read(file, ch, entries.get(root + "byteorder"), 16),
                    StandardCharsets.US_ASCII).trim() : "little";
            if (!order.equals("little")) throw new ModelFileException(file, "was saved on a big-endian machine, which is not supported; " + CONVERT);
            byte[] pickle = Zip.read(file, ch, entries.get(pkl), MAX_PICKLE);
            Object obj = new RestrictedUnpickler(file, pickle).load();
            Map<String, TensorInfo> tensors = collect(file, ch, obj, entries, root);
            TorchCheckpoint t = new TorchCheckpoint(file, ch, size, tensors);
            ch = null;
            return t;
        } catch (IOException e) {
            throw new ModelFileException(file, "the file cannot be read (" + e.getMessage() + ")");
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }

    /** The tensors of the state dict: {@code obj["state_dict"]} when there is one, else the top-level dict. */
    private static Map<String, TensorInfo> collect(Path file, FileChannel ch, Object obj, Map<String, long[]> entries, String root)
            throws ModelFileException, IOException {
        if (!(obj instanceof Map<?, ?> top)) throw new ModelFileException(file, "does not hold a dictionary of tensors");
        Object sd = top.get("state_dict");
        Map<?, ?> dict = sd instanceof Map<?, ?> m ? m : top;
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof RestrictedUnpickler.TensorRef t)) continue;
            long[] entry = entries.get(root + "data/" + t.storageKey());
            if (entry == null) throw new ModelFileException(file, "tensor '" + name + "' points to a storage the archive does not have (corrupt file)");
            if (entry[2] != 0) throw new ModelFileException(file, "its tensor storages are compressed, which torch.save never does; " + CONVERT);
            long numel = 1;
            long[] contiguous = new long[t.size().length];
            try {
                for (int i = t.size().length - 1; i >= 0; i--) {
                    if (t.size()[i] < 0) throw new ModelFileException(file, "tensor '" + name + "' has a negative dimension");
                    contiguous[i] = numel;
                    numel = Math.multiplyExact(numel, t.size()[i]);
                }
                long width = t.dtype().width();
                long begin = Math.multiplyExact(t.offset(), width), bytes = Math.multiplyExact(numel, width);
                if (numel > 1 && !java.util.Arrays.equals(dropUnit(contiguous, t.size()), dropUnit(t.stride(), t.size()))) {
                    throw new ModelFileException(file, "tensor '" + name + "' is a non-contiguous view, which is not supported; " + CONVERT);
                }
                if (t.offset() < 0 || Math.addExact(begin, bytes) > entry[1]) {
                    throw new ModelFileException(file, "the file is truncated or corrupt: tensor '" + name + "' lies outside its storage");
                }
                long data = Zip.dataOffset(ch, entry[0]);
                if (data + entry[1] > ch.size()) {
                    throw new ModelFileException(file, "the file is truncated: tensor '" + name + "' ends past the end of the file");
                }
                out.put(name, new TensorInfo(name, t.dtype(), t.size(), data + begin, bytes));
            } catch (ArithmeticException x) {
                throw new ModelFileException(file, "tensor '" + name + "' has a dimension too large (its size overflows 64 bits)");
            }
        }
        if (out.isEmpty()) throw new ModelFileException(file, "holds no tensors");
        return Collections.unmodifiableMap(out);
    }

    /** Strides of size-1 dimensions do not matter for contiguity. */
    private static long[] dropUnit(long[] stride, long[] size) {
        long[] s = stride.clone();
        for (int i = 0; i < s.length; i++) if (size[i] == 1) s[i] = 0;
        return s;
    }

    @Override public Path path() { return path; }

    @Override public long fileSize() { return fileSize; }

    @Override public Set<String> names() { return tensors.keySet(); }

    @Override public boolean has(String name) { return tensors.containsKey(name); }

    @Override
    public TensorInfo info(String name) throws ModelFileException {
        TensorInfo t = tensors.get(name);
        if (t == null) throw new ModelFileException(path, "there is no tensor '" + name + "' in the file");
        return t;
    }

    @Override public Map<String, String> metadata() { return Map.of(); }

    @Override
    public NDArray load(String name, NDManager manager) throws ModelFileException {
        TensorInfo t = info(name);
        TensorFile.checkLoadable(path, t);
        ByteBuffer src;
        try {
            src = channel.map(FileChannel.MapMode.READ_ONLY, t.offset(), t.bytes());
        } catch (IOException e) {
            throw new ModelFileException(path, "tensor '" + name + "' cannot be read (" + e.getMessage() + ")");
        }
        ByteBuffer dst = TensorFile.alignedDirect(Math.multiplyExact(t.numel(), 4L));
        TensorFile.toFloat32(t.dtype(), src, dst);
        return WeightStorage.stored(manager.create(dst, new Shape(t.shape()), DataType.FLOAT32));
    }

    @Override
    public float[] loadFloats(String name) throws ModelFileException {
        TensorInfo t = info(name);
        TensorFile.checkLoadable(path, t);
        if (t.numel() > MAX_HEAP_FLOATS) throw new ModelFileException(path, "tensor '" + name + "' is too large to read onto the heap");
        try {
            ByteBuffer src = ByteBuffer.allocate((int) t.bytes());
            TensorFile.readFully(channel, src, t.offset());
            ByteBuffer dst = ByteBuffer.allocate((int) t.numel() * 4).order(ByteOrder.nativeOrder());
            TensorFile.toFloat32(t.dtype(), src.flip(), dst);
            float[] out = new float[(int) t.numel()];
            dst.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new ModelFileException(path, "tensor '" + name + "' cannot be read (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only
        }
    }

    /** The few parts of the zip format torch.save writes (stored entries, ZIP64 for large files). */
    static final class Zip {
        private Zip() {}

        /** name -> {local header offset, size, compressed (0/1), compressed size}. */
        static Map<String, long[]> entries(Path file, FileChannel ch, long size) throws IOException, ModelFileException {
            int tail = (int) Math.min(size, 22 + 65535);
            ByteBuffer b = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
            TensorFile.readFully(ch, b, size - tail);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (b.getInt(i) == 0x06054b50) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) throw new ModelFileException(file, "the file is truncated (its zip directory is missing)");
            long count = b.getShort(eocd + 10) & 0xffff, cdSize = b.getInt(eocd + 12) & 0xffffffffL, cdOffset = b.getInt(eocd + 16) & 0xffffffffL;
            if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
                int loc = eocd - 20;
                if (loc < 0 || b.getInt(loc) != 0x07064b50) throw new ModelFileException(file, "the file is truncated or corrupt (ZIP64 directory missing)");
                long z64 = b.getLong(loc + 8);
                ByteBuffer z = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
                TensorFile.readFully(ch, z, z64);
                if (z.getInt(0) != 0x06064b50) throw new ModelFileException(file, "the file is corrupt (bad ZIP64 directory)");
                count = z.getLong(32);
                cdSize = z.getLong(40);
                cdOffset = z.getLong(48);
            }
            if (cdOffset + cdSize > size || cdSize > Integer.MAX_VALUE || count > cdSize / 46) {
                throw new ModelFileException(file, "the file is truncated (its zip directory points past the end)");
            }
            ByteBuffer cd = ByteBuffer.allocate((int) cdSize).order(ByteOrder.LITTLE_ENDIAN);
            TensorFile.readFully(ch, cd, cdOffset);
            Map<String, long[]> out = new HashMap<>();
            int p = 0;
            for (long i = 0; i < count; i++) {
                if (p + 46 > cdSize || cd.getInt(p) != 0x02014b50) throw new ModelFileException(file, "the file is corrupt (bad zip directory entry)");
                int method = cd.getShort(p + 10) & 0xffff;
                long comp = cd.getInt(p + 20) & 0xffffffffL, plain = cd.getInt(p + 24) & 0xffffffffL;
                int nameLen = cd.getShort(p + 28) & 0xffff, extraLen = cd.getShort(p + 30) & 0xffff, commentLen = cd.getShort(p + 32) & 0xffff;
                long local = cd.getInt(p + 42) & 0xffffffffL;
                if (p + 46 + nameLen + extraLen > cdSize) throw new ModelFileException(file, "the file is corrupt (bad zip directory entry)");
                byte[] nb = new byte[nameLen];
                cd.get(p + 46, nb);
                int e = p + 46 + nameLen, end = e + extraLen;
                while (e + 4 <= end) {
                    int id = cd.getShort(e) & 0xffff, len = cd.getShort(e + 2) & 0xffff;
                    if (id == 0x0001) {
                        int q = e + 4;
                        if (plain == 0xffffffffL) { plain = cd.getLong(q); q += 8; }
                        if (comp == 0xffffffffL) { comp = cd.getLong(q); q += 8; }
                        if (local == 0xffffffffL) local = cd.getLong(q);
                    }
                    e += 4 + len;
                }
                if (method != 0 && method != 8) throw new ModelFileException(file, "uses zip compression method " + method + ", which torch.save never writes");
                out.put(new String(nb, StandardCharsets.UTF_8), new long[]{local, plain, method == 8 ? 1 : 0, comp});
                p = end + commentLen;
            }
            return out;
        }

        /** Where an entry's data starts, after its local header. */
        static long dataOffset(FileChannel ch, long local) throws IOException {
            ByteBuffer h = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
            TensorFile.readFully(ch, h, local);
            if (h.getInt(0) != 0x04034b50) throw new IOException("bad zip entry header");
            return local + 30 + (h.getShort(26) & 0xffff) + (h.getShort(28) & 0xffff);
        }

        /** A small entry's bytes (inflated when deflated); refuses entries above {@code max}. */
        static byte[] read(Path file, FileChannel ch, long[] entry, long max) throws IOException, ModelFileException {
            if (entry[1] > max || entry[3] > max) throw new ModelFileException(file, "its data.pkl is implausibly large (" + entry[1] + " bytes)");
            long data = dataOffset(ch, entry[0]);
            ByteBuffer b = ByteBuffer.allocate((int) entry[3]);
            TensorFile.readFully(ch, b, data);
            if (entry[2] == 0) return b.array();
            Inflater inf = new Inflater(true);
            try {
                inf.setInput(b.array());
                byte[] out = new byte[(int) entry[1]];
                int n = 0;
                while (n < out.length && !inf.finished()) {
                    int r = inf.inflate(out, n, out.length - n);
                    if (r == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                    n += r;
                }
                if (n != out.length) throw new ModelFileException(file, "the file is truncated (a zip entry ends early)");
                return out;
            } catch (DataFormatException e) {
                throw new ModelFileException(file, "the file is corrupt (a zip entry does not inflate)");
            } finally {
                inf.end();
            }
        }
    }
}
