package cinegen.ui.main;

import atlantafx.base.theme.Styles;
import cinegen.ui.bin.MediaBinView;
import cinegen.ui.common.FrameSurface;
import cinegen.ui.inspector.InspectorViewModel;
import cinegen.ui.timeline.TimelineView;
import cinegen.ui.viewer.ViewerView;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static cinegen.ui.UiActions.chooseMenu;
import static cinegen.ui.UiActions.menuBarButton;
import static cinegen.ui.UiActions.openMenuEntry;
import static cinegen.ui.UiActions.scrollIntoView;
import static cinegen.ui.UiAssertions.assertApart;
import static cinegen.ui.UiAssertions.assertShown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opens the real main window headless and looks at it as a person would. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @TempDir static Path settingsDir;
    @TempDir Path media;
    private StudioWindow window;

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settingsDir, StudioWindow.ModelChoice.in(settingsDir.resolve("no-pack")));
    }

    @Test
    void windowIsTitledCinegenStudio() {
        assertTrue(window.stage().isShowing());
        assertEquals("Cinegen Studio", window.stage().getTitle());
    }

    @Test
    void everyRegionIsVisibleWithItsHeading(FxRobot robot) {
        Map<String, String> headings = Map.of("#mediaBin", "Media Bin", "#presetShelf", "Style Presets",
                "#viewer", "Viewer", "#inspector", "Inspector", "#timeline", "Timeline");
        for (var e : headings.entrySet()) {
            Node region = robot.lookup(e.getKey()).query();
            assertShown(region, 150, 100);
            Label title = robot.lookup(e.getKey() + "Title").queryAs(Label.class);
            assertEquals(e.getValue(), title.getText());
            assertShown(title, 40, 10);
        }
        List<String> panels = List.of("#mediaBin", "#presetShelf", "#viewer", "#inspector", "#timeline");
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                assertApart(robot.lookup(panels.get(i)).query(), robot.lookup(panels.get(j)).query());
            }
        }
        assertShown(robot.lookup("#menuBar").query(), 200, 15);
        assertShown(robot.lookup("#statusBar").query(), 200, 15);
        assertTrue(robot.lookup("#statusMessage").queryAs(Label.class).getText().startsWith("No model pack found"),
                "the status bar says why generation is off");
        assertEquals("no model pack found", robot.lookup("#deviceInfo").queryAs(Label.class).getText());
        assertFalse(robot.lookup("#statusProgress").query().isVisible(), "progress bar hidden when idle");
    }

    @Test
    void emptyPanelsSayWhatToDo(FxRobot robot) {
        assertShown(robot.lookup(MediaBinView.EMPTY_TEXT).query(), 60, 10);
        assertShown(robot.lookup("#importButton").query(), 40, 15);
        assertShown(robot.lookup(ViewerView.EMPTY_TEXT).query(), 40, 10);
        assertShown(robot.lookup(TimelineView.EMPTY_TEXT).query(), 60, 10);
        assertShown(robot.lookup("#preset-none").query(), 40, 20);
        assertShown(robot.lookup("#transportBar").query(), 200, 20);
        assertEquals("Frame – / –", robot.lookup("#frameCounter").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#transportPlay").query().isDisabled(), "nothing to play yet");
        assertTrue(robot.lookup(".ruler-label").queryAllAs(Label.class).stream().anyMatch(l -> l.getText().equals("0:00")));
    }

    @Test
    void menusOpenAndListTheirItems(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        assertEquals(List.of("_File", "_Edit", "_Generate", "_View", "_Help"), bar.getMenus().stream().map(Menu::getText).toList(),
                "each with its Alt mnemonic");
        Map<String, List<String>> expected = Map.of(
                "File", List.of("Import Media…", "Quit", "Export Timeline…"),
                "Edit", List.of("Undo", "Redo"),
                "Generate", List.of("Generate", "Randomize Seed", "Mode"),
                "View", List.of("Inspector", "Timeline", "Reset Layout"),
                "Help", List.of("About Cinegen Studio", "Keyboard Shortcuts"));
        for (Menu menu : bar.getMenus()) {
            String title = menu.getText().replace("_", "");
            robot.clickOn(menuBarButton(robot, title));
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(menu.isShowing(), title + " did not open");
            for (String item : expected.get(title)) assertShown(openMenuEntry(robot, item), 10, 8);
            robot.type(KeyCode.ESCAPE);
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(menu.isShowing());
        }
    }

    @Test
    void featuresThatDoNotExistYetAreDisabledNotFaked(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        // Not built yet (export, preferences), or nothing to act on yet (no edit, no model, no clip).
        Set<String> notYet = Set.of("menuExport", "menuPreferences", "menuUndo", "menuRedo", "menuGenerate",
                "menuCancelGeneration", "menuRegenerate", "menuVarySeed", "menuDuplicate", "menuSplit", "menuPaintMask", "menuAddToTimeline",
                "menuMarkIn", "menuMarkOut", "menuClearMarks");
        int checked = 0;
        Set<String> working = Set.of("menuNewProject", "menuOpenProject", "menuSave", "menuSaveAs", "menuImport",
                "menuQuit", "menuRandomSeed", "menuResetLayout", "menuAbout", "menuShortcuts", "menuShowInspector");
        for (Menu m : bar.getMenus()) {
            for (MenuItem i : m.getItems()) {
                if (i.getId() == null) continue;
                if (notYet.contains(i.getId())) assertTrue(i.isDisable(), i.getText() + " should be disabled");
                if (working.contains(i.getId())) assertFalse(i.isDisable(), i.getText() + " should work");
                if (notYet.contains(i.getId()) || working.contains(i.getId())) checked++;
            }
        }
        assertEquals(notYet.size() + working.size(), checked, "every listed item exists");
        Button generate = robot.lookup("#generateButton").queryAs(Button.class);
        assertShown(generate, 60, 20);
        assertTrue(generate.isDisabled());
        Label reason = robot.lookup("#generateReason").queryAs(Label.class);
        assertShown(reason, 60, 10);
        assertTrue(reason.getText().startsWith("No model pack found, so generation is off. Looked in: "), reason.getText());
        assertEquals("no model pack found", robot.lookup("#deviceInfo").queryAs(Label.class).getText());
    }

    @Test
    void inspectorRefusesAnInvalidStepsValueWithAVisibleReason(FxRobot robot) {
        TextField steps = robot.lookup("#stepsField").queryAs(TextField.class);
        Label error = robot.lookup("#stepsError").queryAs(Label.class);
        assertFalse(error.isVisible());
        scrollIntoView(robot, steps);
        assertShown(steps, 60, 20);
        robot.clickOn(steps).push(KeyCode.CONTROL, KeyCode.A).write("0");
        assertEquals("0", steps.getText());
        assertShown(error, 60, 8);
        assertEquals("Steps must be at least 1.", error.getText());
        assertTrue(steps.getPseudoClassStates().contains(Styles.STATE_DANGER), "field is marked");
        assertEquals(25, window.viewModel().inspector().steps().get(), "the invalid value is not taken");

        robot.push(KeyCode.CONTROL, KeyCode.A).write("abc");
        assertTrue(error.getText().contains("\"abc\" is not one"), error.getText());

        robot.push(KeyCode.CONTROL, KeyCode.A).write("40");
        assertFalse(error.isVisible());
        assertFalse(steps.getPseudoClassStates().contains(Styles.STATE_DANGER));
        assertEquals(40, window.viewModel().inspector().steps().get());
    }

    @Test
    void modeSelectorAndGenerateMenuAgree(FxRobot robot) {
        assertTrue(robot.lookup("#mode-CINEMAGRAPH").query().isDisabled(), "a cinemagraph needs an image");
        robot.interact(() -> window.viewModel().inspector().sourceProperty().set(InspectorViewModel.Source.IMAGE));
        assertTrue(robot.lookup("#mode-INPAINT").query().isDisabled(), "inpainting needs a video");
        robot.clickOn("#mode-CINEMAGRAPH");
        assertEquals("Cinemagraph", window.viewModel().inspector().modeProperty().get().title());
        assertTrue(robot.lookup("#modeHint").queryAs(Label.class).getText().startsWith("Animates a painted region"));
        chooseMenu(robot, "Generate", "Mode", "Image to video");
        assertEquals("I2V", window.viewModel().inspector().modeProperty().get().shortName());
        assertTrue(robot.lookup("#mode-IMAGE_TO_VIDEO").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
    }

    @Test
    void diceRollsANewSeedIntoTheField(FxRobot robot) {
        TextField seed = robot.lookup("#seedField").queryAs(TextField.class);
        String before = seed.getText();
        scrollIntoView(robot, seed);
        robot.clickOn("#seedDice");
        assertFalse(before.equals(seed.getText()), "a new seed was shown");
        assertEquals(Long.parseLong(seed.getText()), window.viewModel().inspector().seed().get());
    }

    @Test
    void viewMenuHidesAndResetLayoutRestoresPanels(FxRobot robot) {
        chooseMenu(robot, "View", "Inspector");
        assertTrue(robot.lookup("#inspector").tryQuery().isEmpty(), "inspector removed from the window");
        assertFalse(window.viewModel().inspectorShownProperty().get());
        chooseMenu(robot, "View", "Timeline");
        assertTrue(robot.lookup("#timeline").tryQuery().isEmpty(), "timeline removed from the window");
        assertShown(robot.lookup("#viewer").query(), 300, 300);
        chooseMenu(robot, "View", "Reset Layout");
        WaitForAsyncUtils.waitForFxEvents();
        assertShown(robot.lookup("#inspector").query(), 150, 100);
        assertShown(robot.lookup("#timeline").query(), 150, 80);
    }

    @Test
    void anImportedImageIsListedAndPreviewedInTheViewer(FxRobot robot) throws Exception {
        BufferedImage img = new BufferedImage(64, 36, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 36; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, x < 32 ? 0xd03020 : 0x2040e0);
        Path png = media.resolve("sunset.png");
        ImageIO.write(img, "png", png.toFile());

        robot.interact(() -> window.viewModel().mediaBin().addFiles(List.of(png)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !window.viewModel().mediaBin().items().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertShown(robot.lookup("#mediaList .list-cell .label").match(n -> "sunset.png".equals(((Label) n).getText())).query(), 30, 8);
        FrameSurface surface = robot.lookup("#frameSurface").queryAs(FrameSurface.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> surface.showingFrameProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#viewerEmpty").query().isVisible(), "empty state gone");
        assertEquals(0xffd03020, surface.image().getPixelReader().getArgb(5, 5));
        assertEquals(0xff2040e0, surface.image().getPixelReader().getArgb(60, 30));
        assertEquals("Frame 1 / 1", robot.lookup("#frameCounter").queryAs(Label.class).getText());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.viewModel().status().message().startsWith("Showing sunset.png (64×36)"));
        assertTrue(java.nio.file.Files.isRegularFile(window.viewModel().project().folder().orElseThrow().resolve("media/sunset.png")),
                "copied into the project");
    }

    @Test
    void lowPassSwitchEnablesItsCutoffField(FxRobot robot) {
        TextField cutoff = robot.lookup("#lowPassCutoffField").queryAs(TextField.class);
        scrollIntoView(robot, cutoff);
        assertTrue(cutoff.isDisabled());
        robot.clickOn("#lowPassSwitch");
        assertTrue(window.viewModel().inspector().lowPassProperty().get());
        assertFalse(cutoff.isDisabled());
        robot.clickOn("#lowPassLabel");
        assertFalse(window.viewModel().inspector().lowPassProperty().get());
        assertTrue(cutoff.isDisabled());
    }

    @Test
    void helpMenuShowsShortcutsAndAbout(FxRobot robot) {
        chooseMenu(robot, "Help", "Keyboard Shortcuts");
        assertShown(robot.lookup(".dialog-pane .shortcut-key").match((Label l) -> l.getText().equals("Ctrl+Q")).query(), 20, 8);
        assertShown(robot.lookup(".dialog-pane .label").match((Label l) -> l.getText().equals("Import Media…")).query(), 20, 8);
        assertShown(robot.lookup(".dialog-pane .shortcut-key").match((Label l) -> l.getText().equals("J / K / L")).query(), 20, 8);
        assertShown(robot.lookup(".dialog-pane .shortcut-key").match((Label l) -> l.getText().equals("Shift+Delete")).query(), 20, 8);
        robot.clickOn(robot.lookup(".dialog-pane .button").match((Button b) -> "Close".equals(b.getText())).queryButton());
        assertTrue(robot.lookup(".dialog-pane").tryQuery().isEmpty(), "dialog closed");

        chooseMenu(robot, "Help", "About Cinegen Studio");
        String header = "Cinegen Studio " + cinegen.app.Version.get();
        assertShown(robot.lookup(".dialog-pane .header-panel .label").match((Label l) -> header.equals(l.getText())).query(), 40, 8);
        robot.type(KeyCode.ESCAPE);
    }
}
