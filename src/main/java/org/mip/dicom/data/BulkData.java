package org.mip.dicom.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A value too large to hold in memory as a header value: pixel data, a fragment, a large OB/OW/UN.
 * It is a reference to bytes that live elsewhere (a region of the source file, a spool file), or,
 * for small ones, the bytes themselves. Writers copy it without loading it whole.
 */
public interface BulkData {

    /** Number of bytes in the value (as stored: never padded by this interface). */
    long length();

    /** A fresh stream over the bytes; the caller closes it. */
    InputStream openStream() throws IOException;

    /** The bytes in memory; only for values the caller knows to be small (e.g. an offset table). */
    default byte[] readAll() throws IOException {
        if (length() > Integer.MAX_VALUE - 16) {
            throw new IOException("bulk value of " + length() + " bytes is too large to load");
        }
        try (InputStream in = openStream()) {
            return in.readNBytes((int) length());
        }
    }

    static BulkData of(byte[] bytes) {
        return new InMemory(bytes);
    }

    /** Bulk bytes already in memory (small fragments, values built by a transform). */
    record InMemory(byte[] bytes) implements BulkData {
        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public InputStream openStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public byte[] readAll() {
            return bytes;
        }
    }
}
