package org.mip.dicom.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.DicomFile;
import org.mip.testing.Samples;

/**
 * Mutates the samples thousands of times with a fixed seed (bit flips, byte overwrites, truncations,
 * length-field changes, inserted and deleted bytes). The reader either parses the result, and then
 * the writer writes it and the reader reads that back, or throws DicomException; any other Throwable
 * fails, naming the seed, iteration and mutation to reproduce it:
 * {@code mvn test -Dtest=FuzzTest -Dmip.fuzz.seed=S -Dmip.fuzz.only=I}.
 */
class FuzzTest {
    private static final long SEED = Long.getLong("mip.fuzz.seed", 20240601L);
    private static final int ITERATIONS = Integer.getInteger("mip.fuzz.iterations", 6000);
    private static final int ONLY = Integer.getInteger("mip.fuzz.only", -1);

    @TempDir
    Path tmp;

    /** A sample and the offsets of its element and fragment length fields (for targeted length mutations). */
    record Seed(String name, byte[] bytes, int[] lengthFields) {
    }

    @Test
    void mutatedSamplesParseOrFailCleanly() throws Exception {
        List<Seed> seeds = new ArrayList<>();
        for (Path p : Samples.all()) {
            seeds.add(new Seed(p.getFileName().toString(), Files.readAllBytes(p), lengthFields(p)));
        }
        int parsed = 0;
        int refused = 0;
        long t0 = System.nanoTime();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            if (ONLY >= 0 && i != ONLY) {
                continue;
            }
            Random rnd = new Random(SEED * 1_000_003L + i);
            Seed seed = seeds.get(rnd.nextInt(seeds.size()));
            StringBuilder how = new StringBuilder();
            byte[] input = seed.bytes();
            int rounds = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(4) : 0);
            for (int m = 0; m < rounds; m++) {
                input = mutate(input, seed.lengthFields(), rnd, how);
            }
            boolean fromPath = rnd.nextBoolean();
            String label = "seed=" + SEED + " iteration=" + i + " file=" + seed.name() + " route="
                    + (fromPath ? "path" : "stream") + " mutations=" + how;
            long c0 = System.nanoTime();
            try {
                if (roundTrip(input, fromPath)) {
                    parsed++;
                } else {
                    refused++;
                }
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                failures.add(label + "\n    " + trace.toString().lines().limit(8).reduce((a, b) -> a + "\n    " + b).orElse(""));
                if (failures.size() >= 10) {
                    break;
                }
            }
            long ms = (System.nanoTime() - c0) / 1_000_000;
            if (ms > 3_000) {
                failures.add(label + "\n    took " + ms + " ms");
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mutated input(s) broke the codec:\n" + String.join("\n", failures));
        }
        System.out.printf("fuzz: %d parsed and written, %d refused with DicomException, %d ms%n",
                parsed, refused, (System.nanoTime() - t0) / 1_000_000);
        assertTrue(ONLY >= 0 || parsed > ITERATIONS / 20 && refused > ITERATIONS / 20,
                "mutations should both keep some files readable and break others: " + parsed + "/" + refused);
    }

    /**
     * Reads, writes, reads back what was written and writes it again: true when all went through (the
     * two outputs must then be identical), false when the first read threw DicomException. Anything
     * else throws, including a DicomException after the first read (what we wrote must read back).
     */
    private boolean roundTrip(byte[] input, boolean fromPath) throws Exception {
        ReadOptions options = ReadOptions.DEFAULT.withSpoolDir(tmp).withMaxInflatedBytes(64L << 20);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        try {
            if (fromPath) {
                Path p = Files.write(tmp.resolve("fuzz.dcm"), input);
                try (DicomFile f = DicomReader.read(p, options)) {
                    DicomWriter.write(f, first, WriteOptions.DEFAULT);
                }
            } else {
                try (DicomFile f = DicomReader.read(new ByteArrayInputStream(input), options)) {
                    DicomWriter.write(f, first, WriteOptions.DEFAULT);
                }
            }
        } catch (DicomException e) {
            return false;
        }
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (DicomFile f = DicomReader.read(new ByteArrayInputStream(first.toByteArray()), options)) {
            DicomWriter.write(f, second, WriteOptions.DEFAULT);
        } catch (DicomException e) {
            throw new AssertionError("our own output does not read back: " + e.reason() + ": " + e.getMessage(), e);
        }
        if (!Arrays.equals(first.toByteArray(), second.toByteArray())) {
            throw new AssertionError("writing what we wrote changes it (" + first.size() + " vs " + second.size() + " bytes)");
        }
        return true;
    }

    private static byte[] mutate(byte[] in, int[] lengthFields, Random rnd, StringBuilder how) {
        if (in.length == 0) {
            how.append("[empty]");
            return in;
        }
        int at = rnd.nextInt(in.length);
        byte[] out;
        switch (rnd.nextInt(7)) {
            case 0: {
                int bit = rnd.nextInt(8);
                out = in.clone();
                out[at] ^= (byte) (1 << bit);
                how.append("[flip ").append(at).append('.').append(bit).append(']');
                return out;
            }
            case 1: {
                int n = 1 + rnd.nextInt(8);
                out = in.clone();
                for (int k = 0; k < n && at + k < out.length; k++) {
                    out[at + k] = (byte) rnd.nextInt(256);
                }
                how.append("[overwrite ").append(at).append('+').append(n).append(']');
                return out;
            }
            case 2:
                how.append("[truncate ").append(at).append(']');
                return Arrays.copyOf(in, at);
            case 3: {
                int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 64);
                byte[] ins = new byte[n];
                rnd.nextBytes(ins);
                out = new byte[in.length + n];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(ins, 0, out, at, n);
                System.arraycopy(in, at, out, at + n, in.length - at);
                how.append("[insert ").append(at).append('+').append(n).append(']');
                return out;
            }
            case 4: {
                int n = Math.min(in.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 64));
                out = new byte[in.length - n];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + n, out, at, in.length - at - n);
                how.append("[delete ").append(at).append('+').append(n).append(']');
                return out;
            }
            default: {
                // a length field: the 2 or 4 bytes before a value (known offsets), else anywhere
                int field = lengthFields.length > 0 && rnd.nextInt(4) != 0 ? lengthFields[rnd.nextInt(lengthFields.length)] : at;
                long[] interesting = {0, 1, 2, 3, 7, 0xFF, 0xFFFF, 0x10000, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFF0L,
                    0xFFFFFFFEL, 0xFFFFFFFFL};
                out = in.clone();
                long old = field + 4 <= out.length ? le32(out, field) : 0;
                long v = rnd.nextBoolean() ? interesting[rnd.nextInt(interesting.length)] : old + rnd.nextInt(17) - 8;
                int width = field + 4 <= out.length && rnd.nextBoolean() ? 4 : 2;
                for (int k = 0; k < width && field + k < out.length; k++) {
                    out[field + k] = (byte) (v >>> (8 * k));
                }
                how.append("[length ").append(field).append(" := ").append(Long.toHexString(v & 0xFFFFFFFFL))
                        .append('/').append(width).append(']');
                return out;
            }
        }
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    /** File offsets of the length fields of the sample's elements and fragments (none for deflated or unreadable files). */
    private static int[] lengthFields(Path p) {
        List<Integer> offsets = new ArrayList<>();
        try (DicomStreamReader r = new DicomStreamReader(Files.newInputStream(p), ReadOptions.DEFAULT, Files.size(p))) {
            r.readHeader();
            for (DicomStreamReader.Event e = r.next(); e != DicomStreamReader.Event.END; e = r.next()) {
                if (r.inflated()) {
                    break;
                }
                if (e == DicomStreamReader.Event.ELEMENT || e == DicomStreamReader.Event.FRAGMENT) {
                    boolean longField = e == DicomStreamReader.Event.FRAGMENT || r.vr().hasLongLength() || r.length() > 0xFFFF;
                    offsets.add((int) r.valueOffset() - (longField ? 4 : 2));
                }
            }
        } catch (Exception e) {
            // a negative sample: mutate anywhere
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }
}
