package cinegen.ui.main;

import cinegen.app.ModelCatalog;
import cinegen.app.generate.ModelStatus;
import cinegen.app.settings.UserSettings;
import cinegen.engine.testing.TinyPack;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.inspector.ModelPickerViewModel;
import cinegen.ui.presets.PresetShelfViewModel;
import cinegen.ui.status.StatusViewModel;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static cinegen.ui.main.StudioServices.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model choice over a real generation service that starts without a model pack (no window). */
class ModelCoordinatorTest {
    @TempDir static Path shared;
    static Path pack;
    @TempDir Path tmp;
    private StudioServices services;
    private final ModelPickerViewModel models = new ModelPickerViewModel();
    private final InspectorViewModel inspector = new InspectorViewModel(new SplittableRandom(5));
    private final PresetShelfViewModel presets = new PresetShelfViewModel();
    private final StatusViewModel status = new StatusViewModel("CPU · test");
    private ModelCoordinator coordinator;

    @BeforeAll
    static void setUp() throws Exception {
        FxToolkit.registerPrimaryStage();
        pack = TinyPack.create(shared.resolve("tiny-pack"), 4);
    }

    @BeforeEach
    void open() throws Exception {
        services = new StudioServices(tmp.resolve("settings"), null);
        coordinator = onFx(() -> new ModelCoordinator(services.generation, services.tasks, Platform::runLater, null,
                models, inspector, presets, status));
    }

    @AfterEach
    void close() throws Exception { onFx(services::close); }

    @Test
    void withoutAModelGenerateSaysWhyAndAnAddedPackIsLoadedAndRemembered() throws Exception {
        onFx(() -> {
            ModelStatus missing = services.generation.modelStatus();
            assertEquals(missing.describe(), status.deviceInfoProperty().get());
            assertFalse(inspector.engineAvailableProperty().get());
            assertEquals(missing.problem(), inspector.engineProblemProperty().get());
            assertEquals(ModelPickerViewModel.State.FAILED, models.stateProperty().get());
        });

        onFx(() -> coordinator.addModel(pack));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> inspector.engineAvailableProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        onFx(() -> {
            assertEquals(List.of(pack.toAbsolutePath().normalize()), coordinator.addedModels(), "remembered for the next start");
            assertEquals(new UserSettings.ModelSelection(pack.toAbsolutePath().normalize().toString(), null),
                    coordinator.chosenModelProperty().get());
            assertEquals(ModelPickerViewModel.State.READY, models.stateProperty().get());
            assertTrue(status.message().startsWith("The model ") && status.message().endsWith(" is ready."), status.message());
            assertEquals(pack.toAbsolutePath().normalize(), models.currentProperty().get().path());
        });
    }

    @Test
    void unusableAndVanishedModelsAreRefusedWithAReason() throws Exception {
        onFx(() -> {
            Path gone = tmp.resolve("gone.safetensors");
            coordinator.chooseModel(new ModelCatalog.Entry(gone, null, "Gone", "", "", "it is not a model file", false));
            assertEquals("Gone cannot be used: it is not a model file", status.message());
            coordinator.restoreModel(new UserSettings.ModelSelection(gone.toString(), null));
            assertEquals("The model chosen last time is gone (" + gone + "); using none.", status.message());
            assertEquals(null, coordinator.chosenModelProperty().get(), "nothing was chosen");
        });
    }

    @Test
    void aStyleFileGoesOnAStableDiffusionModelsShelfAndIsRememberedTheBundledModelTakesNone() throws Exception {
        onFx(() -> coordinator.addModel(pack));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> inspector.engineAvailableProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(onFx(() -> presets.takesStyleFilesProperty().get()), "a model pack has its own styles only");

        var t = new java.util.LinkedHashMap<String, cinegen.engine.pack.SafeTensors.Tensor>();
        String base = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q";
        t.put(base + ".lora_down.weight", new cinegen.engine.pack.SafeTensors.Tensor(new long[] {2, 16}, new float[32]));
        t.put(base + ".lora_up.weight", new cinegen.engine.pack.SafeTensors.Tensor(new long[] {16, 2}, new float[32]));
        Path lora = tmp.resolve("Charcoal.safetensors");
        cinegen.engine.pack.SafeTensors.write(lora, t, cinegen.engine.pack.SafeTensors.DType.F32);

        onFx(() -> coordinator.addModel(Path.of("src/test/resources/diffusers/pipeline_animatediff")));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> onFx(() -> presets.takesStyleFilesProperty().get()));
        onFx(() -> { presets.addStyleFile(lora); return null; });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(() -> presets.find("charcoal").isPresent()));
        onFx(() -> {
            assertEquals(List.of(lora.toAbsolutePath().normalize()), coordinator.addedStyleFiles(), "remembered for the next start");
            assertTrue(status.message().startsWith("Added Charcoal.safetensors to the style shelf"), status.message());
            return null;
        });
        Path notes = java.nio.file.Files.writeString(tmp.resolve("notes.safetensors"), "not a model");
        onFx(() -> { presets.addStyleFile(notes); return null; });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> status.message().startsWith("notes.safetensors")));
        assertEquals(1, onFx(() -> coordinator.addedStyleFiles().size()), "a refused file is not remembered");
    }

    @Test
    void aReopenedProjectsStyleTheModelLacksIsNamed() throws Exception {
        onFx(() -> presets.restore(cinegen.project.StyleBlend.of("charcoal", 0.5)));
        assertEquals(List.of("charcoal"), onFx(presets::missingKeptStyles));
        onFx(() -> coordinator.addModel(pack));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> inspector.engineAvailableProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        onFx(() -> {
            assertTrue(status.message().startsWith("This project's style charcoal is not among the styles of "), status.message());
            assertEquals(List.of("charcoal"), presets.missingKeptStyles(), "still waiting for a model that has it");
            return null;
        });
    }
}
