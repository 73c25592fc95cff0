package cinegen.engine.diffusers.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle reader that builds data, never runs code: dicts, lists, tuples (as lists), numbers, strings, bytes, and
 * tensor references from torch's persistent storage ids. Globals are looked up in a fixed list: OrderedDict and
 * torch's tensor/parameter rebuild functions and storage types make data; a few objects that full training
 * checkpoints carry beside the weights (Lightning's ModelCheckpoint callback state, numpy scalars) become inert
 * placeholders; any other global is refused, naming it.
 */
final class RestrictedUnpickler {
    /** A tensor as torch saved it: a view of {@code size}/{@code stride} at element {@code offset} of a storage. */
    record TensorRef(String storageKey, DType dtype, long offset, long[] size, long[] stride) {}

    private record StorageType(DType dtype) {}

    private record StorageRef(String key, DType dtype) {}

    private enum Fn { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_TENSOR, REBUILD_PARAMETER }

    /** A placeholder for an allowed object that is not data (never called, never used for tensors). */
    private record Opaque(String name) {}

    private static final Map<String, Object> GLOBALS = new HashMap<>();

    static {
        GLOBALS.put("collections.OrderedDict", Fn.ORDERED_DICT);
        GLOBALS.put("torch._utils._rebuild_tensor_v2", Fn.REBUILD_TENSOR_V2);
        GLOBALS.put("torch._utils._rebuild_tensor", Fn.REBUILD_TENSOR);
        GLOBALS.put("torch._utils._rebuild_parameter", Fn.REBUILD_PARAMETER);
        Object[][] storages = {{"FloatStorage", DType.F32}, {"HalfStorage", DType.F16}, {"BFloat16Storage", DType.BF16},
                {"DoubleStorage", DType.F64}, {"LongStorage", DType.I64}, {"IntStorage", DType.I32}, {"ShortStorage", DType.I16},
                {"CharStorage", DType.I8}, {"ByteStorage", DType.U8}, {"BoolStorage", DType.BOOL},
                {"Float8_e4m3fnStorage", DType.F8_E4M3}, {"Float8_e5m2Storage", DType.F8_E5M2}};
        for (Object[] s : storages) GLOBALS.put("torch." + s[0], new StorageType((DType) s[1]));
        for (String inert : new String[]{"pytorch_lightning.callbacks.model_checkpoint.ModelCheckpoint",
                "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.dtype", "_codecs.encode",
                "torch.torch_version.TorchVersion"}) {
            GLOBALS.put(inert, new Opaque(inert));
        }
    }

    private static final Object MARK = new Object();

    private final Path file;
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    RestrictedUnpickler(Path file, byte[] data) {
        this.file = file;
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private ModelFileException corrupt(String what) {
        return new ModelFileException(file, "its data.pkl is corrupt (" + what + ")");
    }

    Object load() throws ModelFileException {
        try {
            while (true) {
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> in.get(); // PROTO
                    case 0x95 -> in.getLong(); // FRAME
                    case '.' -> { // STOP
                        if (stack.size() != 1) throw corrupt("the stack does not end with one object");
                        return stack.get(0);
                    }
                    case '(' -> { marks.add(stack.size()); stack.add(MARK); }
                    case '}' -> stack.add(new LinkedHashMap<>());
                    case ']' -> stack.add(new ArrayList<>());
                    case ')' -> stack.add(List.of());
                    case 'N' -> stack.add(null);
                    case 0x88 -> stack.add(Boolean.TRUE);
                    case 0x89 -> stack.add(Boolean.FALSE);
                    case 'J' -> stack.add((long) in.getInt());
                    case 'K' -> stack.add((long) (in.get() & 0xff));
                    case 'M' -> stack.add((long) (in.getShort() & 0xffff));
                    case 0x8a -> stack.add(longOf(bytes(in.get() & 0xff)));
                    case 0x8b -> stack.add(longOf(bytes(length(in.getInt() & 0xffffffffL))));
                    case 'G' -> stack.add(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                    case 'X' -> stack.add(utf8(bytes(length(in.getInt() & 0xffffffffL))));
                    case 0x8c -> stack.add(utf8(bytes(in.get() & 0xff)));
                    case 0x8d -> stack.add(utf8(bytes(length(in.getLong()))));
                    case 'T' -> stack.add(new String(bytes(length(in.getInt() & 0xffffffffL)), StandardCharsets.ISO_8859_1));
                    case 'U' -> stack.add(new String(bytes(in.get() & 0xff), StandardCharsets.ISO_8859_1));
                    case 'B' -> stack.add(bytes(length(in.getInt() & 0xffffffffL)));
                    case 'C' -> stack.add(bytes(in.get() & 0xff));
                    case 0x8e -> stack.add(bytes(length(in.getLong())));
                    case 't' -> stack.add(Collections.unmodifiableList(popMark()));
                    case 0x85 -> stack.add(listOf(pop()));
                    case 0x86 -> { Object b = pop(), a = pop(); stack.add(listOf(a, b)); }
                    case 0x87 -> { Object c = pop(), b = pop(), a = pop(); stack.add(listOf(a, b, c)); }
                    case 'l' -> stack.add(new ArrayList<>(popMark()));
                    case 'd' -> {
                        List<Object> items = popMark();
                        Map<Object, Object> m = new LinkedHashMap<>();
                        for (int i = 0; i + 1 < items.size(); i += 2) m.put(items.get(i), items.get(i + 1));
                        stack.add(m);
                    }
                    case 'a' -> { Object v = pop(); list(peek()).add(v); }
                    case 'e' -> { List<Object> items = popMark(); list(peek()).addAll(items); }
                    case 's' -> { Object v = pop(), k = pop(); dict(peek()).put(k, v); }
                    case 'u' -> {
                        List<Object> items = popMark();
                        Map<Object, Object> m = dict(peek());
                        for (int i = 0; i + 1 < items.size(); i += 2) m.put(items.get(i), items.get(i + 1));
                    }
                    case '0' -> pop();
                    case '1' -> popMark();
                    case '2' -> stack.add(peek());
                    case 'q' -> memo.put((long) (in.get() & 0xff), peek());
                    case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek());
                    case 0x94 -> memo.put((long) memo.size(), peek());
                    case 'h' -> stack.add(memoGet(in.get() & 0xff));
                    case 'j' -> stack.add(memoGet(in.getInt() & 0xffffffffL));
                    case 'c' -> stack.add(global(line(), line()));
                    case 0x93 -> { Object name = pop(), module = pop(); stack.add(global(str(module), str(name))); }
                    case 'R' -> { Object args = pop(), fn = pop(); stack.add(reduce(fn, tuple(args))); }
                    case 0x81 -> { Object args = pop(), cls = pop(); stack.add(newObject(cls, args)); }
                    case 'b' -> pop(); // BUILD: attribute state (OrderedDict._metadata, callback state) is not needed
                    case 'Q' -> stack.add(persistent(pop()));
                    default -> throw new ModelFileException(file, String.format("its data.pkl uses pickle opcode 0x%02x, which a weights "
                            + "file does not need; %s", op, TorchCheckpoint.CONVERT));
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw corrupt("it ends early");
        } catch (IndexOutOfBoundsException | ClassCastException e) {
            throw corrupt(e.getMessage());
        }
    }

    /** A tuple: an unmodifiable list that may hold None (null). */
    private static List<Object> listOf(Object... items) { return Collections.unmodifiableList(java.util.Arrays.asList(items)); }

    private int length(long n) throws ModelFileException {
        if (n < 0 || n > in.remaining()) throw corrupt("a length runs past its end");
        return (int) n;
    }

    private byte[] bytes(int n) throws ModelFileException {
        if (n > in.remaining()) throw corrupt("a value runs past its end");
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static String utf8(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    private Object longOf(byte[] le) {
        if (le.length == 0) return 0L;
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) be[i] = le[le.length - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String line() throws ModelFileException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            byte b = in.get();
            if (b == '\n') return sb.toString();
            if (sb.length() > 256) throw corrupt("a global name is too long");
            sb.append((char) (b & 0xff));
        }
    }

    private Object pop() throws ModelFileException {
        if (stack.isEmpty()) throw corrupt("stack underflow");
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) throw corrupt("a mark where a value was expected");
        return o;
    }

    private Object peek() throws ModelFileException {
        if (stack.isEmpty()) throw corrupt("stack underflow");
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws ModelFileException {
        if (marks.isEmpty()) throw corrupt("no mark");
        int at = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private Object memoGet(long key) throws ModelFileException {
        if (!memo.containsKey(key)) throw corrupt("a memo entry that was never stored");
        return memo.get(key);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws ModelFileException {
        if (o instanceof ArrayList<?>) return (List<Object>) o;
        throw corrupt("append to something that is not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) throws ModelFileException {
        if (o instanceof Map<?, ?>) return (Map<Object, Object>) o;
        throw corrupt("set an item of something that is not a dict");
    }

    private String str(Object o) throws ModelFileException {
        if (o instanceof String s) return s;
        throw corrupt("a global name that is not a string");
    }

    @SuppressWarnings("unchecked")
    private List<Object> tuple(Object o) throws ModelFileException {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw corrupt("call arguments that are not a tuple");
    }

    private Object global(String module, String name) throws ModelFileException {
        Object g = GLOBALS.get(module + "." + name);
        if (g == null) {
            throw new ModelFileException(file, "refers to the Python object '" + module + "." + name + "', which a weights file has "
                    + "no need of, so it was not opened (it could run code); prefer the safetensors version of this model");
        }
        return g;
    }

    private Object reduce(Object fn, List<Object> args) throws ModelFileException {
        if (fn instanceof Opaque o) return o;
        if (!(fn instanceof Fn f)) throw corrupt("a call of something that is not a function");
        return switch (f) {
            case ORDERED_DICT -> new LinkedHashMap<>();
            case REBUILD_PARAMETER -> {
                if (args.isEmpty() || !(args.get(0) instanceof TensorRef t)) throw corrupt("a parameter without a tensor");
                yield t;
            }
            case REBUILD_TENSOR_V2, REBUILD_TENSOR -> {
                if (args.size() < 4 || !(args.get(0) instanceof StorageRef s)) throw corrupt("a tensor without a storage");
                yield new TensorRef(s.key(), s.dtype(), asLong(args.get(1)), longs(args.get(2)), longs(args.get(3)));
            }
        };
    }

    private Object newObject(Object cls, Object args) throws ModelFileException {
        if (cls instanceof Opaque o) return o;
        if (cls == Fn.ORDERED_DICT) return new LinkedHashMap<>();
        throw corrupt("an object of a class that is not allowed");
    }

    /** torch's persistent id: ('storage', storage type, key, location, numel). */
    private Object persistent(Object pid) throws ModelFileException {
        List<Object> t = tuple(pid);
        if (t.size() < 3 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof StorageType st)) {
            throw corrupt("a persistent id that is not a tensor storage");
        }
        return new StorageRef(String.valueOf(t.get(2)), st.dtype());
    }

    private long asLong(Object o) throws ModelFileException {
        if (o instanceof Long l) return l;
        throw corrupt("a tensor offset that is not an integer");
    }

    private long[] longs(Object o) throws ModelFileException {
        List<Object> l = tuple(o);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = asLong(l.get(i));
        return out;
    }
}
