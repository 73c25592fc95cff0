package cinegen.engine.family;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

import java.util.Locale;

/**
 * The number type a model's denoiser weights are held and computed in. float32 is what every model loads as by
 * default; half precision (fp16) halves the denoiser's memory and is meant for CUDA GPUs. On the CPU the app runs
 * float32 whatever is asked ({@link #on}): PyTorch's CPU half-precision kernels are slower than float32 there. bf16 is
 * not offered: DJL 0.35.1's PyTorch bridge aborts the whole process when a tensor is cast to bfloat16 (seen on the CPU).
 */
public enum Precision {
    FP32("fp32", DataType.FLOAT32), FP16("fp16", DataType.FLOAT16);

    private final String id;
    private final DataType dataType;

    Precision(String id, DataType dataType) {
        this.id = id;
        this.dataType = dataType;
    }

    public String id() { return id; }

    public DataType dataType() { return dataType; }

    public boolean half() { return this != FP32; }

    public static Precision parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Precision p : values()) if (p.id.equals(t)) return p;
        if (t.equals("bf16")) {
            throw new IllegalArgumentException("precision bf16 is not available: the PyTorch bridge of this build aborts on bfloat16"
                    + " tensors; use fp16");
        }
        throw new IllegalArgumentException("precision must be fp32 or fp16, got '" + s + "'");
    }

    /** What runs on {@code device}: half precision on a GPU only, float32 on the CPU. */
    public Precision on(Device device) { return device.isGpu() ? this : FP32; }

    /** Why {@link #on} gives float32 for this choice on {@code device}, or null when it keeps it. */
    public String fallbackNote(Device device) {
        if (on(device) == this) return null;
        return id + " runs on CUDA GPUs only; on the CPU the model runs in fp32";
    }
}
