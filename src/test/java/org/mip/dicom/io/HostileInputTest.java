package org.mip.dicom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** Hostile input ends in a DicomException with a stable reason, quickly and in bounded memory. */
class HostileInputTest {

    @Test
    void skippedValuesCountAgainstTheInflateLimit() {
        // A streaming consumer that skips values must be stopped by maxInflatedBytes like one that reads them.
        ReadOptions limited = ReadOptions.DEFAULT.withMaxInflatedBytes(8L << 20);
        assertEquals("INFLATE_FAILED", HostileInputs.tokens(HostileInputs.deflateBomb(1, 16), limited));
        assertEquals("INFLATE_FAILED", HostileInputs.readAndWrite(HostileInputs.deflateBomb(1, 16), limited));
        assertEquals("OK", HostileInputs.tokens(HostileInputs.deflateBomb(1, 4), limited));
    }
}
