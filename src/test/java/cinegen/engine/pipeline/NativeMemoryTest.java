package cinegen.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeMemoryTest {

    @Test
    void supportedOnLinux() {
        assertTrue(NativeMemory.supported() || !Platform.isLinux(), "the C library should load on Linux");
    }

    /**
     * The pattern of a generation: a large tensor freed (glibc then raises its mmap threshold, up to 32 MB), then
     * many mid-sized tensors that land in the heap between small ones still alive, so freeing them leaves holes
     * that glibc keeps mapped until released.
     */
    @Test
    void releaseGivesFreedTensorMemoryBack() {
        assumeTrue(NativeMemory.supported());
        try (NDManager m = NDManager.newBaseManager()) {
            m.ones(new Shape(4, 1024, 1024)).close(); // 16 MB, mmapped and unmapped when freed
            List<NDArray> pinned = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                try (NDArray chunk = m.ones(new Shape(256, 1024))) { // 1 MB, touched
                    pinned.add(m.ones(new Shape(16)).mul(chunk.getFloat(0, 0)));
                }
            }
            assertFalse(pinned.isEmpty());
            double before = cinegen.engine.family.bundled.EngineBenchmark.residentMb();
            assertTrue(NativeMemory.releaseFreed(), "freed tensor memory should be released");
            double after = cinegen.engine.family.bundled.EngineBenchmark.residentMb();
            assertTrue(before - after > 50, "resident memory should fall by the freed tensors: " + before + " -> " + after + " MB");
        }
    }
}
