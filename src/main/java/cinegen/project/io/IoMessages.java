package cinegen.project.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Short human reasons for I/O failures. */
final class IoMessages {
    private IoMessages() {}

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "not found: " + ((NoSuchFileException) e).getFile();
        if (e instanceof AccessDeniedException) return "permission denied: " + ((AccessDeniedException) e).getFile();
        if (e instanceof FileAlreadyExistsException) return "already exists: " + ((FileAlreadyExistsException) e).getFile();
        if (e instanceof DirectoryNotEmptyException) return "folder not empty: " + ((DirectoryNotEmptyException) e).getFile();
        if (e instanceof NotDirectoryException) return "not a folder: " + ((NotDirectoryException) e).getFile();
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
