package cinegen.engine.pipeline;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Gives freed native memory back to the operating system. PyTorch frees a generation's tensors, but glibc keeps
 * the large freed blocks mapped (its mmap threshold grows with each large free), so the process stays at over a
 * gigabyte after one clip. {@code malloc_trim(0)} returns them in a few hundred milliseconds; calling it between
 * jobs (never inside the sampling loop) costs nothing while sampling. A fixed low mmap threshold would do the same
 * but made sampling two to three times slower when measured.
 */
public final class NativeMemory {
    private NativeMemory() {}

    private interface GlibcTrim extends Library {
        int malloc_trim(long pad);
    }

    private static final GlibcTrim GLIBC = loadGlibc();

    private static GlibcTrim loadGlibc() {
        if (!Platform.isLinux()) return null;
        try {
            return Native.load("c", GlibcTrim.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null; // not glibc (musl has no malloc_trim): nothing to release
        }
    }

    /** True where this process can release freed native memory (Linux with glibc). */
    public static boolean supported() {
        return GLIBC != null;
    }

    /**
     * Releases freed native memory; true when some was given back. Safe to call at any time from any thread;
     * a no-op where not {@link #supported()}.
     */
    public static boolean releaseFreed() {
        if (GLIBC == null) return false;
        try {
            return GLIBC.malloc_trim(0) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
