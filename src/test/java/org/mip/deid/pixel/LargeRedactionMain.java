package org.mip.deid.pixel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;

/**
 * Run by {@link LargeRedactionIT} in a JVM with a small heap: reads, redacts and writes one file,
 * then prints timings and the peak heap use as "key=value" words on one line.
 */
public final class LargeRedactionMain {
    private LargeRedactionMain() {
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path spool = Path.of(args[2]);
        long t0 = System.nanoTime();
        long t1;
        long t2;
        try (DicomFile file = DicomReader.read(in)) {
            RedactionResult result = new PixelRedactor(spool).redact(file, LargeRedactionIT.RECTS);
            t1 = System.nanoTime();
            DicomWriter.write(file, out);
            t2 = System.nanoTime();
            if (!result.redacted() || result.frames() != LargeRedactionIT.FRAMES) {
                throw new IllegalStateException("unexpected result " + result);
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("redactMs=" + (t1 - t0) / 1_000_000 + " writeMs=" + (t2 - t1) / 1_000_000
                + " peakHeapBytes=" + peak + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    }
}
