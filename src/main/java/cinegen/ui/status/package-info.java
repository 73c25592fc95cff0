/** The status bar: device and model line, messages, progress of the running job. */
package cinegen.ui.status;
