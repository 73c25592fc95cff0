package cinegen.engine.diffusers.io;

import java.util.Arrays;

/**
 * What a file's header says about one tensor: its name, element type, shape, and where its bytes are
 * ({@code offset} from the start of the file, {@code bytes} long).
 */
public record TensorInfo(String name, DType dtype, long[] shape, long offset, long bytes) {
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() { return shape.clone(); }

    /** The number of elements (1 for a scalar). */
    public long numel() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public int rank() { return shape.length; }

    /** Size of dimension {@code i}; negative indices count from the end. */
    public long dim(int i) { return shape[i < 0 ? shape.length + i : i]; }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && offset == t.offset && bytes == t.bytes;
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(shape); }

    @Override
    public String toString() { return name + " " + dtype + Arrays.toString(shape); }
}
