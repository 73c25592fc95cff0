package cinegen.engine.diffusers.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Writes float32 tensors as a torch.save checkpoint ({'state_dict': ...}, zip format), for tests of other packages. */
public final class TorchCheckpointWriter {
    private TorchCheckpointWriter() {}

    /** {@code shapes} gives the names in file order; {@code values} their float32 values. */
    public static Path write(Path file, Map<String, long[]> shapes, Map<String, float[]> values) throws IOException {
        TorchZipBuilder b = new TorchZipBuilder();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) b.floats(e.getKey(), "F32", e.getValue(), values.get(e.getKey()));
        return b.write(file);
    }
}
