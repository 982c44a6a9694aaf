package org.mip.dicom.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Bulk bytes that stay where they are: {@code length} bytes at {@code offset} of an open file
 * (the source DICOM file, or a spool file). Reads are positional, so many regions can share one
 * channel and be read from several threads.
 */
public record FileRegion(FileChannel channel, long offset, long length) implements BulkData {

    @Override
    public InputStream openStream() {
        return new RegionInputStream(channel, offset, length);
    }

    /** Positional reads of one region; never moves the channel's own position. */
    private static final class RegionInputStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        RegionInputStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int want = (int) Math.min(len, end - position);
            int n = channel.read(ByteBuffer.wrap(b, off, want), position);
            if (n < 0) {
                throw new IOException("file ended inside a bulk value at byte " + position);
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long step = Math.max(0, Math.min(n, end - position));
            position += step;
            return step;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
