package cinegen.app;

import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectArgumentTest {
    @TempDir Path dir;

    @Test
    void theProjectDocumentOrItsFolderOpensTheStudio() throws IOException {
        Path project = Files.createDirectories(dir.resolve("Kites"));
        Path document = Files.writeString(project.resolve(ProjectStore.PROJECT_FILE), "{}");
        assertTrue(ProjectArgument.isProject(document.toString()));
        assertTrue(ProjectArgument.isProject(project.toString()));
    }

    @Test
    void commandsOptionsAndOtherFilesAreNotProjects() throws IOException {
        Path json = Files.writeString(dir.resolve("settings.json"), "{}");
        assertFalse(ProjectArgument.isProject(json.toString()));
        assertFalse(ProjectArgument.isProject(dir.toString()));
        assertFalse(ProjectArgument.isProject(dir.resolve("gone.cgproj.json").toString()));
        assertFalse(ProjectArgument.isProject("generate"));
        assertFalse(ProjectArgument.isProject("--version"));
        assertFalse(ProjectArgument.isProject(""));
    }
}
