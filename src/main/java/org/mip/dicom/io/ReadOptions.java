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
 * @param spoolDir          where bulk values of non-seekable input are spooled (null: java.io.tmpdir)
 */
public record ReadOptions(int bulkThreshold, int maxValueLength, int maxDepth, long maxInflatedBytes, Path spoolDir) {

    public static final ReadOptions DEFAULT = new ReadOptions(16 * 1024, 64 * 1024 * 1024, 64, 2L << 30, null);

    public ReadOptions {
        if (bulkThreshold < 0 || maxValueLength < 1 || maxDepth < 1 || maxInflatedBytes < 1) {
            throw new IllegalArgumentException("read limits must be positive");
        }
    }

    public ReadOptions withBulkThreshold(int value) {
        return new ReadOptions(value, maxValueLength, maxDepth, maxInflatedBytes, spoolDir);
    }

    public ReadOptions withMaxValueLength(int value) {
        return new ReadOptions(bulkThreshold, value, maxDepth, maxInflatedBytes, spoolDir);
    }

    public ReadOptions withMaxDepth(int value) {
        return new ReadOptions(bulkThreshold, maxValueLength, value, maxInflatedBytes, spoolDir);
    }

    public ReadOptions withMaxInflatedBytes(long value) {
        return new ReadOptions(bulkThreshold, maxValueLength, maxDepth, value, spoolDir);
    }

    public ReadOptions withSpoolDir(Path value) {
        return new ReadOptions(bulkThreshold, maxValueLength, maxDepth, maxInflatedBytes, value);
    }
}
