/** The timeline: a time ruler, the video track with its clips, and the playhead. */
package cinegen.ui.timeline;
