package cinegen.media.gif;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * GIF's variable-length LZW for 8-bit indices: codes grow from 9 to 12 bits, a clear code resets the table
 * when it is full, and the bytes go out in sub-blocks of at most 255. Follows the classic compress/GIFENCOD
 * scheme (open-addressing hash with double hashing over 5003 slots).
 */
final class LzwEncoder {
    private static final int MIN_CODE_SIZE = 8;
    private static final int MAX_BITS = 12;
    private static final int MAX_CODES = 1 << MAX_BITS;
    private static final int HASH_SIZE = 5003;
    private static final int HASH_SHIFT = 4; // keeps (index << shift) ^ prefix below HASH_SIZE

    private final int[] hashKeys = new int[HASH_SIZE];
    private final int[] hashCodes = new int[HASH_SIZE];
    private final byte[] block = new byte[256];
    private int blockLength;
    private int bitBuffer, bitCount;
    private int codeSize, maxCode, nextCode;
    private boolean clearPending;

    /** Writes the code-size byte, the data sub-blocks and the block terminator for {@code length} indices. */
    void encode(byte[] indices, int length, OutputStream out) throws IOException {
        int clear = 1 << MIN_CODE_SIZE, end = clear + 1;
        out.write(MIN_CODE_SIZE);
        blockLength = 0;
        bitBuffer = 0;
        bitCount = 0;
        codeSize = MIN_CODE_SIZE + 1;
        maxCode = (1 << codeSize) - 1;
        nextCode = clear + 2;
        clearPending = false;
        Arrays.fill(hashKeys, -1);

        write(clear, out);
        int prefix = indices[0] & 0xff;
        outer:
        for (int p = 1; p < length; p++) {
            int c = indices[p] & 0xff;
            int key = (c << MAX_BITS) + prefix;
            int slot = (c << HASH_SHIFT) ^ prefix;
            if (hashKeys[slot] == key) { prefix = hashCodes[slot]; continue; }
            if (hashKeys[slot] >= 0) {
                int step = slot == 0 ? 1 : HASH_SIZE - slot;
                do {
                    slot -= step;
                    if (slot < 0) slot += HASH_SIZE;
                    if (hashKeys[slot] == key) { prefix = hashCodes[slot]; continue outer; }
                } while (hashKeys[slot] >= 0);
            }
            write(prefix, out);
            prefix = c;
            if (nextCode < MAX_CODES) {
                hashCodes[slot] = nextCode++;
                hashKeys[slot] = key;
            } else {
                Arrays.fill(hashKeys, -1);
                nextCode = clear + 2;
                clearPending = true;
                write(clear, out);
            }
        }
        write(prefix, out);
        write(end, out);
        if (bitCount > 0) addByte(bitBuffer & 0xff, out);
        flushBlock(out);
        out.write(0);
    }

    private void write(int code, OutputStream out) throws IOException {
        bitBuffer |= code << bitCount;
        bitCount += codeSize;
        while (bitCount >= 8) {
            addByte(bitBuffer & 0xff, out);
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
        // the decoder widens its codes one step after the table passes the current width
        if (nextCode > maxCode || clearPending) {
            if (clearPending) {
                codeSize = MIN_CODE_SIZE + 1;
                clearPending = false;
            } else {
                codeSize++;
            }
            maxCode = codeSize == MAX_BITS ? MAX_CODES : (1 << codeSize) - 1;
        }
    }

    private void addByte(int b, OutputStream out) throws IOException {
        block[blockLength++] = (byte) b;
        if (blockLength == 255) flushBlock(out);
    }

    private void flushBlock(OutputStream out) throws IOException {
        if (blockLength == 0) return;
        out.write(blockLength);
        out.write(block, 0, blockLength);
        blockLength = 0;
    }
}
