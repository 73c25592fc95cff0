/** The style preset shelf: the base model and the style weight sets of installed model packs. */
package cinegen.ui.presets;
