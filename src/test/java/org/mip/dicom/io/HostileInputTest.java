package org.mip.dicom.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mip.dicom.data.DicomFile;

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

    @Test
    void deepTreesWriteWithoutRecursion() throws Throwable {
        // Allowed deeper than the default: 10,000 levels read, and write back byte for byte, on a 512 KiB stack.
        for (boolean undefined : new boolean[] {false, true}) {
            byte[] input = HostileInputs.deepNesting(10_000, undefined);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread t = new Thread(null, () -> {
                try (DicomFile f = DicomReader.read(new ByteArrayInputStream(input), ReadOptions.DEFAULT.withMaxDepth(20_000))) {
                    DicomWriter.write(f, out, WriteOptions.DEFAULT);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "small-stack", 512 * 1024);
            t.start();
            t.join();
            if (failure.get() != null) {
                throw failure.get();
            }
            assertArrayEquals(input, out.toByteArray(), "undefined lengths: " + undefined);
        }
    }
}
