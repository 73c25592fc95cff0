package cinegen.ui.main;

import cinegen.ui.inspector.GenerationMode;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;

/**
 * The menu bar. Items whose feature is not in the studio yet are present but disabled, so the menus show what is
 * coming without pretending it works.
 */
final class MainMenu {
    /** What the menus trigger; implemented by the main view. */
    interface Actions {
        void importMedia();
        void quit();
        void resetLayout();
        void showShortcuts();
        void showAbout();
    }

    private MainMenu() {}

    static MenuBar build(MainViewModel vm, Actions actions, javafx.beans.property.BooleanProperty fullScreen) {
        MenuBar bar = new MenuBar(file(actions), edit(), generate(vm), view(vm, actions, fullScreen), help(actions));
        bar.setId("menuBar");
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private static Menu file(Actions actions) {
        MenuItem importMedia = item("menuImport", "Import Media…", "fth-plus", "Shortcut+I");
        importMedia.setOnAction(e -> actions.importMedia());
        MenuItem quit = item("menuQuit", "Quit", "fth-log-out", "Shortcut+Q");
        quit.setOnAction(e -> actions.quit());
        return menu("fileMenu", "File",
                notYet(item("menuNewProject", "New Project", "fth-file-plus", null)),
                notYet(item("menuOpenProject", "Open Project…", "fth-folder", null)),
                new SeparatorMenuItem(),
                notYet(item("menuSave", "Save", "fth-save", null)),
                notYet(item("menuSaveAs", "Save As…", null, null)),
                new SeparatorMenuItem(),
                importMedia,
                notYet(item("menuExport", "Export…", "fth-share-2", null)),
                new SeparatorMenuItem(),
                quit);
    }

    private static Menu edit() {
        return menu("editMenu", "Edit",
                notYet(item("menuUndo", "Undo", "fth-rotate-ccw", null)),
                notYet(item("menuRedo", "Redo", "fth-rotate-cw", null)),
                new SeparatorMenuItem(),
                notYet(item("menuPreferences", "Preferences…", "fth-settings", null)));
    }

    private static Menu generate(MainViewModel vm) {
        MenuItem generate = item("menuGenerate", "Generate", "fth-zap", "Shortcut+Enter");
        generate.disableProperty().bind(vm.inspector().canGenerateProperty().not());
        MenuItem cancel = notYet(item("menuCancelGeneration", "Cancel Generation", "fth-x-circle", null));
        Menu mode = new Menu("Mode");
        mode.setId("modeMenu");
        ToggleGroup modes = new ToggleGroup();
        for (GenerationMode m : GenerationMode.values()) {
            RadioMenuItem r = new RadioMenuItem(m.title());
            r.setId("menuMode-" + m.name());
            r.setToggleGroup(modes);
            r.setUserData(m);
            r.setSelected(vm.inspector().modeProperty().get() == m);
            r.setOnAction(e -> vm.inspector().modeProperty().set(m));
            mode.getItems().add(r);
        }
        vm.inspector().modeProperty().addListener((o, a, now) -> modes.getToggles().stream()
                .filter(t -> t.getUserData() == now).findFirst().ifPresent(t -> t.setSelected(true)));
        MenuItem seed = item("menuRandomSeed", "Randomize Seed", "fth-shuffle", "Shortcut+R");
        seed.setOnAction(e -> vm.inspector().randomizeSeed());
        return menu("generateMenu", "Generate", generate, cancel, new SeparatorMenuItem(), mode, seed);
    }

    private static Menu view(MainViewModel vm, Actions actions, javafx.beans.property.BooleanProperty fullScreen) {
        CheckMenuItem sidebar = check("menuShowSidebar", "Media Bin and Presets", vm.sidebarShownProperty());
        CheckMenuItem inspector = check("menuShowInspector", "Inspector", vm.inspectorShownProperty());
        CheckMenuItem timeline = check("menuShowTimeline", "Timeline", vm.timelineShownProperty());
        MenuItem reset = item("menuResetLayout", "Reset Layout", "fth-layout", null);
        reset.setOnAction(e -> actions.resetLayout());
        CheckMenuItem full = check("menuFullScreen", "Full Screen", fullScreen);
        full.setAccelerator(KeyCombination.keyCombination("F11"));
        return menu("viewMenu", "View", sidebar, inspector, timeline, new SeparatorMenuItem(), reset,
                new SeparatorMenuItem(), full);
    }

    private static Menu help(Actions actions) {
        MenuItem shortcuts = item("menuShortcuts", "Keyboard Shortcuts", "fth-command", null);
        shortcuts.setOnAction(e -> actions.showShortcuts());
        MenuItem about = item("menuAbout", "About Cinegen Studio", "fth-info", null);
        about.setOnAction(e -> actions.showAbout());
        return menu("helpMenu", "Help", shortcuts, new SeparatorMenuItem(), about);
    }

    /** "Ctrl+Q  Quit" lines for every menu item that has an accelerator, in menu order. */
    static List<String[]> shortcuts(MenuBar bar) {
        List<String[]> rows = new ArrayList<>();
        for (Menu m : bar.getMenus()) collect(m, rows);
        return rows;
    }

    private static void collect(Menu menu, List<String[]> rows) {
        for (MenuItem i : menu.getItems()) {
            if (i instanceof Menu sub) collect(sub, rows);
            else if (i.getAccelerator() != null) rows.add(new String[] {i.getAccelerator().getDisplayText(), i.getText()});
        }
    }

    private static Menu menu(String id, String text, MenuItem... items) {
        Menu m = new Menu(text);
        m.setId(id);
        m.getItems().addAll(items);
        return m;
    }

    private static MenuItem item(String id, String text, String icon, String accelerator) {
        MenuItem i = new MenuItem(text);
        i.setId(id);
        if (icon != null) i.setGraphic(new FontIcon(icon));
        if (accelerator != null) i.setAccelerator(KeyCombination.keyCombination(accelerator));
        return i;
    }

    private static CheckMenuItem check(String id, String text, javafx.beans.property.BooleanProperty state) {
        CheckMenuItem c = new CheckMenuItem(text);
        c.setId(id);
        c.selectedProperty().bindBidirectional(state);
        return c;
    }

    /** Marks an item whose feature arrives later: visible, disabled. */
    private static MenuItem notYet(MenuItem i) {
        i.setDisable(true);
        return i;
    }
}
