package cinegen.app.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserSettingsTest {
    @TempDir Path dir;

    @Test
    void missingFileGivesDefaults() throws Exception {
        UserSettings s = UserSettings.load(dir.resolve("not-yet"));
        assertTrue(s.window().isEmpty());
    }

    @Test
    void savedWindowStateComesBack() throws Exception {
        Path folder = dir.resolve("nested").resolve("cinegen");
        UserSettings s = UserSettings.defaults(folder);
        WindowState state = new WindowState(12.5, 40, 1400, 900, true);
        s.setWindow(state);
        s.save();
        assertTrue(Files.isRegularFile(folder.resolve(UserSettings.FILE_NAME)));
        assertEquals(state, UserSettings.load(folder).window().orElseThrow());
    }

    @Test
    void saveReplacesTheOldFileAndLeavesNoTempFiles() throws Exception {
        UserSettings s = UserSettings.defaults(dir);
        s.setWindow(new WindowState(0, 0, 800, 600, false));
        s.save();
        s.setWindow(new WindowState(5, 6, 900, 700, false));
        s.save();
        assertEquals(new WindowState(5, 6, 900, 700, false), UserSettings.load(dir).window().orElseThrow());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(UserSettings.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void unknownFieldsFromANewerVersionAreIgnored() throws Exception {
        Files.writeString(dir.resolve(UserSettings.FILE_NAME), """
                {"version": 7, "theme": "dark",
                 "window": {"x": 1, "y": 2, "width": 1000, "height": 700, "maximized": false, "screen": 2}}
                """);
        assertEquals(new WindowState(1, 2, 1000, 700, false), UserSettings.load(dir).window().orElseThrow());
    }

    @Test
    void brokenJsonIsReportedWithTheFileName() throws Exception {
        Files.writeString(dir.resolve(UserSettings.FILE_NAME), "{\"window\": {\"x\": 1,");
        SettingsException e = assertThrows(SettingsException.class, () -> UserSettings.load(dir));
        assertTrue(e.getMessage().contains(UserSettings.FILE_NAME), e.getMessage());
        assertTrue(e.getMessage().contains("not valid settings JSON"), e.getMessage());
    }

    @Test
    void impossibleValuesAreReported() throws Exception {
        Files.writeString(dir.resolve(UserSettings.FILE_NAME),
                "{\"window\": {\"x\": 1, \"y\": 2, \"width\": -5, \"height\": 700, \"maximized\": false}}");
        SettingsException e = assertThrows(SettingsException.class, () -> UserSettings.load(dir));
        assertTrue(e.getMessage().contains("invalid value"), e.getMessage());
        assertTrue(e.getMessage().contains("window size must be at least"), e.getMessage());
    }

    @Test
    void aFileInThePlaceOfTheFolderGivesAClearSaveError() throws Exception {
        Path blocker = dir.resolve("blocked");
        Files.writeString(blocker, "not a folder");
        UserSettings s = UserSettings.defaults(blocker);
        s.setWindow(new WindowState(0, 0, 800, 600, false));
        SettingsException e = assertThrows(SettingsException.class, s::save);
        assertTrue(e.getMessage().startsWith("Could not save settings to "), e.getMessage());
        assertFalse(Files.exists(blocker.resolve(UserSettings.FILE_NAME)));
    }

    @org.junit.jupiter.api.Test
    void promptHistoryIsKeptWithoutRepeatsAndBlanks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        UserSettings s = UserSettings.defaults(folder);
        s.setPromptHistory(java.util.List.of("a kite ", "", "a boat", "a kite"));
        s.save();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("a kite", "a boat"), UserSettings.load(folder).promptHistory());
    }

    @Test
    void theChosenModelAndAddedModelsComeBack() throws Exception {
        UserSettings s = UserSettings.defaults(dir);
        assertTrue(s.model().isEmpty(), "no model chosen yet: the bundled one opens");
        s.setModel(new UserSettings.ModelSelection("/models/checkpoints/toon.safetensors", "/models/animatediff_models/mm.ckpt"));
        s.setAddedModels(List.of("/elsewhere/pipeline", " ", "/elsewhere/pipeline"));
        s.save();
        UserSettings back = UserSettings.load(dir);
        assertEquals(new UserSettings.ModelSelection("/models/checkpoints/toon.safetensors", "/models/animatediff_models/mm.ckpt"),
                back.model().orElseThrow());
        assertEquals(List.of("/elsewhere/pipeline"), back.addedModels());
        back.setModel(null);
        back.save();
        assertTrue(UserSettings.load(dir).model().isEmpty());
        assertFalse(Files.readString(dir.resolve(UserSettings.FILE_NAME)).contains("\"model\""));
    }

    @Test
    void styleFilesAddedToTheShelfComeBack() throws Exception {
        UserSettings s = UserSettings.defaults(dir);
        assertEquals(List.of(), s.styleFiles());
        s.setStyleFiles(List.of("/models/loras/ink.safetensors", "", "/models/loras/ink.safetensors", "/other/toon.safetensors"));
        s.save();
        assertEquals(List.of("/models/loras/ink.safetensors", "/other/toon.safetensors"), UserSettings.load(dir).styleFiles());
        s.setStyleFiles(List.of());
        s.save();
        assertFalse(Files.readString(dir.resolve(UserSettings.FILE_NAME)).contains("styleFiles"), "none: not written");
    }
}
