package cinegen.ui.bin;

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

    @Test
    void addsImagesAndVideosAndSelectsTheLast() throws Exception {
        Path still = Files.writeString(dir.resolve("still.png"), "x");
        Path clip = Files.writeString(dir.resolve("clip.mp4"), "x");
        String msg = vm.addFiles(List.of(still, clip));
        assertEquals("Added 2 files to the bin.", msg);
        assertEquals(List.of(msg), messages);
        assertEquals(List.of("still.png", "clip.mp4"), vm.items().stream().map(MediaItem::name).toList());
        assertEquals(clip, vm.selectedProperty().get().path());
    }

    @Test
    void skipsOtherFilesMissingFilesAndDuplicatesWithReasons() throws Exception {
        Path still = Files.writeString(dir.resolve("still.png"), "x");
        Path text = Files.writeString(dir.resolve("notes.txt"), "x");
        vm.addFiles(List.of(still));
        String msg = vm.addFiles(List.of(text, dir.resolve("gone.mp4"), still));
        assertEquals("Skipped: notes.txt is not an image or a video; gone.mp4 was not found; "
                + "still.png is already in the bin.", msg);
        assertEquals(1, vm.items().size());
    }

    @Test
    void dragsAreAcceptedOnlyWithSomethingUsable() {
        assertTrue(vm.accepts(List.of(Path.of("a.txt"), Path.of("b.mov"))));
        assertFalse(vm.accepts(List.of(Path.of("a.txt"))));
    }

    @Test
    void removingTheSelectedItemClearsTheSelection() throws Exception {
        Path still = Files.writeString(dir.resolve("still.png"), "x");
        vm.addFiles(List.of(still));
        vm.remove(vm.items().get(0));
        assertTrue(vm.items().isEmpty());
        assertEquals(null, vm.selectedProperty().get());
    }
}
