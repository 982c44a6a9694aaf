package org.mip.dicom.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.ByteArrayInputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.mip.dicom.DicomException;
import org.mip.dicom.DicomException.Reason;

/**
 * A buffered byte source that knows its position, reads 16/32-bit numbers in either byte order,
 * and can switch to inflating the rest of its input (Deflated Explicit VR Little Endian) under a
 * size limit. Every read that runs out of input is a {@link Reason#TRUNCATED} error.
 */
final class DicomInput implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    /**
     * The buffer of the last input a thread released, for its next: a batch or a pipeline reads file
     * after file on the same threads, and a fresh 64 KB array per file cost its zeroing and the page
     * faults of new heap memory (a fifth of the reading threads' samples in a 2000-file batch).
     */
    private static final ThreadLocal<byte[]> SPARE = new ThreadLocal<>();

    private InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    private long base;
    private boolean eof;
    private boolean inflated;
    private long inflateLimit;

    DicomInput(InputStream in) {
        this.in = in;
        byte[] spare = SPARE.get();
        if (spare != null) {
            SPARE.set(null);
            this.buf = spare;
        } else {
            this.buf = new byte[BUFFER];
        }
    }

    /** Bytes consumed so far: a file offset until {@link #startInflating}, an inflated offset after. */
    long position() {
        return base + pos;
    }

    boolean inflated() {
        return inflated;
    }

    /** Tries to have {@code n} (≤ buffer size) bytes available; false if the input ends first. */
    boolean ensure(int n) throws DicomException {
        while (limit - pos < n) {
            if (eof) {
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                base += pos;
                pos = 0;
            }
            int r = fill(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return true;
    }

    boolean atEnd() throws DicomException {
        return !ensure(1);
    }

    /** Byte {@code i} ahead of the current position; call {@link #ensure} first. */
    int peek(int i) {
        return buf[pos + i] & 0xFF;
    }

    int available() {
        return limit - pos;
    }

    /**
     * Whether all that is left of the input is zero bytes, and no more than {@code max} (less than the
     * buffer) of them. Consumes nothing: false leaves the input as it was.
     */
    boolean restIsZeros(int max) throws DicomException {
        if (max >= buf.length || ensure(max + 1)) {
            return false;
        }
        for (int i = pos; i < limit; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }

    int u16(boolean bigEndian) throws DicomException {
        need(2);
        int a = buf[pos] & 0xFF;
        int b = buf[pos + 1] & 0xFF;
        pos += 2;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    /** An unsigned 32-bit number as a long. */
    long u32(boolean bigEndian) throws DicomException {
        need(4);
        long v = bigEndian
                ? ((buf[pos] & 0xFFL) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF)
                : ((buf[pos + 3] & 0xFFL) << 24) | ((buf[pos + 2] & 0xFF) << 16) | ((buf[pos + 1] & 0xFF) << 8) | (buf[pos] & 0xFF);
        pos += 4;
        return v;
    }

    int tag(boolean bigEndian) throws DicomException {
        int group = u16(bigEndian);
        int element = u16(bigEndian);
        return (group << 16) | element;
    }

    void readFully(byte[] dst, int off, int len) throws DicomException {
        while (len > 0) {
            if (pos == limit && !ensure(1)) {
                throw truncated(len);
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Reads exactly {@code len} bytes into a new array, growing as bytes arrive so a lying length costs no memory. */
    byte[] readBytes(long len) throws DicomException {
        if (len <= 1 << 20) {
            byte[] b = new byte[(int) len];
            readFully(b, 0, (int) len);
            return b;
        }
        byte[] b = new byte[1 << 20];
        int filled = 0;
        while (filled < len) {
            if (filled == b.length) {
                b = java.util.Arrays.copyOf(b, (int) Math.min(len, (long) b.length * 2));
            }
            int n = (int) Math.min(b.length - filled, len - filled);
            readFully(b, filled, n);
            filled += n;
        }
        return b;
    }

    void skip(long len) throws DicomException {
        long buffered = Math.min(len, limit - pos);
        pos += (int) buffered;
        len -= buffered;
        if (len == 0) {
            return;
        }
        if (inflated) {
            // Inflate through the buffer, not InflaterInputStream.skip: fill() counts every byte against
            // the inflate limit (a skipped deflate bomb must stop too), and 64 KiB reads beat skip's 512 B.
            while (len > 0) {
                if (!ensure(1)) {
                    throw truncated(len);
                }
                int n = (int) Math.min(len, limit - pos);
                pos += n;
                len -= n;
            }
            return;
        }
        // Past the buffer: skip in the stream itself (an lseek for files), then check it really got there.
        base += limit;
        pos = 0;
        limit = 0;
        try {
            while (len > 0) {
                long s = in.skip(len);
                if (s <= 0) {
                    if (in.read() < 0) {
                        eof = true;
                        throw truncated(len);
                    }
                    s = 1;
                }
                base += s;
                len -= s;
            }
        } catch (IOException e) {
            throw io(e);
        }
    }

    /** Copies exactly {@code len} bytes to {@code out}. */
    void copyTo(OutputStream out, long len) throws DicomException {
        try {
            while (len > 0) {
                if (pos == limit && !ensure(1)) {
                    throw truncated(len);
                }
                int n = (int) Math.min(len, limit - pos);
                out.write(buf, pos, n);
                pos += n;
                len -= n;
            }
        } catch (IOException e) {
            throw io(e);
        }
    }

    /**
     * From the current position on, the input is a deflate stream (raw, as PS3.5 A.5 says; a zlib
     * wrapper, which some writers add, is accepted too). Positions restart at 0 in the inflated bytes.
     */
    void startInflating(long maxInflatedBytes) throws DicomException {
        byte[] rest = java.util.Arrays.copyOfRange(buf, pos, limit);
        boolean zlib = rest.length >= 2 && (rest[0] & 0x0F) == 8 && (((rest[0] & 0xFF) << 8) | (rest[1] & 0xFF)) % 31 == 0;
        InputStream compressed = new SequenceInputStream(new ByteArrayInputStream(rest), in);
        in = new InflaterInputStream(compressed, new Inflater(!zlib), 64 * 1024);
        base = 0;
        pos = 0;
        limit = 0;
        eof = false;
        inflated = true;
        inflateLimit = maxInflatedBytes;
    }

    private int fill(byte[] b, int off, int len) throws DicomException {
        try {
            int r = in.read(b, off, len);
            if (inflated && r > 0 && base + limit + r > inflateLimit) {
                throw new DicomException(Reason.INFLATE_FAILED,
                        "deflated data set inflates past the limit of " + inflateLimit + " bytes", base + limit);
            }
            return r;
        } catch (ZipException e) {
            throw new DicomException(Reason.INFLATE_FAILED, "corrupt deflate stream: " + e.getMessage(), position(), e);
        } catch (java.io.EOFException e) {
            if (inflated) {
                throw new DicomException(Reason.TRUNCATED, "deflate stream ends early", position(), e);
            }
            throw io(e);
        } catch (IOException e) {
            if (e.getCause() instanceof DataFormatException) {
                throw new DicomException(Reason.INFLATE_FAILED, "corrupt deflate stream", position(), e);
            }
            throw io(e);
        }
    }

    private void need(int n) throws DicomException {
        if (limit - pos < n && !ensure(n)) {
            throw truncated(n - (limit - pos));
        }
    }

    private DicomException truncated(long missing) {
        return new DicomException(Reason.TRUNCATED, "input ends " + missing + (missing == 1 ? " byte" : " bytes") + " short", position());
    }

    private DicomException io(IOException e) {
        return new DicomException(Reason.IO_ERROR, "read failed: " + e.getMessage(), position(), e);
    }

    /**
     * Gives the buffer to the thread's next input: this one is done and is not read again (a read
     * would fail at once rather than see another file's bytes). The underlying stream stays open.
     */
    void release() {
        byte[] b = buf;
        buf = null;
        if (b != null) {
            SPARE.set(b);
        }
    }

    @Override
    public void close() throws IOException {
        release();
        in.close();
    }
}
