package cinegen.ui.main;

import cinegen.project.GenerationRecipe;
import cinegen.project.MaskTrack;
import cinegen.project.Project;
import cinegen.ui.bin.BinItem;
import cinegen.ui.bin.MediaBinViewModel;
import cinegen.ui.inspector.GenerationMode;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.status.StatusViewModel;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The inspector's settings and a project recipe, both ways (docs/decisions/0604): the recipe Generate queues, and a
 * clip's recipe put back into the inspector and on the style shelf. FX thread.
 */
final class InspectorRecipes {
    private final InspectorViewModel inspector;
    private final PresetShelfViewModel presets;
    private final MediaBinViewModel mediaBin;
    private final Function<String, Optional<MaskTrack>> maskTracks;
    private final Supplier<Optional<GenerationRecipe>> selectedRecipe;
    private final StatusViewModel status;

    /**
     * @param maskTracks     the mask track painted on a media item, by its id
     * @param selectedRecipe the recipe of the clip selected on the timeline, if it was generated
     */
    InspectorRecipes(InspectorViewModel inspector, PresetShelfViewModel presets, MediaBinViewModel mediaBin,
                     Function<String, Optional<MaskTrack>> maskTracks, Supplier<Optional<GenerationRecipe>> selectedRecipe,
                     StatusViewModel status) {
        this.inspector = inspector;
        this.presets = presets;
        this.mediaBin = mediaBin;
        this.maskTracks = maskTracks;
        this.selectedRecipe = selectedRecipe;
        this.status = status;
    }

    /**
     * A recipe of the inspector's settings for {@code project} (styles still to set): the bin's selected item is the
     * source of the modes that need one, with its painted mask. Null when such a mode has no source selected.
     */
    GenerationRecipe.Builder inspectorRecipe(Project project) {
        GenerationMode mode = inspector.modeProperty().get();
        GenerationRecipe.Builder b = GenerationRecipe.builder(project.settings(), projectMode(mode))
                .prompt(inspector.promptProperty().get().strip())
                .negativePrompt(inspector.negativePromptProperty().get())
                .seed(inspector.seed().get()).steps(inspector.steps().get()).guidance(inspector.guidance().get())
                .sampler(inspector.samplerProperty().get()).frames(inspector.frames().get())
                .fps(inspector.fps().get()).size(inspector.width().get(), inspector.height().get())
                .lowPass(inspector.lowPassProperty().get() ? Math.max(0, Math.min(1, 1 - inspector.lowPassCutoff().get())) : 0);
        if (mode != GenerationMode.T2V) {
            BinItem source = mediaBin.selectedProperty().get();
            if (source == null) return null;
            b.sourceMediaId(source.id());
            if (mode == GenerationMode.INPAINT || mode == GenerationMode.CINEMAGRAPH) {
                maskTracks.apply(source.id()).ifPresent(t -> b.maskTrackId(t.id()));
            }
        }
        return b;
    }

    /**
     * Puts the selected clip's recipe back into the inspector and the shelf (prompt, seed, settings, styles and
     * their strengths), so Generate makes it again or a variation of it.
     */
    void useSelectedRecipe() {
        Optional<GenerationRecipe> r = selectedRecipe.get();
        if (r.isEmpty()) {
            status.showMessage("Select a generated clip on the timeline first.");
            return;
        }
        List<String> missing = showRecipe(r.get());
        status.showMessage(missing.isEmpty() ? "The clip's settings are in the inspector and on the shelf."
                : "The clip's settings are in the inspector; its style " + String.join(", ", missing)
                + " is not on the shelf (the model pack has no such weight set).");
    }

    /** Shows a recipe in the inspector and on the shelf; returns the styles that are not on the shelf. */
    List<String> showRecipe(GenerationRecipe r) {
        GenerationMode mode = inspectorMode(r.mode());
        if (inspector.isAvailable(mode)) inspector.modeProperty().set(mode);
        inspector.promptProperty().set(r.prompt());
        inspector.negativePromptProperty().set(r.negativePrompt());
        inspector.seed().setValue(r.seed());
        inspector.steps().setValue(r.steps());
        inspector.guidance().setValue(Math.max(InspectorViewModel.MIN_GUIDANCE, r.guidance()));
        inspector.samplerProperty().set(r.sampler());
        inspector.frames().setValue(r.frames());
        inspector.fps().setValue((int) Math.round(r.fps()));
        inspector.width().setValue(r.width());
        inspector.height().setValue(r.height());
        inspector.lowPassProperty().set(r.lowPass() > 0);
        if (r.lowPass() > 0) inspector.lowPassCutoff().setValue(Math.max(InspectorViewModel.MIN_CUTOFF, 1 - r.lowPass()));
        return presets.apply(r.styles());
    }

    static cinegen.project.GenerationMode projectMode(GenerationMode m) {
        return switch (m) {
            case T2V -> cinegen.project.GenerationMode.TEXT_TO_VIDEO;
            case I2V -> cinegen.project.GenerationMode.IMAGE_TO_VIDEO;
            case INPAINT -> cinegen.project.GenerationMode.INPAINT;
            case CINEMAGRAPH -> cinegen.project.GenerationMode.CINEMAGRAPH;
        };
    }

    /** The inspector's mode for a recipe's (video to video has none in the inspector: text to video). */
    static GenerationMode inspectorMode(cinegen.project.GenerationMode m) {
        return switch (m) {
            case IMAGE_TO_VIDEO -> GenerationMode.I2V;
            case INPAINT -> GenerationMode.INPAINT;
            case CINEMAGRAPH -> GenerationMode.CINEMAGRAPH;
            default -> GenerationMode.T2V;
        };
    }

    /** A short name for a clip from its prompt: the first words, at most 32 characters. */
    static String titleFor(String prompt) {
        String p = prompt.strip().replaceAll("\\s+", " ");
        if (p.length() <= 32) return p;
        int cut = p.lastIndexOf(' ', 32);
        return p.substring(0, cut > 12 ? cut : 32) + "…";
    }
}
