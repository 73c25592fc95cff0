/** Pieces every feature panel uses: validated fields, background tasks, the frame surface, panel chrome. */
package cinegen.ui.common;
