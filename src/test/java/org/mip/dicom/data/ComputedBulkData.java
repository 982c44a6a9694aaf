package org.mip.dicom.data;

import java.io.InputStream;
import java.util.function.LongToIntFunction;

/**
 * Test bulk data whose bytes are computed from their offset as they are read, never held: for
 * files larger than the heap, and so a reader can check every byte it gets back.
 */
public record ComputedBulkData(long length, LongToIntFunction byteAt) implements BulkData {
    @Override
    public InputStream openStream() {
        return new InputStream() {
            private long pos;

            @Override
            public int read() {
                return pos < length ? byteAt.applyAsInt(pos++) & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - pos);
                for (int k = 0; k < n; k++) {
                    b[off + k] = (byte) byteAt.applyAsInt(pos + k);
                }
                pos += n;
                return n;
            }
        };
    }
}
