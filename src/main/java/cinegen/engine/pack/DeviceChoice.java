package cinegen.engine.pack;

import cinegen.engine.family.bundled.*;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;

/** Where the engine runs: on the GPU when DJL finds one (AUTO), or forced to CPU or GPU. */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    public static DeviceChoice parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device must be auto, cpu or gpu, got '" + s + "'");
        }
    }

    /** The device to load a model on; GPU when none is present is an error naming the problem. */
    public Device resolve() {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) throw new IllegalStateException("no CUDA GPU found: install the CUDA PyTorch natives (see README) or use the CPU");
                yield Device.gpu();
            }
        };
    }
}
