package org.mip.deid.pixel;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mip.dicom.data.FileRegion;

/**
 * A temporary file the redacted pixel data is written to, so it never has to sit in memory; the
 * new Pixel Data element is a region of it. Deleted when closed, which the {@link
 * org.mip.dicom.data.DicomFile} it belongs to does when it is closed.
 */
final class SpoolFile implements Closeable {
    private final FileChannel channel;
    private long size;

    SpoolFile(Path dir) throws IOException {
        Path file = dir == null ? Files.createTempFile("mip-redact-", ".bin") : Files.createTempFile(dir, "mip-redact-", ".bin");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
    }

    long size() {
        return size;
    }

    void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            size += channel.write(buf, size);
        }
    }

    /** Appends {@code bytes} and returns them as a region. */
    FileRegion append(byte[] bytes) throws IOException {
        long start = size;
        write(bytes, 0, bytes.length);
        return region(start);
    }

    /** What was written since {@code start}. */
    FileRegion region(long start) {
        return new FileRegion(channel, start, size - start);
    }

    OutputStream appender() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                SpoolFile.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                SpoolFile.this.write(b, off, len);
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
