package cinegen.ui.main;

import cinegen.frames.GenerationMode;
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
        void newProject();
        void openProject();
        void openRecent(java.nio.file.Path folder);
        void save();
        void saveAs();
        void importMedia();
        void export();
        void quit();
        void resetLayout();
        void showModels();
        void showShortcuts();
        void showAbout();
    }

    private MainMenu() {}

    static MenuBar build(MainViewModel vm, Actions actions, javafx.beans.property.BooleanProperty fullScreen) {
        MenuBar bar = new MenuBar(file(vm, actions), edit(vm), generate(vm), view(vm, actions, fullScreen), help(actions));
        bar.setId("menuBar");
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private static Menu file(MainViewModel vm, Actions actions) {
        MenuItem newProject = item("menuNewProject", "New Project", "fth-file-plus", "Shortcut+N");
        newProject.setOnAction(e -> actions.newProject());
        MenuItem open = item("menuOpenProject", "Open Project…", "fth-folder", "Shortcut+O");
        open.setOnAction(e -> actions.openProject());
        Menu recent = new Menu("Open Recent");
        recent.setId("menuRecent");
        recent.getItems().add(new MenuItem("(none)"));
        recent.setOnShowing(e -> {
            recent.getItems().clear();
            java.util.List<java.nio.file.Path> list = vm.recentProjects();
            if (list.isEmpty()) {
                MenuItem none = new MenuItem("No recent projects");
                none.setDisable(true);
                recent.getItems().add(none);
            }
            for (java.nio.file.Path p : list) {
                MenuItem i = new MenuItem(String.valueOf(p.getFileName()) + "  —  " + p);
                i.setMnemonicParsing(false); // an underscore in a folder name is part of the name
                i.setOnAction(x -> actions.openRecent(p));
                recent.getItems().add(i);
            }
        });
        MenuItem save = item("menuSave", "Save", "fth-save", "Shortcut+S");
        save.setOnAction(e -> actions.save());
        MenuItem saveAs = item("menuSaveAs", "Save As…", null, "Shortcut+Shift+S");
        saveAs.setOnAction(e -> actions.saveAs());
        MenuItem importMedia = item("menuImport", "Import Media…", "fth-plus", "Shortcut+I");
        importMedia.setOnAction(e -> actions.importMedia());
        MenuItem quit = item("menuQuit", "Quit", "fth-log-out", "Shortcut+Q");
        quit.setOnAction(e -> actions.quit());
        // One project file action at a time: while a save or an open runs, the others wait (docs/decisions/0617).
        for (MenuItem i : new MenuItem[] {newProject, open, recent, save, saveAs}) i.disableProperty().bind(vm.projectBusyProperty());
        return menu("fileMenu", "_File", newProject, open, recent,
                new SeparatorMenuItem(), save, saveAs,
                new SeparatorMenuItem(), importMedia,
                export(vm, actions),
                new SeparatorMenuItem(), quit);
    }

    private static MenuItem export(MainViewModel vm, Actions actions) {
        MenuItem export = item("menuExport", "Export Timeline…", "fth-share-2", "Shortcut+E");
        export.disableProperty().bind(vm.canExportProperty().not());
        export.setOnAction(e -> actions.export());
        return export;
    }

    private static Menu edit(MainViewModel vm) {
        MenuItem undo = item("menuUndo", "Undo", "fth-rotate-ccw", "Shortcut+Z");
        undo.textProperty().bind(vm.undoTextProperty());
        undo.disableProperty().bind(vm.canUndoProperty().not());
        undo.setOnAction(e -> vm.undo());
        MenuItem redo = item("menuRedo", "Redo", "fth-rotate-cw", "Shortcut+Shift+Z");
        redo.textProperty().bind(vm.redoTextProperty());
        redo.disableProperty().bind(vm.canRedoProperty().not());
        redo.setOnAction(e -> vm.redo());
        var hasClip = vm.timeline().selectedClipIdProperty().isNotNull();
        MenuItem split = item("menuSplit", "Split at Playhead", "fth-scissors", "Shortcut+K");
        split.setOnAction(e -> vm.timeline().splitAtPlayhead());
        split.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.timeline().clips()));
        MenuItem duplicate = item("menuDuplicate", "Duplicate Clip", "fth-copy", "Shortcut+D");
        duplicate.setOnAction(e -> vm.timeline().duplicateSelected());
        duplicate.disableProperty().bind(hasClip.not());
        MenuItem delete = item("menuDeleteClip", "Delete Clip (Delete)", "fth-trash-2", null);
        delete.setOnAction(e -> vm.timeline().deleteSelected());
        delete.disableProperty().bind(hasClip.not());
        MenuItem ripple = item("menuRippleDelete", "Ripple Delete (Shift+Delete)", null, null);
        ripple.setOnAction(e -> vm.timeline().rippleDeleteSelected());
        ripple.disableProperty().bind(hasClip.not());
        // Plain-letter keys act on the focused timeline only (an accelerator would fire while typing a prompt).
        MenuItem markIn = item("menuMarkIn", "Mark In at Playhead (I)", "fth-corner-down-right", null);
        markIn.setOnAction(e -> vm.timeline().markInAtPlayhead());
        MenuItem markOut = item("menuMarkOut", "Mark Out at Playhead (O)", "fth-corner-down-left", null);
        markOut.setOnAction(e -> vm.timeline().markOutAtPlayhead());
        MenuItem clearMarks = item("menuClearMarks", "Clear In and Out (Alt+X)", null, null);
        clearMarks.setOnAction(e -> vm.timeline().clearMarks());
        clearMarks.disableProperty().bind(vm.timeline().markInProperty().lessThan(0).and(vm.timeline().markOutProperty().lessThan(0)));
        for (MenuItem m : new MenuItem[] {markIn, markOut}) m.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.timeline().clips()));
        MenuItem add = item("menuAddToTimeline", "Add to Timeline", "fth-plus-square", "Shortcut+T");
        add.setOnAction(e -> vm.addSelectedToTimeline());
        add.disableProperty().bind(vm.mediaBin().selectedProperty().isNull());
        MenuItem paint = item("menuPaintMask", "Paint Mask", "fth-edit-2", "Shortcut+M");
        paint.setOnAction(e -> vm.mask().activeProperty().set(!vm.mask().activeProperty().get()));
        paint.disableProperty().bind(vm.mediaBin().selectedProperty().isNull());
        return menu("editMenu", "_Edit", undo, redo, new SeparatorMenuItem(), add, split, duplicate, delete, ripple,
                new SeparatorMenuItem(), markIn, markOut, clearMarks,
                new SeparatorMenuItem(), paint,
                new SeparatorMenuItem(), notYet(item("menuPreferences", "Preferences…", "fth-settings", null)));
    }

    private static Menu generate(MainViewModel vm) {
        MenuItem generate = item("menuGenerate", "Generate", "fth-zap", "Shortcut+Enter");
        generate.disableProperty().bind(vm.inspector().canGenerateProperty().not());
        generate.setOnAction(e -> vm.generate());
        MenuItem variants = item("menuGenerateVariants", "Generate 4 Variants", "fth-grid", "Shortcut+Shift+Enter");
        variants.disableProperty().bind(vm.inspector().canGenerateProperty().not());
        variants.setOnAction(e -> vm.generateVariants());
        MenuItem cancel = item("menuCancelGeneration", "Cancel Generation", "fth-x-circle", "Shortcut+Period");
        cancel.disableProperty().bind(vm.generatingProperty().not());
        cancel.setOnAction(e -> vm.cancelGeneration());
        MenuItem regenerate = item("menuRegenerate", "Regenerate Clip", "fth-refresh-cw", null);
        regenerate.disableProperty().bind(vm.clipHasRecipeProperty().not());
        regenerate.setOnAction(e -> vm.regenerateSelected(false));
        MenuItem vary = item("menuVarySeed", "Vary Seed", "fth-shuffle", null);
        vary.disableProperty().bind(vm.clipHasRecipeProperty().not());
        vary.setOnAction(e -> vm.regenerateSelected(true));
        MenuItem useRecipe = item("menuUseRecipe", "Use Clip Settings", "fth-corner-up-left", null);
        useRecipe.disableProperty().bind(vm.clipHasRecipeProperty().not());
        useRecipe.setOnAction(e -> vm.useSelectedRecipe());
        MenuItem sweep = item("menuStyleSweep", "Style Sweep", "fth-sliders", null);
        sweep.disableProperty().bind(vm.presets().canSweepProperty().not());
        sweep.setOnAction(e -> vm.styleSweep());
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
            r.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> !vm.inspector().isAvailable(m), vm.inspector().sourceProperty()));
            mode.getItems().add(r);
        }
        vm.inspector().modeProperty().addListener((o, a, now) -> modes.getToggles().stream()
                .filter(t -> t.getUserData() == now).findFirst().ifPresent(t -> t.setSelected(true)));
        MenuItem seed = item("menuRandomSeed", "Randomize Seed", "fth-shuffle", "Shortcut+R");
        seed.setOnAction(e -> vm.inspector().randomizeSeed());
        return menu("generateMenu", "_Generate", generate, variants, cancel, new SeparatorMenuItem(), regenerate, vary, useRecipe,
                new SeparatorMenuItem(), sweep, mode, seed);
    }

    private static Menu view(MainViewModel vm, Actions actions, javafx.beans.property.BooleanProperty fullScreen) {
        CheckMenuItem sidebar = check("menuShowSidebar", "Media Bin and Presets", vm.sidebarShownProperty());
        CheckMenuItem inspector = check("menuShowInspector", "Inspector", vm.inspectorShownProperty());
        CheckMenuItem timeline = check("menuShowTimeline", "Timeline", vm.timelineShownProperty());
        MenuItem reset = item("menuResetLayout", "Reset Layout", "fth-layout", null);
        reset.setOnAction(e -> actions.resetLayout());
        CheckMenuItem full = check("menuFullScreen", "Full Screen", fullScreen);
        full.setAccelerator(KeyCombination.keyCombination("F11"));
        MenuItem models = item("menuModels", "Models…", "fth-box", null);
        models.setOnAction(e -> actions.showModels());
        return menu("viewMenu", "_View", sidebar, inspector, timeline, new SeparatorMenuItem(), models, new SeparatorMenuItem(), reset,
                new SeparatorMenuItem(), full);
    }

    private static Menu help(Actions actions) {
        MenuItem shortcuts = item("menuShortcuts", "Keyboard Shortcuts", "fth-command", null);
        shortcuts.setOnAction(e -> actions.showShortcuts());
        MenuItem about = item("menuAbout", "About Cinegen Studio", "fth-info", null);
        about.setOnAction(e -> actions.showAbout());
        return menu("helpMenu", "_Help", shortcuts, new SeparatorMenuItem(), about);
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

    /** A menu bar menu; an underscore marks its Alt mnemonic ("_File": Alt+F opens it). */
    private static Menu menu(String id, String text, MenuItem... items) {
        Menu m = new Menu(text);
        m.setMnemonicParsing(true);
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
