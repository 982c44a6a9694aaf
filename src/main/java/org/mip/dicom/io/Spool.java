package org.mip.dicom.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mip.dicom.data.FileRegion;

/**
 * A temporary file that bulk values of non-seekable input (a network stream, an inflated data set)
 * are appended to, so they never sit in memory. Deleted when closed.
 */
final class Spool implements java.io.Closeable {
    private final FileChannel channel;
    private long size;

    Spool(Path dir) throws IOException {
        Path file = dir == null ? Files.createTempFile("mip-spool-", ".bin") : Files.createTempFile(dir, "mip-spool-", ".bin");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
    }

    /** An output stream that appends; {@link #region(long)} then names what was appended since {@code start}. */
    OutputStream appender() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    size += channel.write(buf, size);
                }
            }
        };
    }

    long size() {
        return size;
    }

    FileRegion region(long start) {
        return new FileRegion(channel, start, size - start);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
