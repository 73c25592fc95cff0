package cinegen.ui.main;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static cinegen.ui.main.StudioServices.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving an untitled project under a name keeps what the timeline and the bin show: nothing is decoded again. */
class SaveAsKeepsPicturesTest {
    @TempDir Path tmp;
    private StudioServices services;
    private MainViewModel vm;

    @BeforeAll
    static void toolkit() throws Exception { FxToolkit.registerPrimaryStage(); }

    @BeforeEach
    void open() throws Exception {
        services = new StudioServices(tmp.resolve("settings"), null);
        vm = onFx(() -> new MainViewModel(new SplittableRandom(1), "CPU · test", services.context()));
    }

    @AfterEach
    void close() throws Exception { onFx(services::close); }

    private void await(java.util.concurrent.Callable<Boolean> condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
                onFx(services::runFileWork);
                return onFx(condition);
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; status '" + vm.status().message() + "'");
        }
    }

    @Test
    void timelineThumbnailsStayThroughTheFirstSaveAs() throws Exception {
        BufferedImage img = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) for (int x = 0; x < 48; x++) img.setRGB(x, y, x < 24 ? 0xd03020 : 0x2040e0);
        Path png = tmp.resolve("photo.png");
        ImageIO.write(img, "png", png.toFile());
        onFx(() -> { vm.mediaBin().addFiles(List.of(png)); return null; });
        await(() -> vm.project().media().size() == 1, "the import");
        String id = onFx(() -> vm.project().media().get(0).id());
        onFx(() -> { vm.mediaBin().select(id); vm.addSelectedToTimeline(); return null; });
        await(() -> vm.timeline().thumbnails().containsKey(id), "the clip's thumbnail on the timeline");
        var before = onFx(() -> vm.timeline().thumbnails().get(id));

        AtomicReference<String> problem = new AtomicReference<>("not finished");
        onFx(() -> { vm.saveProjectAs(tmp.resolve("Saved Project"), problem::set); return null; });
        await(() -> !"not finished".equals(problem.get()), "Save As");
        assertNull(problem.get(), "Save As failed");
        onFx(() -> {
            assertTrue(vm.project().folder().orElseThrow().endsWith("Saved Project"));
            assertEquals(before, vm.timeline().thumbnails().get(id), "the thumbnail is still drawn, not decoded again");
            assertEquals(1, vm.timeline().clips().size());
            return null;
        });
    }
}
