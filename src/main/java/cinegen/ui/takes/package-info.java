/**
 * Takes: batches of jobs whose results wait side by side in a strip under the viewer, outside the project, until the
 * artist keeps one. The style sweep (one seed at several strengths) and variants (one recipe with several seeds).
 */
package cinegen.ui.takes;
