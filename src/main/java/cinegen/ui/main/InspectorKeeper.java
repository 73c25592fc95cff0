package cinegen.ui.main;

import cinegen.project.InspectorSettings;
import cinegen.project.StyleBlend;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.mask.MaskEditorViewModel;
import cinegen.ui.presets.PresetShelfViewModel;

import java.util.List;

/**
 * The inspector's settings kept with the project (docs/decisions/0619): taken from the inspector, the style shelf and
 * the mask painter's crop option before each save, and put back when a project opens; a project without them (a new
 * one, or one saved by an older studio) starts from the model's defaults. The model choice is not among them: it
 * stays in the user settings. FX thread.
 */
final class InspectorKeeper {
    private final InspectorViewModel inspector;
    private final PresetShelfViewModel presets;
    private final MaskEditorViewModel mask;

    InspectorKeeper(InspectorViewModel inspector, PresetShelfViewModel presets, MaskEditorViewModel mask) {
        this.inspector = inspector;
        this.presets = presets;
        this.mask = mask;
    }

    /** What the inspector holds now (a field being typed in counts with its last valid value). */
    InspectorSettings capture() {
        return new InspectorSettings(inspector.modeProperty().get(),
                inspector.promptProperty().get(), inspector.negativePromptProperty().get(),
                inspector.seed().get(), inspector.seedRandomProperty().get(),
                inspector.steps().get(), inspector.guidance().get(), inspector.samplerProperty().get(),
                inspector.width().get(), inspector.height().get(), inspector.frames().get(), inspector.fps().get(),
                inspector.lowPassProperty().get(), inspector.lowPassCutoff().get(), presets.toBlend(),
                mask.cropToRegionProperty().get());
    }

    /**
     * Puts kept settings back (null: the model's defaults, no style, cropping to the painted region). Returns the kept
     * styles that are not on the shelf yet; they are chosen when the model that has them is ready.
     */
    List<String> restore(InspectorSettings s) {
        if (s == null) {
            inspector.resetToModelDefaults();
            mask.cropToRegionProperty().set(true);
            return presets.restore(StyleBlend.none());
        }
        inspector.modeProperty().set(s.mode());
        inspector.promptProperty().set(s.prompt());
        inspector.negativePromptProperty().set(s.negativePrompt());
        inspector.seed().setValue(s.seed());
        inspector.seedRandomProperty().set(s.randomSeed()); // after the seed: typing a seed turns rolling off
        inspector.steps().setValue(s.steps());
        inspector.guidance().setValue(s.guidance());
        inspector.samplerProperty().set(s.sampler());
        inspector.width().setValue(s.width());
        inspector.height().setValue(s.height());
        inspector.frames().setValue(s.frames());
        inspector.fps().setValue(s.fps());
        inspector.lowPassProperty().set(s.lowPass());
        inspector.lowPassCutoff().setValue(s.lowPassCutoff());
        inspector.keepAsSet();
        mask.cropToRegionProperty().set(s.cropToRegion());
        return presets.restore(s.styles());
    }
}
