package cinegen.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A style file's picture is found by the names model managers give it. */
class StylePreviewsTest {
    @TempDir Path dir;

    @Test
    void thePreviewNameWinsThenThePlainPictureNames() throws Exception {
        Path lora = Files.writeString(dir.resolve("ink.safetensors"), "x");
        assertEquals(Optional.empty(), StylePreviews.beside(lora), "no picture: a text card");
        Path jpg = Files.writeString(dir.resolve("ink.jpg"), "x");
        assertEquals(Optional.of(jpg), StylePreviews.beside(lora));
        Path png = Files.writeString(dir.resolve("ink.png"), "x");
        assertEquals(Optional.of(png), StylePreviews.beside(lora));
        Path preview = Files.writeString(dir.resolve("ink.preview.png"), "x");
        assertEquals(Optional.of(preview), StylePreviews.beside(lora));
        Files.writeString(dir.resolve("inky.preview.png"), "x");
        assertEquals(Optional.of(preview), StylePreviews.beside(lora), "another style's picture is not this one's");
        Files.createDirectories(dir.resolve("wash.preview.png"));
        assertEquals(Optional.empty(), StylePreviews.beside(Files.writeString(dir.resolve("wash.safetensors"), "x")),
                "a folder is no picture");
    }
}
