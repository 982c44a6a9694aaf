package org.mip.dicom.io;

import java.io.ByteArrayInputStream;

/**
 * Runs the worst hostile inputs in a JVM of its own, started by {@link HostileInputTest} with a small
 * heap: prints one "case=outcome millis" line per case; any Throwable other than DicomException
 * (OutOfMemoryError, StackOverflowError...) prints as "case=THROWABLE ..." and exits 3.
 */
public final class HostileMain {
    private HostileMain() {
    }

    public static void main(String[] args) {
        for (String name : args) {
            long t0 = System.nanoTime();
            String outcome;
            try {
                outcome = run(name);
            } catch (Throwable t) {
                System.out.println(name + "=THROWABLE " + t);
                System.out.flush();
                System.exit(3);
                return;
            }
            System.out.println(name + "=" + outcome + " " + (System.nanoTime() - t0) / 1_000_000);
        }
    }

    static String run(String name) {
        ReadOptions d = ReadOptions.DEFAULT;
        switch (name) {
            case "stream-ob-fffffff0":
                return HostileInputs.readAndWrite(stream(HostileInputs.lyingLength("OB", 0xFFFFFFF0L)), d);
            case "stream-ut-fffffff0":
                return HostileInputs.readAndWrite(stream(HostileInputs.lyingLength("UT", 0xFFFFFFF0L)), d);
            case "stream-implicit-2g":
                return HostileInputs.readAndWrite(stream(HostileInputs.lyingLengthImplicit(0x80000000L)), d);
            case "stream-ut-60m":
                // under maxValueLength: the reader must not allocate what the length claims before the bytes arrive
                return HostileInputs.readAndWrite(stream(HostileInputs.lyingLength("UT", 60L << 20)), d);
            case "nested-10000-defined":
                return HostileInputs.readAndWrite(stream(HostileInputs.deepNesting(10_000, false)), d);
            case "nested-10000-undefined":
                return HostileInputs.readAndWrite(stream(HostileInputs.deepNesting(10_000, true)), d);
            case "nested-10000-allowed":
                return HostileInputs.readAndWrite(stream(HostileInputs.deepNesting(10_000, true)), d.withMaxDepth(20_000));
            case "bomb-lowered-limit":
                return HostileInputs.readAndWrite(HostileInputs.deflateBomb(3, 4095), d.withMaxInflatedBytes(64L << 20));
            case "items-lowered-limit":
                // 60 million deflated empty items in a 64 MiB heap: stopped by a 16 MiB header limit
                return HostileInputs.readAndWrite(HostileInputs.itemBomb(60_000_000L, true), d.withMaxHeaderBytes(16L << 20));
            case "items-default-limit":
                return HostileInputs.readAndWrite(HostileInputs.itemBomb(60_000_000L, true), d);
            case "bomb-default-limit":
                return HostileInputs.tokens(HostileInputs.deflateBomb(3, 4095), d);
            default:
                throw new IllegalArgumentException("no case " + name);
        }
    }

    private static ByteArrayInputStream stream(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
