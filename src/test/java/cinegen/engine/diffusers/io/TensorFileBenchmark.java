package cinegen.engine.diffusers.io;

import cinegen.engine.diffusers.SafetensorsBuilder;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * F16 to float32 on a 50M-element tensor: Java table conversion (what {@link TensorFile#load} does) against a
 * half-precision array widened by PyTorch ({@code toType}). Run on request only:
 * {@code mvn -o -q test -Dtest=TensorFileBenchmark -Dcinegen.bench=true} (add it to surefire's argLine).
 */
@EnabledIfSystemProperty(named = "cinegen.bench", matches = "true")
class TensorFileBenchmark {
    @TempDir Path dir;

    @Test
    void halfToFloatJavaAgainstTorch() throws Exception {
        int n = 50_000_000;
        byte[] data = new byte[n * 2];
        Random r = new Random(1);
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putShort(cinegen.engine.pack.Half.fromFloat((float) r.nextGaussian()));
        Path file = new SafetensorsBuilder().raw("w", "F16", new long[]{n}, data).write(dir.resolve("big.safetensors"));
        try (TensorFile tf = TensorFile.open(file); NDManager m = NDManager.newBaseManager()) {
            TensorInfo t = tf.info("w");
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                NDArray java = tf.load("w", m);
                long t1 = System.nanoTime();
                NDArray torch;
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer src = ch.map(FileChannel.MapMode.READ_ONLY, t.offset(), t.bytes());
                    ByteBuffer half = TensorFile.alignedDirect(t.bytes());
                    half.put(src).flip();
                    try (NDArray h = m.create(half, new Shape(n), DataType.FLOAT16)) {
                        torch = h.toType(DataType.FLOAT32, false);
                    }
                }
                long t2 = System.nanoTime();
                System.out.printf("rep %d: java %.3f s, torch toType %.3f s%n", rep, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
                assertEquals(0f, java.sub(torch).abs().max().getFloat());
                java.close();
                torch.close();
            }
        }
    }
}
