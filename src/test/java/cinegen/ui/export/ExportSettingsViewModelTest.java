package cinegen.ui.export;

import cinegen.media.ExportFormat;
import cinegen.media.ExportOptions;
import cinegen.media.gif.GifDither;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportSettingsViewModelTest {
    @Test
    void startsFromTheProposalSnappedToTheOfferedChoices() {
        ExportOptions proposed = new ExportOptions(5, 23, 2, 60, GifDither.FLOYD_STEINBERG, -1);
        ExportSettingsViewModel vm = new ExportSettingsViewModel(Path.of("a.gif"), 64, 48, 16, 8, proposed);
        assertEquals(4, vm.scaleProperty().get(), "5 is not offered; 4 and 6 are equally near, the first wins");
        assertEquals(24, vm.fpsProperty().get());
        assertEquals(new ExportOptions(4, 24, 2, 60, GifDither.FLOYD_STEINBERG, -1), vm.options());
    }

    @Test
    void theSummaryTellsSizeRateAndDurationAsChoicesChange() {
        ExportSettingsViewModel vm = new ExportSettingsViewModel(Path.of("clip.mp4"), 63, 48, 16, 8, ExportOptions.defaults());
        assertEquals("64 × 48 px · 8 fps · 2.0 s", vm.summaryProperty().get(), "video codecs get even sides");
        vm.scaleProperty().set(3);
        vm.interpolationProperty().set(4);
        assertEquals("190 × 144 px · 32 fps · 2.0 s", vm.summaryProperty().get(), "4x in-between frames at the timeline's own rate");
        vm.fpsProperty().set(25);
        assertEquals("190 × 144 px · 25 fps · 2.0 s", vm.summaryProperty().get());
        assertEquals("×3  (189 × 144)", vm.scaleLabel(3));
        assertEquals("Timeline's own (8 fps)", vm.fpsLabel(0));
    }

    @Test
    void gifCapsTheRateAndAloneHasLoopingAndDithering() {
        ExportSettingsViewModel gif = new ExportSettingsViewModel(Path.of("x.GIF"), 32, 32, 24, 24, ExportOptions.defaults());
        assertTrue(gif.gifOptionsApply());
        gif.interpolationProperty().set(4);
        assertEquals(50, gif.outputFps(), 1e-9);
        assertTrue(gif.summaryProperty().get().contains("50 fps (GIF plays at most 50 fps)"), gif.summaryProperty().get());
        gif.loopForeverProperty().set(false);
        gif.gifDitherProperty().set(GifDither.NONE);
        assertEquals(-1, gif.options().gifLoopCount(), "plays once");
        assertEquals(GifDither.NONE, gif.options().gifDither());

        ExportSettingsViewModel png = new ExportSettingsViewModel(Path.of("frames.png"), 32, 32, 24, 24, ExportOptions.defaults());
        assertFalse(png.qualityApplies(), "PNG is lossless");
        assertFalse(png.gifOptionsApply());
        assertEquals(ExportFormat.WEBM, ExportSettingsViewModel.formatOf(Path.of("a.webm")));
        assertEquals(ExportFormat.MP4, ExportSettingsViewModel.formatOf(Path.of("a.mov")), "the exporter reports it; the dialog treats it as MP4");
    }
}
