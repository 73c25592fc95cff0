/** The jobs panel: generation jobs queued, running (with progress), done, failed and cancelled. */
package cinegen.ui.queue;
