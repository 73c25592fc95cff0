package cinegen.engine.diffusers.io;

/**
 * The element types a safetensors header can name. Only the floating types of at least 16 bits are accepted as
 * weights; the others are recognised so the error can say exactly what the file holds.
 */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2),
    F8_E4M3(1), F8_E5M2(1),
    I64(8), I32(4), I16(2), I8(1),
    U64(8), U32(4), U16(2), U8(1),
    BOOL(1);

    private final int width;

    DType(int width) { this.width = width; }

    /** Bytes per element. */
    public int width() { return width; }

    /** Whether tensors of this type can be loaded as float32 weights. */
    public boolean isWeightType() { return this == F64 || this == F32 || this == F16 || this == BF16; }

    public boolean isFp8() { return this == F8_E4M3 || this == F8_E5M2; }

    /** The type named in a safetensors header ("F16", "F8_E4M3"...), or null when the name is unknown. */
    public static DType fromHeader(String name) {
        for (DType d : values()) if (d.name().equals(name)) return d;
        return null;
    }
}
