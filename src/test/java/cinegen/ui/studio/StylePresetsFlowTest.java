package cinegen.ui.studio;

import cinegen.app.StylePresets;
import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.JobState;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.testing.TinyPack;
import cinegen.project.GenerationRecipe;
import cinegen.project.StyleBlend;
import cinegen.project.StyleWeight;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.main.StudioWindow;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.presets.StylePreset;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import static cinegen.ui.UiActions.chooseMenu;
import static cinegen.ui.UiActions.scrollIntoView;
import static cinegen.ui.UiAssertions.assertApart;
import static cinegen.ui.UiAssertions.assertShown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The preset shelf, the blend and the style sweep in the real window, on the tiny pack with three real style weight
 * sets ("Watercolor", "ink", "neon") and a presets folder: Watercolor's preset file (named in lower case) has a
 * thumbnail, neon's thumbnail is not a PNG, ink has no preset file.
 */
@ExtendWith(ApplicationExtension.class)
class StylePresetsFlowTest {
    @TempDir static Path shared;
    @TempDir Path settings;
    static Path pack;
    static Path presets;
    private StudioWindow window;

    @BeforeAll
    static void createPackAndPresets() throws Exception {
        pack = TinyPack.addStyles(TinyPack.create(shared.resolve("tiny-pack"), 3), "Watercolor", "ink", "neon");
        presets = shared.resolve("presets");
        StudioFixtures.photo(presets, "watercolor.png", 64, 40);
        StylePresets.write(presets, new StylePresets.Preset("soft-watercolor", "Soft Watercolour", "Washes of colour",
                "watercolor", 0.65, "watercolor.png"));
        Files.write(presets.resolve("neon.png"), "not a picture".getBytes());
        StylePresets.write(presets, new StylePresets.Preset("neon", "Neon", "Glowing edges", "neon", 0.9, "neon.png"));
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settings, StudioWindow.ModelChoice.in(pack).withPresets(presets));
    }

    private void await(BooleanSupplier condition, String what) {
        StudioFixtures.await(window, condition, what);
    }

    private PresetShelfViewModel shelf() { return window.viewModel().presets(); }

    private List<GenerationJob> jobs() { return window.context().generation().jobs(); }

    /** Waits for the shelf to show the preset files (Watercolor's label comes from its file). */
    private void awaitShelf(FxRobot robot) {
        await(() -> shelf().find("watercolor").map(p -> p.name().equals("Soft Watercolour")).orElse(false), "the preset files on the shelf");
        await(() -> robot.lookup("#presetThumb-watercolor").tryQuery().isPresent(), "Watercolor's thumbnail");
    }

    private void click(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        scrollIntoView(robot, n);
        robot.clickOn(n);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void setField(FxRobot robot, String id, String value) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        scrollIntoView(robot, f);
        robot.clickOn(f).push(KeyCode.CONTROL, KeyCode.A).write(value);
    }

    private void smallClip(FxRobot robot, String prompt) {
        setField(robot, "#stepsField", "2");
        setField(robot, "#framesField", "2");
        scrollIntoView(robot, robot.lookup("#promptArea").query());
        robot.clickOn("#promptArea").push(KeyCode.CONTROL, KeyCode.A).write(prompt);
    }

    private static List<Double> alphas(GenerationJob j) { return j.request().style().entries().stream().map(StyleMix.Entry::alpha).toList(); }

    @Test
    void cardsShowThumbnailsAndAPresetStartsAtItsOwnStrength(FxRobot robot) {
        awaitShelf(robot);
        // The shelf with its strength and blend controls fits between the media bin and the jobs panel.
        Node shelfPanel = robot.lookup("#presetShelf").query();
        assertApart(robot.lookup("#mediaBin").query(), shelfPanel);
        assertApart(shelfPanel, robot.lookup("#jobsPanel").query());
        assertShown(robot.lookup("#presetControls").query(), 200, 80);
        Node watercolor = robot.lookup("#preset-watercolor").query();
        ImageView thumb = robot.lookup("#presetThumb-watercolor").queryAs(ImageView.class);
        scrollIntoView(robot, watercolor);
        assertShown(thumb, 30, 15);
        assertFalse(thumb.getImage().isError());
        assertTrue(thumb.getImage().getWidth() > thumb.getImage().getHeight() * 1.4, "the picture's aspect (64×40) kept");
        List<String> texts = robot.from(watercolor).lookup(".label").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertTrue(texts.containsAll(List.of("Soft Watercolour", "Washes of colour")), texts.toString());

        // No preset file: a text card with the weight set's own name.
        Node ink = robot.lookup("#preset-ink").query();
        assertTrue(robot.from(ink).lookup(".image-view").queryAll().isEmpty(), "ink has no picture");
        assertTrue(robot.from(ink).lookup(".label").queryAllAs(Label.class).stream().anyMatch(l -> l.getText().equals("ink")));

        Slider strength = robot.lookup("#styleStrength").queryAs(Slider.class);
        assertEquals(0.0, strength.getMin());
        assertEquals(1.0, strength.getMax());
        assertTrue(strength.isDisabled(), "no strength for the base model");
        click(robot, "#preset-watercolor");
        assertEquals("watercolor", shelf().selectedProperty().get().id());
        assertEquals(0.65, shelf().strengthProperty().get(), 1e-9, "the preset file's default strength");
        assertEquals("0.65", robot.lookup("#styleStrengthValue").queryAs(Label.class).getText());
        assertFalse(strength.isDisabled());
        click(robot, "#preset-ink");
        assertEquals(StylePreset.DEFAULT_ALPHA, shelf().strengthProperty().get(), 1e-9);
        robot.clickOn(strength);
        robot.push(KeyCode.HOME);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.0, shelf().strengthProperty().get(), 1e-9, "the slider goes down to α 0");

        // The broken picture has long been tried by now: neon stays a text card, and nothing was thrown.
        await(() -> robot.lookup("#preset-neon").tryQuery().isPresent(), "neon's card");
        WaitForAsyncUtils.sleep(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Node neon = robot.lookup("#preset-neon").query();
        assertTrue(robot.from(neon).lookup(".image-view").queryAll().isEmpty(), "a broken thumbnail leaves a text card");
        assertTrue(robot.from(neon).lookup(".label").queryAllAs(Label.class).stream().anyMatch(l -> l.getText().equals("Neon")));
    }

    @Test
    void aBlendGoesIntoTheRecipeAndTheClipsSettingsComeBack(FxRobot robot) {
        awaitShelf(robot);
        @SuppressWarnings("unchecked")
        ComboBox<StylePreset> blend = robot.lookup("#blendPreset").queryAs(ComboBox.class);
        assertTrue(blend.isDisabled(), "no blend without a first style");
        click(robot, "#preset-watercolor");
        assertFalse(blend.isDisabled());
        assertEquals(List.of("None", "ink", "Neon"), blend.getItems().stream().map(StylePreset::name).toList(),
                "the chosen style is not offered twice");
        click(robot, "#blendPreset");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match((javafx.scene.control.ListCell<?> c) -> "ink".equals(c.getText())).<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("ink", shelf().blendProperty().get().id());
        assertEquals(0.35, shelf().blendStrengthProperty().get(), 1e-9, "ink's 0.8 capped at 1 − 0.65");
        assertFalse(robot.lookup("#blendStrength").query().isDisabled());

        smallClip(robot, "a red circle moving left on a sky background");
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        await(() -> !window.viewModel().timeline().clips().isEmpty(), "the blended clip on the timeline");
        GenerationJob job = jobs().get(0);
        assertEquals(List.of("watercolor", "ink"), job.request().style().entries().stream().map(StyleMix.Entry::name).toList());
        assertEquals(0.65, alphas(job).get(0), 1e-9);
        assertEquals(0.35, alphas(job).get(1), 1e-9);
        GenerationRecipe recipe = window.viewModel().project().media().get(0).generation().orElseThrow();
        assertEquals(List.of("watercolor", "ink"), recipe.styles().styles().stream().map(StyleWeight::preset).toList());
        assertEquals(0.65, recipe.styles().styles().get(0).weight(), 1e-9);
        assertEquals(0.35, recipe.styles().styles().get(1).weight(), 1e-9);

        // Back to the base model: the blend goes too. Then the clip's settings bring both back.
        click(robot, "#preset-none");
        assertTrue(blend.isDisabled());
        assertEquals(StylePreset.NONE, shelf().blendProperty().get());
        assertTrue(window.viewModel().clipHasRecipeProperty().get(), "the new clip is selected");
        chooseMenu(robot, "Generate", "Use Clip Settings");
        assertEquals("watercolor", shelf().selectedProperty().get().id());
        assertEquals(0.65, shelf().strengthProperty().get(), 1e-9);
        assertEquals("ink", shelf().blendProperty().get().id());
        assertEquals("ink", blend.getValue().id(), "the choice box shows it too");
        assertEquals(0.35, shelf().blendStrengthProperty().get(), 1e-9);
        assertEquals(recipe.seed(), window.viewModel().inspector().seed().get());

        // Regenerate runs the clip's own styles whatever the shelf shows now.
        click(robot, "#preset-neon");
        chooseMenu(robot, "Generate", "Regenerate Clip");
        await(() -> window.viewModel().timeline().clips().size() == 2, "the regenerated clip");
        GenerationJob again = jobs().get(1);
        assertEquals(job.request().style().entries(), again.request().style().entries());
        assertEquals(job.request().seed(), again.request().seed());
        assertEquals(recipe.styles(), window.viewModel().project().media().get(1).generation().orElseThrow().styles());
    }

    @Test
    void aSweepRendersOneSeedAtFiveStrengthsAndTheArtistPicksOne(FxRobot robot) {
        awaitShelf(robot);
        Button sweepButton = robot.lookup("#styleSweepButton").queryAs(Button.class);
        assertTrue(sweepButton.isDisabled(), "nothing to sweep with the base model");
        click(robot, "#preset-watercolor");

        // A long sweep can be cancelled as a whole.
        setField(robot, "#stepsField", "150");
        setField(robot, "#framesField", "16");
        scrollIntoView(robot, robot.lookup("#promptArea").query());
        robot.clickOn("#promptArea").write("a blue square moving right");
        click(robot, "#styleSweepButton");
        await(() -> jobs().size() == 5 && jobs().get(0).state() == JobState.RUNNING, "the first sweep job running");
        assertShown(robot.lookup("#styleSweep").query(), 200, 100);
        click(robot, "#sweepCancelButton");
        await(() -> jobs().stream().allMatch(j -> j.state() == JobState.CANCELLED), "every sweep job cancelled");
        await(() -> "Cancelled".equals(robot.lookup("#sweepState-4").queryAs(Label.class).getText()), "the cells say so");

        setField(robot, "#seedField", "777");
        smallClip(robot, "a red circle moving left on a sky background");
        click(robot, "#styleSweepButton");
        await(() -> jobs().size() == 10 && jobs().subList(5, 10).stream().allMatch(j -> j.state() == JobState.DONE), "the sweep");
        List<GenerationJob> sweep = jobs().subList(5, 10);
        assertTrue(sweep.stream().allMatch(j -> j.request().seed() == 777), "one seed");
        assertEquals(PresetShelfViewModel.SWEEP_ALPHAS, sweep.stream().map(j -> alphas(j).get(0)).toList());
        assertTrue(sweep.stream().allMatch(j -> j.request().style().entries().size() == 1
                && j.request().style().entries().get(0).name().equals("watercolor")));
        assertEquals(2, sweep.get(0).request().steps());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.viewModel().timeline().clips().isEmpty(), "the sweep does not flood the timeline");
        assertTrue(window.viewModel().project().media().isEmpty(), "nor the project");

        String[] labels = {"α 0.00", "α 0.25", "α 0.50", "α 0.75", "α 1.00"};
        for (int i = 0; i < 5; i++) {
            int k = i;
            assertShown(robot.lookup("#sweepCell-" + i).query(), 60, 60);
            assertEquals(labels[i], robot.lookup("#sweepAlpha-" + i).queryAs(Label.class).getText());
            FrameSurface picture = robot.lookup("#sweepPicture-" + i).queryAs(FrameSurface.class);
            await(() -> picture.showingFrameProperty().get(), "the picture of cell " + k);
            assertEquals(32, (int) picture.image().getWidth(), "the clip's frame, not a preview");
            assertEquals("Done", robot.lookup("#sweepState-" + i).queryAs(Label.class).getText());
        }
        assertTrue(robot.lookup("#sweepKeepButton").query().isDisabled(), "nothing picked yet");

        click(robot, "#sweepCell-3");
        assertEquals(0.75, shelf().strengthProperty().get(), 1e-9);
        assertEquals("0.75", robot.lookup("#styleStrengthValue").queryAs(Label.class).getText());
        click(robot, "#sweepCell-1");
        assertEquals(0.25, shelf().strengthProperty().get(), 1e-9);
        assertEquals(777L, window.viewModel().inspector().seed().get(), "the seed stays, so Generate renders the pick again");

        click(robot, "#sweepKeepButton");
        await(() -> window.viewModel().timeline().clips().size() == 1, "the picked result on the timeline");
        GenerationRecipe added = window.viewModel().project().media().get(0).generation().orElseThrow();
        assertEquals(StyleBlend.of("watercolor", 0.25), added.styles());
        assertEquals(777, added.seed());
        await(() -> robot.lookup("#sweepKeepButton").query().isDisabled(), "Add disabled once added");

        click(robot, "#sweepCloseButton");
        assertFalse(robot.lookup("#styleSweep").query().isVisible());
        assertEquals(1, window.viewModel().timeline().clips().size());
    }
}
