package cinegen.ui.studio;

import cinegen.app.ModelCatalog;
import cinegen.app.generate.GenerationJob;
import cinegen.app.settings.UserSettings;
import cinegen.engine.testing.TinyPack;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static cinegen.ui.UiActions.chooseMenu;
import static cinegen.ui.UiActions.scrollIntoView;
import static cinegen.ui.UiAssertions.assertShown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person picks a model from the models folder in the inspector, sees its sizes, defaults and prompt help follow,
 * generates with it at a size, reads the clip's recipe and copies its seed; the choice comes back at the next start.
 */
@ExtendWith(ApplicationExtension.class)
class ModelPickerFlowTest {
    static final Path TINY_SD = Path.of("src/test/resources/diffusers/pipeline_animatediff").toAbsolutePath();
    @TempDir static Path shared;
    @TempDir Path settings;
    static Path pack, models;
    private StudioWindow window;

    @BeforeAll
    static void createModels() throws Exception {
        pack = TinyPack.create(shared.resolve("tiny-pack"), 3);
        models = shared.resolve("models");
        copyTree(TINY_SD, Files.createDirectories(models.resolve("diffusers")).resolve("tiny-animatediff"));
        Files.createDirectories(models.resolve("checkpoints"));
        Files.writeString(models.resolve("checkpoints").resolve("broken.safetensors"), "not a model");
        System.setProperty("cinegen.models", models.toString());
    }

    @AfterAll
    static void forgetModels() { System.clearProperty("cinegen.models"); }

    static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    @AfterEach
    void closeWindows() throws Exception { FxToolkit.cleanupStages(); }

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settings, StudioWindow.ModelChoice.in(pack));
    }

    private void await(java.util.function.BooleanSupplier c, String what) { StudioFixtures.await(window, c, what); }

    private void setField(FxRobot robot, String id, String value) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        scrollIntoView(robot, f);
        robot.clickOn(f).push(KeyCode.CONTROL, KeyCode.A).write(value);
    }

    private List<GenerationJob> jobs() { return window.context().generation().jobs(); }

    @Test
    void pickAModelAndTheInspectorFollowsIt(FxRobot robot) throws Exception {
        var vm = window.viewModel();
        await(() -> vm.inspector().engineAvailableProperty().get(), "the bundled model ready");
        assertEquals(5.0, vm.inspector().guidance().get(), "the model's guidance, not the inspector's 7.5");
        assertEquals("32", robot.lookup("#widthField").queryAs(TextField.class).getText(), "the native size");
        assertTrue(robot.lookup("#aspect-WIDE").query().isDisabled(), "the bundled pack makes its native size only");

        // Closed vocabulary: words the model does not know are struck out, and examples are offered.
        scrollIntoView(robot, robot.lookup("#promptArea").query());
        robot.clickOn("#promptArea").write("a red fox moving left");
        await(() -> robot.lookup("#promptHint").queryAs(Label.class).getText().contains("“fox”"), "the ignored word");
        assertShown(robot.lookup("#promptHint").query(), 40, 8);
        assertTrue(robot.lookup("#promptCheck").queryAs(javafx.scene.text.TextFlow.class).getChildren().stream()
                .anyMatch(n -> n instanceof Text t && t.getText().equals("fox") && t.isStrikethrough()));
        robot.clickOn("#examplePrompts");
        robot.clickOn(robot.lookup(".menu-item .label").match((Label l) -> l.getText().startsWith("a red circle")).<Node>query());
        await(() -> vm.inspector().promptProperty().get().startsWith("a red circle"), "the example prompt");
        await(() -> !robot.lookup("#promptHint").query().getParent().isVisible(), "no hint for a prompt the model knows");

        // The picker lists the bundled model, the folder's model and the unusable file, greyed with its reason.
        await(() -> vm.models().entries().size() == 3, "the models folder scanned");
        ModelCatalog.Entry broken = vm.models().entries().get(2);
        assertFalse(broken.usable());
        List<String> messages = new CopyOnWriteArrayList<>();
        vm.status().messageProperty().addListener((o, a, m) -> messages.add(m));
        scrollIntoView(robot, robot.lookup("#modelPicker").query());
        robot.clickOn("#modelPicker");
        WaitForAsyncUtils.waitForFxEvents();
        ListCell<?> brokenCell = robot.lookup(".combo-box-popup .list-cell")
                .match((ListCell<?> c) -> c.getText() != null && c.getText().startsWith("broken")).query();
        assertTrue(brokenCell.isDisabled(), "an unusable file cannot be chosen");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell")
                .match((ListCell<?> c) -> c.getText() != null && c.getText().startsWith("tiny-animatediff")).<Node>query());
        await(() -> "The model tiny-animatediff is ready.".equals(vm.status().message()), "the picked model ready");
        assertTrue(messages.contains("Loading the model tiny-animatediff…"), messages.toString());
        assertTrue(robot.lookup("#modelDetails").queryAs(Label.class).getText().contains("Text to video"),
                robot.lookup("#modelDetails").queryAs(Label.class).getText() + " / current " + vm.models().currentProperty().get().path()
                        + " motion " + vm.models().currentProperty().get().motion() + " / service " + window.context().generation().modelPath()
                        + " info " + vm.models().infoOf(vm.models().currentProperty().get()) + " / " + vm.inspector().modelProperty().get());
        assertEquals("Ready", robot.lookup("#modelState").queryAs(Label.class).getText());

        // Open vocabulary: the CLIP token count, no examples; SD's defaults and sizes.
        await(() -> robot.lookup("#promptCount").queryAs(Label.class).getText().matches("\\d+ / 77 tokens"), "the token count");
        assertFalse(robot.lookup("#examplePrompts").query().isVisible());
        assertEquals(7.5, vm.inspector().guidance().get());
        assertFalse(robot.lookup("#aspect-WIDE").query().isDisabled(), "SD takes multiples of 8");
        scrollIntoView(robot, robot.lookup("#aspect-WIDE").query());
        robot.clickOn("#aspect-WIDE");
        // The tiny model takes multiples of 2 from 16: 16:9 keeps the native 32 and rounds 18 to its step.
        assertEquals("32", robot.lookup("#widthField").queryAs(TextField.class).getText());
        assertEquals("18", robot.lookup("#heightField").queryAs(TextField.class).getText());
        robot.clickOn("#aspect-SQUARE");
        assertEquals("32", robot.lookup("#heightField").queryAs(TextField.class).getText());

        // The seed typed stays after Generate; the request gets the size; the clip's recipe shows with its seed.
        setField(robot, "#seedField", "4242");
        setField(robot, "#stepsField", "1");
        setField(robot, "#framesField", "4");
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        await(() -> !vm.timeline().clips().isEmpty(), "the clip on the timeline");
        GenerationJob job = jobs().get(0);
        assertEquals(32, job.request().width());
        assertEquals(32, job.request().height());
        assertEquals(4242, job.request().seed());
        assertEquals(7.5, job.request().guidance());
        assertEquals("4242", robot.lookup("#seedField").queryAs(TextField.class).getText(), "the typed seed is kept");
        await(() -> robot.lookup("#clipInfo").query().isVisible(), "the clip's recipe");
        assertEquals("4242", robot.lookup("#clipInfo-seed").queryAs(Label.class).getText());
        scrollIntoView(robot, robot.lookup("#copySeed").query());
        robot.clickOn("#copySeed");
        assertEquals("Seed 4242 copied.", vm.status().message());

        // View > Models… lists the same models, the unusable file greyed, and describes the selected one.
        chooseMenu(robot, "View", "Models…");
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<ModelCatalog.Entry> list = robot.lookup("#modelsList").queryAs(javafx.scene.control.ListView.class);
        assertEquals(3, list.getItems().size());
        assertTrue(robot.from(list).lookup(".list-cell").match((ListCell<?> c) -> c.getText() != null && c.getText().startsWith("broken"))
                .<ListCell<?>>query().isDisabled());
        assertTrue(robot.lookup("#modelsDetails").queryAs(Label.class).getText().contains("Stable Diffusion"));
        assertTrue(robot.lookup("#useModel").query().isDisabled(), "the model in use is not offered again");
        robot.clickOn(StudioFixtures.dialogButton(robot, "Close"));

        // The choice is in the settings when the window closes.
        robot.interact(() -> window.stage().close());
        UserSettings saved = UserSettings.load(settings);
        assertEquals(models.resolve("diffusers").resolve("tiny-animatediff").toString(), saved.model().orElseThrow().path());
    }

    @Test
    void theChosenModelComesBackAtStartAndAModelCanBeAdded(FxRobot robot) throws Exception {
        Path dir = settings.resolve("second");
        UserSettings s = UserSettings.defaults(dir);
        s.setModel(new UserSettings.ModelSelection(TINY_SD.toString(), null));
        s.save();
        StudioWindow[] second = new StudioWindow[1];
        robot.interact(() -> second[0] = StudioWindow.open(new Stage(), dir, StudioWindow.ModelChoice.in(pack)));
        var vm = second[0].viewModel();
        StudioFixtures.await(second[0], () -> vm.inspector().engineAvailableProperty().get(), "the restored model ready");
        assertEquals(TINY_SD, second[0].context().generation().modelPath());
        assertEquals("sd15", vm.inspector().modelProperty().get().familyId());
        StudioFixtures.await(second[0], () -> vm.models().currentProperty().get() != null
                && vm.models().currentProperty().get().sameModel(TINY_SD, null), "the picker shows it");

        // Add model…: a model folder picked by hand is listed, chosen and remembered.
        second[0].view().inspector().setModelPathPicker((owner, folder) -> folder ? pack : null);
        Node add = robot.from(second[0].view()).lookup("#addModel").query();
        scrollIntoView(robot, add);
        robot.clickOn(add);
        robot.clickOn(robot.lookup(".menu-item .label").match((Label l) -> l.getText().equals("Add Model Folder…")).<Node>query());
        StudioFixtures.await(second[0], () -> "bundled".equals(vm.inspector().modelProperty().get() == null ? null
                : vm.inspector().modelProperty().get().familyId()), "the added pack ready");
        assertTrue(vm.addedModels().contains(pack.toAbsolutePath().normalize()));
        robot.interact(() -> second[0].stage().close());
        UserSettings back = UserSettings.load(dir);
        assertTrue(back.model().isEmpty() || back.model().get().path().equals(pack.toAbsolutePath().normalize().toString()),
                back.model().toString());
        assertEquals(List.of(pack.toAbsolutePath().normalize().toString()), back.addedModels());
    }
}
