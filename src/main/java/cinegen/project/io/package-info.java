/**
 * Project persistence: the project folder ({@value cinegen.project.io.ProjectStore#PROJECT_FILE} + {@code media/},
 * {@code frames/}, {@code masks/}), its versioned JSON schema and migrations, atomic saves, autosave and crash
 * recovery, recent projects. Every path read from a project file is checked to stay inside the project folder.
 * See {@code docs/project-format.md}.
 */
package cinegen.project.io;
