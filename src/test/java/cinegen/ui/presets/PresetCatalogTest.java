package cinegen.ui.presets;

import cinegen.app.StylePresets;
import cinegen.app.generate.ModelStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Matching the presets folder's files to the pack's weight sets. */
class PresetCatalogTest {
    private static final List<ModelStatus.Style> PACK = List.of(
            new ModelStatus.Style("Watercolor", "pack says watercolour"),
            new ModelStatus.Style("ink", ""),
            new ModelStatus.Style("neon", "pack neon"),
            new ModelStatus.Style("film", "pack film"));

    @Test
    void presetFilesNameWeightSetsIgnoringCaseAndTheRestAreTextCards(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("soft.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        StylePresets.write(dir, new StylePresets.Preset("soft", "Soft Watercolour", "Washes of colour", "WATERCOLOR", 0.65, "soft.png"));
        StylePresets.write(dir, new StylePresets.Preset("zzz-second", "Second", "Loses to the first file", "watercolor", 0.3, null));
        StylePresets.write(dir, new StylePresets.Preset("neon", "Neon", null, "neon", 1.4, "missing.png"));
        StylePresets.write(dir, new StylePresets.Preset("film", "Film", "Grain", "film", 0, "../outside.png"));
        StylePresets.write(dir, new StylePresets.Preset("oil", "Oil", "Not in this pack", "oil", 0.5, null));
        Files.writeString(dir.resolve("broken.json"), "{ not json");

        PresetCatalog.Result r = PresetCatalog.load(dir, "tiny", PACK);
        List<StylePreset> p = r.presets();
        assertEquals(List.of("watercolor", "ink", "neon", "film"), p.stream().map(StylePreset::id).toList(), "the pack's order, no oil");

        assertEquals("Soft Watercolour", p.get(0).name());
        assertEquals("Washes of colour", p.get(0).description());
        assertEquals(0.65, p.get(0).defaultAlpha());
        assertEquals(dir.resolve("soft.png").toAbsolutePath().normalize(), p.get(0).thumbnail());

        assertEquals(new StylePreset("ink", "ink", "Style of tiny"), p.get(1), "no preset file: a text card with the set's name");

        assertEquals("pack neon", p.get(2).description(), "a file without a description keeps the pack's");
        assertEquals(1.0, p.get(2).defaultAlpha(), "above 1 is started at 1");
        assertNull(p.get(2).thumbnail(), "missing thumbnail: text card");
        assertNull(p.get(3).thumbnail(), "a thumbnail outside the presets folder is not read");
        assertEquals(StylePreset.DEFAULT_ALPHA, p.get(3).defaultAlpha(), "no default strength given");

        String problems = String.join("\n", r.problems());
        assertTrue(problems.contains("broken.json"), problems);
        assertTrue(problems.contains("missing.png"), problems);
        assertTrue(problems.contains("outside the presets folder"), problems);
    }

    @Test
    void aLoraWithoutAPresetFileShowsThePictureKeptBesideIt(@TempDir Path dir) {
        Path picture = dir.resolve("ink-wash.preview.png");
        List<ModelStatus.Style> styles = List.of(new ModelStatus.Style("ink-wash", "", picture), new ModelStatus.Style("plain", ""));
        List<StylePreset> p = PresetCatalog.load(null, "toon", styles).presets();
        assertEquals(picture, p.get(0).thumbnail(), "the LoRA's own picture");
        assertEquals(StylePreset.DEFAULT_ALPHA, p.get(0).defaultAlpha());
        assertNull(p.get(1).thumbnail(), "no picture: a text card");
    }

    @Test
    void withoutAFolderEveryStyleIsATextCard() {
        PresetCatalog.Result r = PresetCatalog.load(null, "tiny", PACK);
        assertEquals(4, r.presets().size());
        assertTrue(r.presets().stream().allMatch(p -> p.thumbnail() == null));
        assertEquals("Watercolor", r.presets().get(0).name());
        assertEquals(List.of(), r.problems());
    }
}
