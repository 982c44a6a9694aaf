package org.mip.dicom.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.FileRegion;

/**
 * Buffered output of DICOM primitives. When the target is a file channel, bulk values that are
 * regions of another file are copied by the kernel ({@link FileChannel#transferTo}), not through
 * Java buffers: this is what makes a read → write round trip close to the speed of {@code cp}.
 */
final class DicomOutput {
    private final OutputStream out;
    private final FileChannel target;
    private final byte[] buf = new byte[64 * 1024];
    private int n;
    private long written;

    /** Output to a stream (a socket, a deflater, a test buffer). */
    DicomOutput(OutputStream out) {
        this.out = out;
        this.target = null;
    }

    /** Output straight to a file channel: bulk file regions are then copied by the kernel. */
    DicomOutput(FileChannel target) {
        this.out = null;
        this.target = target;
    }

    long written() {
        return written + n;
    }

    void u8(int v) throws IOException {
        room(1);
        buf[n++] = (byte) v;
    }

    void u16(int v, boolean big) throws IOException {
        room(2);
        if (big) {
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) v;
        } else {
            buf[n++] = (byte) v;
            buf[n++] = (byte) (v >>> 8);
        }
    }

    void u32(long v, boolean big) throws IOException {
        room(4);
        if (big) {
            buf[n++] = (byte) (v >>> 24);
            buf[n++] = (byte) (v >>> 16);
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) v;
        } else {
            buf[n++] = (byte) v;
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) (v >>> 16);
            buf[n++] = (byte) (v >>> 24);
        }
    }

    void tag(int tag, boolean big) throws IOException {
        u16(tag >>> 16, big);
        u16(tag & 0xFFFF, big);
    }

    void bytes(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - n) {
            flushBuffer();
            if (len > buf.length) {
                if (out != null) {
                    out.write(b, off, len);
                } else {
                    ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                    while (bb.hasRemaining()) {
                        target.write(bb);
                    }
                }
                written += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    void bytes(byte[] b) throws IOException {
        bytes(b, 0, b.length);
    }

    void bulk(BulkData data) throws IOException {
        if (data instanceof BulkData.InMemory m) {
            bytes(m.bytes());
            return;
        }
        if (target != null && data instanceof FileRegion r) {
            flushBuffer();
            long pos = r.offset();
            long end = r.offset() + r.length();
            while (pos < end) {
                long t = r.channel().transferTo(pos, end - pos, target);
                if (t <= 0) {
                    throw new IOException("source file ended inside a bulk value at byte " + pos);
                }
                pos += t;
            }
            written += r.length();
            return;
        }
        long remaining = data.length();
        try (InputStream in = data.openStream()) {
            while (remaining > 0) {
                room(1);
                int r = in.read(buf, n, (int) Math.min(buf.length - n, remaining));
                if (r < 0) {
                    throw new IOException("bulk value ended " + remaining + " bytes early");
                }
                n += r;
                remaining -= r;
            }
        }
    }

    private void room(int k) throws IOException {
        if (buf.length - n < k) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        if (n > 0) {
            if (out == null) {
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    target.write(bb);
                }
            } else {
                out.write(buf, 0, n);
            }
            written += n;
            n = 0;
        }
    }

    void flush() throws IOException {
        flushBuffer();
        if (out != null) {
            out.flush();
        }
    }
}
