/** The domain: projects, timeline, clips, masks, style blends, generation settings, undoable edits, and their persistence. Plain Java. */
package cinegen.project;
