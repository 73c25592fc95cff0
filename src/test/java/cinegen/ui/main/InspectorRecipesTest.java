package cinegen.ui.main;

import cinegen.frames.GenerationMode;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.StyleBlend;
import cinegen.ui.bin.MediaBinViewModel;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.presets.StylePreset;
import cinegen.ui.status.StatusViewModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The inspector and a project recipe, both ways, over the real panels' view models (no window, no services). */
class InspectorRecipesTest {
    private final InspectorViewModel inspector = new InspectorViewModel(new SplittableRandom(3));
    private final PresetShelfViewModel presets = new PresetShelfViewModel();
    private final StatusViewModel status = new StatusViewModel("CPU · test");
    private final MediaBinViewModel bin = new MediaBinViewModel(status::showMessage);
    private final Project project = new Project("Kites");
    private Optional<GenerationRecipe> selected = Optional.empty();
    private final javafx.beans.property.BooleanProperty crop = new javafx.beans.property.SimpleBooleanProperty(true);
    private final InspectorRecipes recipes = new InspectorRecipes(inspector, presets, bin,
            id -> project.maskTracks().stream().filter(t -> t.mediaId().map(id::equals).orElse(false)).findFirst(),
            () -> selected, status, crop);

    @Test
    void aRecipeShownInTheInspectorComesBackTheSame() {
        presets.setInstalled(List.of(new StylePreset("ink", "Ink", "Strokes")));
        GenerationRecipe r = GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                .prompt("a kite over the dunes").negativePrompt("blur").seed(77).steps(9).guidance(4.5)
                .frames(8).fps(12).size(320, 192).lowPass(0.25).styles(StyleBlend.of("ink", 0.4)).build();
        assertEquals(List.of(), recipes.showRecipe(r));
        GenerationRecipe back = recipes.inspectorRecipe(project).styles(presets.toBlend()).build();
        assertEquals(r.prompt(), back.prompt());
        assertEquals(r.negativePrompt(), back.negativePrompt());
        assertEquals(r.seed(), back.seed());
        assertEquals(r.steps(), back.steps());
        assertEquals(r.guidance(), back.guidance(), 1e-9);
        assertEquals(r.sampler(), back.sampler());
        assertEquals(r.frames(), back.frames());
        assertEquals(r.fps(), back.fps(), 1e-9);
        assertEquals(r.width(), back.width());
        assertEquals(r.height(), back.height());
        assertEquals(r.lowPass(), back.lowPass(), 1e-9);
        assertEquals(r.styles(), back.styles());
        assertEquals(GenerationMode.TEXT_TO_VIDEO, back.mode());
    }

    @Test
    void inpaintingTakesTheSelectedItemAndItsMaskAndNeedsOne() {
        inspector.sourceProperty().set(InspectorViewModel.Source.IMAGE);
        inspector.maskPaintedProperty().set(true);
        inspector.modeProperty().set(cinegen.frames.GenerationMode.INPAINT);
        assertNull(recipes.inspectorRecipe(project), "no source selected: nothing to inpaint");

        MediaItem still = MediaItem.image("media-1", "beach.png", "media/beach.png", 48, 32);
        project.addMedia(0, still);
        MaskTrack track = MaskTrack.over(still);
        project.addMaskTrack(0, track);
        bin.showMedia(project.media());
        bin.select(still.id());
        GenerationRecipe r = recipes.inspectorRecipe(project).build();
        assertEquals(GenerationMode.INPAINT, r.mode());
        assertEquals(Optional.of(still.id()), r.source());
        assertEquals(Optional.of(track.id()), r.mask());
        assertEquals(Boolean.TRUE, r.cropToRegion(), "the painter's crop switch is part of the recipe");

        // The whole frame, kept in the recipe and put back on the switch with it.
        crop.set(false);
        GenerationRecipe whole = recipes.inspectorRecipe(project).build();
        assertEquals(Boolean.FALSE, whole.cropToRegion());
        crop.set(true);
        recipes.showRecipe(whole);
        assertEquals(false, crop.get());
        assertNull(GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO).build().cropToRegion(),
                "text to video has no region");
    }

    @Test
    void usingARecipeSaysWhatHappened() {
        recipes.useSelectedRecipe();
        assertEquals("Select a generated clip on the timeline first.", status.message());
        selected = Optional.of(GenerationRecipe.builder(GenerationSettings.defaults(), GenerationMode.TEXT_TO_VIDEO)
                .prompt("a kite").styles(StyleBlend.of("oil", 0.5)).build());
        recipes.useSelectedRecipe();
        assertEquals("The clip's settings are in the inspector; its style oil is not on the shelf (the model pack has no"
                + " such weight set).", status.message());
        assertEquals("a kite", inspector.promptProperty().get());
    }

    @Test
    void clipTitlesAreTheFirstWordsOfThePrompt() {
        assertEquals("a kite", InspectorRecipes.titleFor("  a   kite "));
        assertEquals("a red kite over the long white…", InspectorRecipes.titleFor("a red kite over the long white dunes at dusk"));
    }
}
