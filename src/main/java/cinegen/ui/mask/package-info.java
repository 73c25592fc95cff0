/** Mask painting over the viewer: brush, eraser, fill, clear, invert, per-frame masks with onion skin. */
package cinegen.ui.mask;
