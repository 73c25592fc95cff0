/**
 * The main window: menu bar, panels in split panes, status bar, the window's remembered placement, and the
 * coordinators that link the panels to the studio's services (see {@link cinegen.ui.main.MainViewModel}).
 */
package cinegen.ui.main;
