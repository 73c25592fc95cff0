/** The export dialog: size, frame rate, motion smoothing, quality and GIF options for exporting the timeline. */
package cinegen.ui.export;
