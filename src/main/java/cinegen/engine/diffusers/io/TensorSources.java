package cinegen.engine.diffusers.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a weights file by its content: safetensors, or a PyTorch pickle checkpoint. */
public final class TensorSources {
    private TensorSources() {}

    /** True when the file starts like a zip archive (PyTorch's {@code torch.save} format since 1.6). */
    static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    /** True for the extensions of PyTorch's pickle files. */
    static boolean isPickleName(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".ckpt") || n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".bin");
    }

    /** Opens {@code file}, reading its header only. */
    public static TensorSource open(Path file) throws ModelFileException {
        if (Files.isRegularFile(file) && (isZip(file) || isPickleName(file))) return TorchCheckpoint.open(file);
        return TensorFile.open(file);
    }
}
