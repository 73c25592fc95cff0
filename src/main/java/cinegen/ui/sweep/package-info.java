/** The style sweep: one seed rendered at several strengths of a style, side by side, to pick from. */
package cinegen.ui.sweep;
