package cinegen.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reads the top-level boxes (atoms) of an MP4 file: type names in file order. */
final class Mp4Boxes {
    private Mp4Boxes() {}

    static List<String> topLevel(Path file) throws IOException {
        List<String> types = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = 0, size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(16);
            while (pos + 8 <= size) {
                header.clear().limit(8);
                ch.read(header, pos);
                header.flip();
                long boxSize = header.getInt() & 0xffffffffL;
                byte[] type = new byte[4];
                header.get(type);
                if (boxSize == 1) { // 64-bit size follows the type
                    header.clear().limit(8);
                    ch.read(header, pos + 8);
                    header.flip();
                    boxSize = header.getLong();
                } else if (boxSize == 0) {
                    boxSize = size - pos; // box runs to the end of the file
                }
                if (boxSize < 8) throw new IOException("bad box size " + boxSize + " at " + pos);
                types.add(new String(type, StandardCharsets.ISO_8859_1));
                pos += boxSize;
            }
        }
        return types;
    }
}
