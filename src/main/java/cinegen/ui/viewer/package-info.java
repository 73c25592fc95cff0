/** The viewer: the current clip or live preview on a dark canvas, with transport controls. */
package cinegen.ui.viewer;
