/** The main window: menu bar, panels in split panes, status bar, and the window's remembered placement. */
package cinegen.ui.main;
