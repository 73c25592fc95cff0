package cinegen.project;

/**
 * Told about every change to a {@link Project}, synchronously, on the thread that made it.
 * View-models turn these into property updates.
 */
@FunctionalInterface
public interface ProjectListener {
    void projectChanged(ProjectChange change);
}
