package cinegen.app;

import cinegen.engine.testing.TinyPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model picker's list: the bundled model, the models folders' usable models, then unusable files with reasons. */
class ModelCatalogTest {
    static final Path TINY_SD = Path.of("src/test/resources/diffusers/pipeline_animatediff").toAbsolutePath();
    @TempDir Path dir;

    /** A models folder in ComfyUI's layout holding the tiny AnimateDiff pipeline, a VAE-less junk file and a LoRA-like part. */
    private Path modelsFolder() throws Exception {
        Path root = dir.resolve("models");
        Path diffusers = Files.createDirectories(root.resolve("diffusers"));
        copyTree(TINY_SD, diffusers.resolve("tiny-animatediff"));
        Files.createDirectories(root.resolve("checkpoints"));
        Files.writeString(root.resolve("checkpoints").resolve("broken.safetensors"), "not a safetensors file at all");
        return root;
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    @Test
    void listsTheBundledModelThenUsableModelsThenUnusableFilesWithTheirReason() throws Exception {
        Path bundled = TinyPack.create(dir.resolve("bundled"), 1);
        Path root = modelsFolder();
        List<ModelCatalog.Entry> entries = ModelCatalog.list(bundled, List.of(root), List.of());

        assertEquals(3, entries.size(), entries.toString());
        ModelCatalog.Entry first = entries.get(0);
        assertTrue(first.bundled() && first.usable());
        assertEquals("Cinegen model pack", first.family());
        assertTrue(first.details().contains("32×32 native"), first.details());

        ModelCatalog.Entry sd = entries.get(1);
        assertTrue(sd.usable(), sd.reason());
        assertEquals("tiny-animatediff", sd.name());
        assertTrue(sd.family().contains("Stable Diffusion"), sd.family());
        assertTrue(sd.details().startsWith("32×32 native"), sd.details());
        assertTrue(sd.sameModel(root.resolve("diffusers/tiny-animatediff"), null));

        ModelCatalog.Entry broken = entries.get(2);
        assertFalse(broken.usable());
        assertNotNull(broken.reason());
        assertTrue(broken.reason().contains("broken.safetensors"), broken.reason());
        assertTrue(broken.reason().endsWith("."), broken.reason());
    }

    @Test
    void aModelAddedByHandIsListedOnceAndAMissingOneSaysSo() throws Exception {
        List<ModelCatalog.Entry> entries = ModelCatalog.list(null, List.of(), List.of(TINY_SD, TINY_SD, dir.resolve("gone")));
        assertEquals(2, entries.size(), entries.toString());
        assertTrue(entries.get(0).usable());
        assertNull(entries.get(0).motion());
        assertFalse(entries.get(1).usable());
        assertTrue(entries.get(1).reason().contains("does not exist"), entries.get(1).reason());
        List<ModelCatalog.Entry> picked = ModelCatalog.inspect(TINY_SD, List.of());
        assertEquals(1, picked.size());
        assertTrue(picked.get(0).usable());
    }

    @Test
    void anLcmModelIsDescribedWithItsGuidanceEmbeddingAndPreviewDecodersAreNotModels() throws Exception {
        Path root = dir.resolve("lcm-models");
        cinegen.engine.diffusers.pipeline.LcmFixtures.write(root.resolve("diffusers/lcm-dreamshaper"), 3);
        Files.createDirectories(root.resolve("vae_approx"));
        Path taesd = cinegen.engine.diffusers.vae.TaesdFixtures.writeRandom(dir.resolve("taesd"), 2);
        cinegen.engine.pack.SafeTensors.write(root.resolve("vae_approx/taesd_decoder.safetensors"),
                cinegen.engine.diffusers.vae.TaesdFixtures.rawDecoderLayout(taesd, ""), cinegen.engine.pack.SafeTensors.DType.F16);
        List<ModelCatalog.Entry> entries = ModelCatalog.list(null, List.of(root), List.of());
        assertEquals(1, entries.size(), "the preview decoder is a part, not a model to choose: " + entries);
        ModelCatalog.Entry lcm = entries.get(0);
        assertTrue(lcm.usable(), lcm.reason());
        assertTrue(lcm.details().contains("LCM guidance embedding"), lcm.details());
    }
}
