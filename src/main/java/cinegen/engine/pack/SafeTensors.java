package cinegen.engine.pack;

import cinegen.engine.family.bundled.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data). The format every diffusion toolkit
 * uses, so weights trained elsewhere can be brought into a model pack. F32 and F16 are supported; tensors are
 * always handed out as float arrays.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafeTensors() {}

    /** One tensor: its shape and its values as floats. */
    public record Tensor(long[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (long d : shape) n *= d;
            if (n != data.length) throw new IllegalArgumentException("shape holds " + n + " values, data has " + data.length);
        }
    }

    public enum DType { F32, F16 }

    /** Reads every tensor. Throws {@link ModelPackException} naming the file for anything malformed. */
    public static Map<String, Tensor> read(Path file) throws ModelPackException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) throw new ModelPackException(name + ": file is missing");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new ModelPackException(name + ": file is truncated (" + size + " bytes)");
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw new ModelPackException(name + ": not a safetensors file (bad header length " + headerLen + ")");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ModelPackException(name + ": header is not valid JSON");
            }
            if (header == null || !header.isObject()) throw new ModelPackException(name + ": header is not a JSON object");
            long dataStart = 8 + headerLen, dataLen = size - dataStart;
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) continue;
                out.put(e.getKey(), readTensor(ch, name, e.getKey(), e.getValue(), dataStart, dataLen));
            }
            return out;
        } catch (IOException e) {
            throw new ModelPackException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static Tensor readTensor(FileChannel ch, String file, String key, JsonNode t, long dataStart, long dataLen)
            throws IOException, ModelPackException {
        String where = file + ": tensor '" + key + "'";
        String dtype = t.path("dtype").asText("");
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16" -> 2;
            default -> throw new ModelPackException(where + " has unsupported dtype '" + dtype + "' (F32 or F16)");
        };
        JsonNode shapeNode = t.path("shape"), offs = t.path("data_offsets");
        if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2) throw new ModelPackException(where + " has no shape or data_offsets");
        long[] shape = new long[shapeNode.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) throw new ModelPackException(where + " has a negative dimension");
            n *= shape[i];
        }
        long begin = offs.get(0).asLong(-1), end = offs.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLen) throw new ModelPackException(where + " points outside the file (corrupt or truncated)");
        if (end - begin != n * width) throw new ModelPackException(where + " holds " + (end - begin) + " bytes, its shape needs " + n * width);
        if (n > Integer.MAX_VALUE) throw new ModelPackException(where + " is too large");
        ByteBuffer buf = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, dataStart + begin);
        buf.flip();
        float[] data = new float[(int) n];
        if (width == 4) {
            buf.asFloatBuffer().get(data);
        } else {
            for (int i = 0; i < data.length; i++) data[i] = Half.toFloat(buf.getShort());
        }
        for (float f : data) {
            if (!Float.isFinite(f)) throw new ModelPackException(where + " contains NaN or infinite values (corrupt weights)");
        }
        return new Tensor(shape, data);
    }

    /** Temp files are created owner-only; weights are shipped and installed, so make them world-readable. */
    private static void readableByAll(Path p) {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: its defaults apply.
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) throw new IOException("unexpected end of file");
            pos += r;
        }
    }

    /** Writes tensors atomically (temp file, then rename). */
    public static void write(Path file, Map<String, Tensor> tensors, DType dtype) throws IOException {
        int width = dtype == DType.F32 ? 4 : 2;
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype.name());
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) shape.add(d);
            long len = (long) e.getValue().data().length * width;
            t.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] h = JSON.writeValueAsBytes(header);
        int pad = (8 - (h.length % 8)) % 8;
        byte[] hp = new byte[h.length + pad];
        System.arraycopy(h, 0, hp, 0, h.length);
        for (int i = h.length; i < hp.length; i++) hp[i] = ' ';
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hp.length);
                os.write(len.array());
                os.write(hp);
                for (Tensor t : tensors.values()) {
                    ByteBuffer b = ByteBuffer.allocate(t.data().length * width).order(ByteOrder.LITTLE_ENDIAN);
                    for (float f : t.data()) {
                        if (width == 4) b.putFloat(f);
                        else b.putShort(Half.fromFloat(f));
                    }
                    os.write(b.array());
                }
            }
            readableByAll(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
