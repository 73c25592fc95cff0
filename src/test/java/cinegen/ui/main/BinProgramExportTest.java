package cinegen.ui.main;

import cinegen.media.ExportOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static cinegen.ui.main.StudioServices.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bin, the timeline program and the export working together without a window, on real services: an imported
 * still shows in the viewer, goes on the timeline, plays as the program, and its marked part exports.
 */
class BinProgramExportTest {
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

    private void await(BooleanSupplier condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(condition::getAsBoolean));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; status '" + onFx(() -> vm.status().message()) + "'");
        }
    }

    @Test
    void anImportedStillShowsGoesOnTheTimelinePlaysAndExportsItsMarkedPart() throws Exception {
        BufferedImage img = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) for (int x = 0; x < 48; x++) img.setRGB(x, y, x < 24 ? 0xd03020 : 0x2040e0);
        Path png = tmp.resolve("beach.png");
        ImageIO.write(img, "png", png.toFile());

        onFx(() -> vm.mediaBin().addFiles(List.of(png)));
        await(() -> vm.status().message().equals("Showing beach.png (48×32)."), "the still in the viewer");
        onFx(() -> {
            assertFalse(vm.showingProgramProperty().get(), "the viewer shows the bin item, not the timeline");
            assertEquals(48, vm.viewer().sequenceProperty().get().width());
            assertFalse(vm.canExportProperty().get(), "an empty timeline has nothing to export");
            assertNull(vm.exportSource());
            vm.addSelectedToTimeline();
            assertTrue(vm.showingProgramProperty().get(), "adding it shows the timeline again");
            assertEquals(1, vm.timeline().clips().size());
            assertTrue(vm.canUndoProperty().get(), "an undoable step");
        });
        await(() -> vm.canExportProperty().get() && vm.exportSource() != null, "the program");
        long frames = onFx(() -> vm.exportSource().program().frameCount());
        assertEquals(Math.round(3 * vm.project().timeline().fps()), frames, "a still lasts three seconds");

        CompletableFuture<Void> exported = new CompletableFuture<>();
        Path out = tmp.resolve("beach.gif");
        onFx(() -> {
            ExportSource source = vm.exportSource();
            assertEquals(Math.min(ExportOptions.MAX_SCALE, Math.ceil(256 / 48.0)), source.proposed().scale(), 1e-9,
                    "small frames are proposed scaled up");
            vm.timeline().markInProperty().set(2);
            vm.timeline().markOutProperty().set(5);
            assertEquals("Export range: " + vm.timeline().marksText() + ".", vm.status().message());
            assertEquals(3, vm.exportSource().frameCount(), "the marked part");
            vm.exportTimeline(out, ExportOptions.defaults(), () -> exported.complete(null));
            assertFalse(vm.canExportProperty().get(), "one export at a time");
        });
        exported.get(120, TimeUnit.SECONDS);
        onFx(() -> {
            assertEquals("Exported 3 frames at 48×32 to beach.gif.", vm.status().message());
            assertTrue(vm.canExportProperty().get());
        });
        assertTrue(Files.size(out) > 0);
    }
}
