/** The inspector: generation mode, prompts and sampling settings for the next clip. */
package cinegen.ui.inspector;
