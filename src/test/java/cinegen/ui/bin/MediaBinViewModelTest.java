package cinegen.ui.bin;

import cinegen.frames.MediaKind;
import cinegen.project.MediaItem;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaBinViewModelTest {
    @TempDir Path dir;
    private final List<String> messages = new ArrayList<>();
    private final MediaBinViewModel vm = new MediaBinViewModel(messages::add);

    @Test
    void kindsByExtension() {
        assertEquals(MediaKind.IMAGE, MediaKind.of(Path.of("Photo.JPG")).orElseThrow());
        assertEquals(MediaKind.VIDEO, MediaKind.of(Path.of("take.webm")).orElseThrow());
        assertTrue(MediaKind.of(Path.of("notes.txt")).isEmpty());
        assertTrue(MediaKind.of(Path.of("README")).isEmpty());
    }

    /** Issue 31: AVI files are offered by the import chooser, in either case (GTK's patterns are case-sensitive). */
    @Test
    void theChooserOffersAviInEitherCase() {
        assertEquals(MediaKind.VIDEO, MediaKind.of(Path.of("TREE.AVI")).orElseThrow());
        assertTrue(MediaKind.VIDEO.patterns().containsAll(List.of("*.avi", "*.AVI", "*.mp4", "*.MP4")), MediaKind.VIDEO.patterns().toString());
        assertTrue(MediaKind.IMAGE.patterns().contains("*.JPG"));
    }

    @Test
    void handsImagesAndVideosToTheImporterAndSaysSo() throws Exception {
        List<List<Path>> imported = new ArrayList<>();
        vm.setImporter(imported::add);
        Path still = Files.writeString(dir.resolve("still.png"), "x");
        Path clip = Files.writeString(dir.resolve("clip.mp4"), "x");
        String msg = vm.addFiles(List.of(still, clip));
        assertEquals("Importing 2 files…", msg);
        assertEquals(List.of(msg), messages);
        assertEquals(List.of(List.of(still.toAbsolutePath(), clip.toAbsolutePath())), imported);
    }

    @Test
    void skipsOtherFilesMissingFilesAndDuplicatesWithReasons() throws Exception {
        List<List<Path>> imported = new ArrayList<>();
        vm.setImporter(imported::add);
        Path still = Files.writeString(dir.resolve("still.png"), "x");
        Path text = Files.writeString(dir.resolve("notes.txt"), "x");
        vm.addFiles(List.of(still));
        String msg = vm.addFiles(List.of(text, dir.resolve("gone.mp4"), still));
        assertEquals("Skipped: notes.txt is not an image or a video; gone.mp4 was not found; "
                + "still.png is already in the bin.", msg);
        assertEquals(1, imported.size());
        vm.forgetSource(still);
        assertEquals("Importing still.png…", vm.addFiles(List.of(still)), "a failed import may be tried again");
    }

    @Test
    void withoutAProjectNothingIsImported() throws Exception {
        Path still = Files.writeString(dir.resolve("still.png"), "x");
        assertEquals("Skipped: import needs an open project.", vm.addFiles(List.of(still)));
    }

    @Test
    void showsTheProjectMediaAndKeepsTheSelection() {
        MediaItem a = MediaItem.image("a", "a.png", "media/a.png", 4, 4);
        MediaItem b = MediaItem.video("b", "b.mp4", "media/b.mp4", 4, 4, 10, 8);
        vm.showMedia(List.of(a, b));
        vm.select("b");
        vm.showMedia(List.of(b));
        assertEquals("b", vm.selectedProperty().get().id());
        assertEquals("4×4 · 10 frames", vm.selectedProperty().get().detail());
        vm.showMedia(List.of(a));
        assertNull(vm.selectedProperty().get());
    }

    @Test
    void dragsAreAcceptedOnlyWithSomethingUsable() {
        assertTrue(vm.accepts(List.of(Path.of("a.txt"), Path.of("b.mov"))));
        assertFalse(vm.accepts(List.of(Path.of("a.txt"))));
    }

}
