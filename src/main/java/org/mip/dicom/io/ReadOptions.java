package org.mip.dicom.io;

import java.nio.file.Path;

/**
 * Limits and choices for reading. The limits are what keeps hostile input (huge lengths, deep
 * nesting, deflate bombs) to an error in bounded memory and time.
 *
 * @param bulkThreshold     binary values (OB, OW, OF, OD, OL, OV, UN) longer than this stay out of memory
 * @param maxValueLength    largest value read into memory (text and small binary); longer is an error
 * @param maxDepth          deepest sequence nesting accepted
 * @param maxInflatedBytes  largest size a deflated data set may inflate to
 * @param maxHeaderBytes    largest heap the header tree of one file may take, as estimated while it is
 *                          built (per element, per item, plus the values held): millions of tiny items or
 *                          elements are refused ({@code TOO_LARGE}) before they exhaust the heap
 * @param spoolDir          where bulk values of non-seekable input are spooled (null: java.io.tmpdir)
 */
public record ReadOptions(int bulkThreshold, int maxValueLength, int maxDepth, long maxInflatedBytes, long maxHeaderBytes,
                          Path spoolDir) {

    /**
     * Header tree limit of the defaults: 128 MiB. A real header takes tens of kilobytes. An enhanced
     * multi-frame header of 10,000 frames with 10 functional groups each (110,000 items, 400,000
     * elements, 8 MB in the file) takes 60 MB (estimated 62) and is de-identified in a 112 MiB heap; the
     * limit admits about 21,000 such frames. A million empty elements (an 8 MB file) are estimated at
     * 98 MB and pass; 60 million deflated empty items (a 0.7 MB file) stop at 3.4 million. One header at
     * the limit fits a pod's 512 MiB heap with what de-identification adds (1.4 to 2.5 times the tree).
     */
    public static final long DEFAULT_MAX_HEADER_BYTES = 128L << 20;

    /**
     * Heap of one header element besides its value's bytes, measured (JDK 17, compressed oops): its
     * TreeMap entry (40), boxed tag (16), ValueElement (24) and array header (16).
     */
    public static final int HEADER_COST_PER_ELEMENT = 96;
    /** Heap of one sequence item with no element, measured: a Dataset (32) and its slot in the items list. */
    public static final int HEADER_COST_PER_ITEM = 40;

    public static final ReadOptions DEFAULT = new ReadOptions(16 * 1024, 64 * 1024 * 1024, 64, 2L << 30,
            DEFAULT_MAX_HEADER_BYTES, null);

    public ReadOptions {
        if (bulkThreshold < 0 || maxValueLength < 1 || maxDepth < 1 || maxInflatedBytes < 1 || maxHeaderBytes < 1) {
            throw new IllegalArgumentException("read limits must be positive");
        }
    }

    public ReadOptions withBulkThreshold(int value) {
        return new ReadOptions(value, maxValueLength, maxDepth, maxInflatedBytes, maxHeaderBytes, spoolDir);
    }

    public ReadOptions withMaxValueLength(int value) {
        return new ReadOptions(bulkThreshold, value, maxDepth, maxInflatedBytes, maxHeaderBytes, spoolDir);
    }

    public ReadOptions withMaxDepth(int value) {
        return new ReadOptions(bulkThreshold, maxValueLength, value, maxInflatedBytes, maxHeaderBytes, spoolDir);
    }

    public ReadOptions withMaxInflatedBytes(long value) {
        return new ReadOptions(bulkThreshold, maxValueLength, maxDepth, value, maxHeaderBytes, spoolDir);
    }

    public ReadOptions withMaxHeaderBytes(long value) {
        return new ReadOptions(bulkThreshold, maxValueLength, maxDepth, maxInflatedBytes, value, spoolDir);
    }

    public ReadOptions withSpoolDir(Path value) {
        return new ReadOptions(bulkThreshold, maxValueLength, maxDepth, maxInflatedBytes, maxHeaderBytes, value);
    }
}
