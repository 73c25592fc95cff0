package cinegen.engine.family.modelscope;

import ai.djl.Device;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.diffusers.io.ModelScanner;
import cinegen.engine.diffusers.io.ScannedModel;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.pack.ModelPackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ModelScope folders with a guidance-embedding UNet are refused by name (no pipeline convention to follow for them). */
class ModelScopeFamilyTest {
    @Test
    void aGuidanceDistilledModelScopeUNetIsRefusedWithASentence(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("t2v-turbo-like");
        try (Stream<Path> s = Files.walk(Fixtures.ROOT.resolve("pipeline_text_to_video"))) {
            for (Path p : s.toList()) {
                Path t = folder.resolve(Fixtures.ROOT.resolve("pipeline_text_to_video").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t); else Files.copy(p, t);
            }
        }
        try (LoadedModel plain = new ModelScopeFamily().load(ModelSource.of(folder), Device.cpu())) {
            assertFalse(plain.info().guidanceEmbedded());
        }
        Path config = folder.resolve("unet/config.json");
        Files.writeString(config, Files.readString(config).replace("\"time_cond_proj_dim\": null", "\"time_cond_proj_dim\": 256"));
        ModelPackException e = assertThrows(ModelPackException.class, () -> new ModelScopeFamily().load(ModelSource.of(folder), Device.cpu()).close());
        assertEquals("t2v-turbo-like: its UNet takes a guidance embedding (time_cond_proj_dim 256); guidance-distilled ModelScope models"
                + " are not supported, use a ModelScope or Zeroscope model", e.getMessage());
        ScannedModel scanned = ModelScanner.scan(folder);
        assertFalse(scanned.usable());
        assertTrue(scanned.unusableReason().contains("guidance embedding"), scanned.unusableReason());
    }
}
