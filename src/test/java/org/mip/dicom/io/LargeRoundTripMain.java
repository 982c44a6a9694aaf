package org.mip.dicom.io;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mip.dicom.data.DicomFile;

/**
 * Reads a file and writes it back, in a JVM of its own (started by {@link LargeFileRoundTripIT} with a
 * small heap): {@code in out path|stream [spoolDir]}. Prints the heap's peak use in MiB.
 */
public final class LargeRoundTripMain {
    private LargeRoundTripMain() {
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        if (args[2].equals("path")) {
            try (DicomFile f = DicomReader.read(in, ReadOptions.DEFAULT)) {
                DicomWriter.write(f, out, WriteOptions.DEFAULT);
            }
        } else {
            ReadOptions spooled = ReadOptions.DEFAULT.withSpoolDir(Path.of(args[3]));
            try (InputStream s = Files.newInputStream(in); DicomFile f = DicomReader.read(s, spooled)) {
                DicomWriter.write(f, out, WriteOptions.DEFAULT);
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak-heap-mib=" + (peak >> 20));
    }
}
