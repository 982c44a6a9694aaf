package org.mip.dicom.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.DicomException;
import org.mip.dicom.DicomException.Reason;
import org.mip.dicom.data.DicomFile;
import org.mip.testing.SyntheticDicom;
import org.mip.testing.Tools;

/**
 * Hostile input ends in a DicomException with a stable reason, quickly and in bounded memory, from a
 * path and from a stream; the worst cases run again in a JVM with a 64 MiB heap.
 */
class HostileInputTest {

    @TempDir
    Path tmp;

    @Test
    void hugeLengthOnAShortFile() throws Exception {
        byte[] ob = HostileInputs.lyingLength("OB", 0xFFFFFFF0L);
        byte[] ut = HostileInputs.lyingLength("UT", 0xFFFFFFF0L);
        byte[] implicit = HostileInputs.lyingLengthImplicit(0xFFFFFFF0L);
        // From a file the size is known: the impossible length fails at once.
        expect(Reason.TRUNCATED, ob, true);
        expect(Reason.TRUNCATED, ut, true);
        expect(Reason.TRUNCATED, implicit, true);
        // From a stream: bulk values are spooled until the input ends; header values are refused by size.
        expect(Reason.TRUNCATED, ob, false);
        expect(Reason.TOO_LARGE, ut, false);
        expect(Reason.TOO_LARGE, implicit, false);
    }

    @Test
    void twoGigabyteLengthOnAOneKilobyteFile() throws Exception {
        // From a stream: OB/UN are spooled to the end, UT is refused by size, the SQ's "items" are zeros.
        Map<String, Reason> fromStream = Map.of("OB", Reason.TRUNCATED, "UN", Reason.TRUNCATED,
                "UT", Reason.TOO_LARGE, "SQ", Reason.INVALID_STRUCTURE);
        for (Map.Entry<String, Reason> c : fromStream.entrySet()) {
            byte[] file = Arrays.copyOf(HostileInputs.lyingLength(c.getKey(), 0x80000000L), 1024);
            expect(Reason.TRUNCATED, file, true, c.getKey());
            expect(c.getValue(), file, false, c.getKey());
        }
    }

    @Test
    void sequencesNestedTenThousandDeep() throws Exception {
        for (boolean undefined : new boolean[] {false, true}) {
            byte[] file = HostileInputs.deepNesting(10_000, undefined);
            expect(Reason.NESTING_TOO_DEEP, file, true);
            expect(Reason.NESTING_TOO_DEEP, file, false);
        }
    }

    @Test
    void deflateBombStopsAtTheLimit() throws Exception {
        // 3 elements of 4095 MiB of zeros (12 GiB inflated, ~12 MiB deflated, generated as read).
        ReadOptions limited = ReadOptions.DEFAULT.withMaxInflatedBytes(32L << 20).withSpoolDir(tmp);
        long t0 = System.nanoTime();
        assertEquals("INFLATE_FAILED", HostileInputs.readAndWrite(HostileInputs.deflateBomb(3, 4095), limited));
        assertEquals("INFLATE_FAILED", HostileInputs.tokens(HostileInputs.deflateBomb(3, 4095), limited));
        Path bomb = tmp.resolve("bomb.dcm");
        try (java.io.InputStream in = HostileInputs.deflateBomb(1, 1024)) { // 1 GiB inflated, ~1 MiB on disk
            Files.copy(in, bomb);
        }
        try (DicomFile f = DicomReader.read(bomb, limited)) {
            fail("read a deflate bomb past the limit: " + f.dataset());
        } catch (DicomException e) {
            assertEquals(Reason.INFLATE_FAILED, e.reason(), e.getMessage());
        }
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        // the default limit (2 GiB) stopping it too is CodecLimitsIT's: inflating 8 GiB takes a while
    }

    @Test
    void millionsOfDeflatedItemsStopAtTheHeaderLimit() throws Exception {
        // 60 million empty items: 480 MB inflated (under the 2 GiB inflate limit), under 1 MB deflated.
        // Without the header limit the tree took ~86 bytes an item: 5 GB, an OutOfMemoryError. With the
        // default limit (128 MiB) it stops near 3.4 million items, in a JVM of its own with a 256 MiB heap.
        Tools.Result r = ForkedJvm.run(120, List.of("-Xmx256m", "-Djava.io.tmpdir=" + tmp), HostileMain.class,
                "items-default-limit");
        assertTrue(r.out().startsWith("items-default-limit=TOO_LARGE "), "forked JVM (exit " + r.exit() + ") said:\n"
                + r.out() + r.stderr());
        // the message, with a lower limit: what, where and why, and no value
        DicomException e = readTree(HostileInputs.itemBomb(60_000_000L, true),
                ReadOptions.DEFAULT.withMaxHeaderBytes(16L << 20).withSpoolDir(tmp));
        assertEquals(Reason.TOO_LARGE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().matches("the header would take more than 16 MiB of memory, the limit for one file: "
                + "4 elements and \\d+ sequence items read so far, in an item of sequence \\(4008,0118\\) "
                + "\\(\\d+ items\\) \\(at byte \\d+\\)"), e.getMessage());
        assertTrue(e.offset() < 8L << 20, e.getMessage()); // stopped early, not at 480 MB
    }

    @Test
    void headerLimitCountsItemsAndElementsOfAPlainFile() throws Exception {
        ReadOptions fourMiB = ReadOptions.DEFAULT.withMaxHeaderBytes(4L << 20).withSpoolDir(tmp);
        Path many = tmp.resolve("items.dcm");
        try (java.io.InputStream in = HostileInputs.itemBomb(200_000, false)) { // 8 MB, ~1.6 M header bytes a 1,000 items
            Files.copy(in, many);
        }
        DicomException e = readTree(Files.newInputStream(many), fourMiB);
        assertEquals(Reason.TOO_LARGE, e.reason(), e.getMessage());
        try (DicomFile f = DicomReader.read(many, fourMiB)) {
            fail("read " + f.dataset() + " past the header limit");
        } catch (DicomException fromPath) {
            assertEquals(Reason.TOO_LARGE, fromPath.reason(), fromPath.getMessage());
        }
        // under the limit: 50,000 items (about 2 MB) are read whole
        try (DicomFile f = DicomReader.read(HostileInputs.itemBomb(50_000, false), fourMiB)) {
            assertEquals(50_000, ((org.mip.dicom.data.SequenceElement) f.dataset().get(0x40080118)).items().size());
        }
        // elements count too: 100,000 empty private elements are ~9.6 MB by the estimate
        SyntheticDicom elements = SyntheticDicom.explicit().text(0x00080060, "CS", "CT");
        for (int i = 0; i < 100_000; i++) {
            elements.header(privateTag(i), "LO", 0);
        }
        e = readTree(new ByteArrayInputStream(SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, elements.bytes())), fourMiB);
        assertEquals(Reason.TOO_LARGE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("elements and 0 sequence items"), e.getMessage());
    }

    @Test
    void aMillionTinyElementsAreWithinTheDefaultLimit() throws Exception {
        // 1,000,000 empty elements, an 8 MB file: ~98 MB by the estimate (as measured), under 128 MiB
        SyntheticDicom d = SyntheticDicom.explicit().text(0x00080060, "CS", "CT");
        for (int i = 0; i < 1_000_000; i++) {
            d.header(privateTag(i), "LO", 0);
        }
        try (DicomFile f = DicomReader.read(new ByteArrayInputStream(SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, d.bytes())),
                ReadOptions.DEFAULT.withSpoolDir(tmp))) {
            assertEquals(1_000_001, f.dataset().size());
        }
    }

    @Test
    void skippedValuesCountAgainstTheInflateLimit() {
        // A streaming consumer that skips values must be stopped by maxInflatedBytes like one that reads them.
        ReadOptions limited = ReadOptions.DEFAULT.withMaxInflatedBytes(8L << 20);
        assertEquals("INFLATE_FAILED", HostileInputs.tokens(HostileInputs.deflateBomb(1, 16), limited));
        assertEquals("INFLATE_FAILED", HostileInputs.readAndWrite(HostileInputs.deflateBomb(1, 16), limited));
        assertEquals("OK", HostileInputs.tokens(HostileInputs.deflateBomb(1, 4), limited));
    }

    @Test
    void corruptDeflateStream() throws Exception {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xFF; // BTYPE 11: reserved, invalid in any deflate stream
        expect(Reason.INFLATE_FAILED, SyntheticDicom.part10(SyntheticDicom.DEFLATED, garbage), true);
        expect(Reason.INFLATE_FAILED, SyntheticDicom.part10(SyntheticDicom.DEFLATED, garbage), false);
        // a good deflate stream cut short
        byte[] dataset = SyntheticDicom.explicit().imageHeader(64, 64, 8, 1).value(0x7FE00010, "OB", new byte[4096]).bytes();
        Deflater d = new Deflater(6, true);
        d.setInput(dataset);
        d.finish();
        byte[] z = new byte[8192];
        int n = d.deflate(z);
        d.end();
        expect(Reason.TRUNCATED, SyntheticDicom.part10(SyntheticDicom.DEFLATED, Arrays.copyOf(z, n / 2)), true);
    }

    @Test
    void invalidItemTags() throws Exception {
        SyntheticDicom base = SyntheticDicom.explicit().text(0x00080060, "CS", "OT");
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("element where an item belongs", SyntheticDicom.explicit().sequence(0x00081115, -1)
                .text(0x00080010, "LO", "not an item").sequenceEnd().bytes());
        cases.put("item delimiter where an item belongs", SyntheticDicom.explicit().sequence(0x00081115, -1)
                .itemEnd().sequenceEnd().bytes());
        cases.put("(FFFE,E001) where an item belongs", SyntheticDicom.explicit().sequence(0x00081115, -1)
                .tag(0xFFFEE001).u32(0).sequenceEnd().bytes());
        cases.put("item in a data set", SyntheticDicom.explicit().item(0).bytes());
        cases.put("item delimiter in a defined-length item", SyntheticDicom.explicit().sequence(0x00081115, 16)
                .item(8).itemEnd().bytes());
        cases.put("sequence delimiter in a defined-length sequence", SyntheticDicom.explicit().sequence(0x00081115, 8)
                .sequenceEnd().bytes());
        cases.put("undefined-length fragment", SyntheticDicom.explicit().header(0x7FE00010, "OB", 0xFFFFFFFFL)
                .item(-1).sequenceEnd().bytes());
        cases.put("element where a fragment belongs", SyntheticDicom.explicit().header(0x7FE00010, "OB", 0xFFFFFFFFL)
                .item(0).text(0x00080010, "LO", "x").bytes());
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            byte[] file = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, concat(base.bytes(), c.getValue()));
            expect(Reason.INVALID_STRUCTURE, file, true, c.getKey());
            expect(Reason.INVALID_STRUCTURE, file, false, c.getKey());
        }
        // an odd item length: the element inside runs past the item's end
        byte[] odd = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, concat(base.bytes(), SyntheticDicom.explicit()
                .sequence(0x00081115, 8 + 7).item(7).text(0x00080010, "LO", "abcd").bytes()));
        expect(Reason.INVALID_LENGTH, odd, true, "odd item length");
    }

    @Test
    void textWhereATagOrVrShouldBeIsDescribedNotSpelled() throws Exception {
        // D9: a length too short leaves the reader in a value; its bytes, in hex, spelled the value ("PHIMAR")
        byte[] name = "PHIMARKE02SMITH ".getBytes(StandardCharsets.US_ASCII);
        SyntheticDicom base = SyntheticDicom.explicit().text(0x00080060, "CS", "OT");
        byte[] inSequence = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, concat(base.bytes(), SyntheticDicom.explicit()
                .sequence(0x00081030, -1).raw(name).sequenceEnd().bytes()));
        assertEquals("expected an item of sequence (0008,1030) but found 4 bytes of text where a tag should be (likely a"
                + " value, after a wrong length) (at byte 284)", message(inSequence));
        byte[] shortLength = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, concat(base.bytes(), SyntheticDicom.explicit()
                .header(0x00100010, "PN", 0).raw(name).bytes()));
        assertEquals("found 4 bytes of text where a tag should be (likely a value, after a wrong length) in the data set,"
                + " followed by bytes that are not a VR (at byte 280)", message(shortLength));
        // a real tag followed by text that is not a VR: the tag is named, the text is not
        byte[] badVr = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, concat(base.bytes(), SyntheticDicom.explicit()
                .tag(0x00100010).raw("Sm".getBytes(StandardCharsets.US_ASCII)).u16(2).raw("it".getBytes(StandardCharsets.US_ASCII))
                .bytes()));
        assertEquals("element (0010,0010) has 2 bytes of text where its VR should be (at byte 272)",
                message(badVr));
        // bytes that cannot be text are still shown: they tell what was there
        byte[] binaryVr = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, concat(base.bytes(), SyntheticDicom.explicit()
                .tag(0x00100010).u16(0x0100).u16(2).bytes()));
        assertEquals("element (0010,0010) has bytes 00 01 where its VR should be (at byte 272)", message(binaryVr));
        // not DICOM: a binary format's signature in hex, text described
        assertEquals("no \"DICM\" prefix, and the first bytes (4 of text) do not start a DICOM data set (at byte 0)",
                message("Smith, John: report".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(message(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0}).contains("(89 50 4E 47)"));
    }

    @Test
    void aFileCutShortSaysWhatItWasInside() throws Exception {
        // (a header probe, 2026-12-07: "input ends 20 bytes short", "input ends 1 bytes short", no element named)
        byte[] dataSetBytes = SyntheticDicom.explicit().text(0x00080060, "CS", "OT").text(0x00100010, "PN", "Cut^Short").bytes();
        byte[] whole = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, dataSetBytes);
        int dataSet = whole.length - dataSetBytes.length; // where (0008,0060) starts; (0010,0010) 10 bytes after
        String inMeta = message(Arrays.copyOf(whole, dataSet - 5));
        assertTrue(inMeta.matches("input ends \\d+ bytes short inside file meta element \\(0002,00[0-9A-F]{2}\\) \\(at byte \\d+\\)"), inMeta);
        String inTag = message(Arrays.copyOf(whole, dataSet + 10 + 3));
        assertEquals("input ends 1 byte short inside the tag of an element in the data set (at byte " + (dataSet + 12) + ")", inTag);
        String inValue = message(Arrays.copyOf(whole, whole.length - 2));
        assertEquals("input ends 2 bytes short inside the value of (0010,0010) (at byte " + (whole.length - 2) + ")", inValue);
        // cut inside a meta element's header, its tag and VR there (a header probe, 2026-12-07: NOT_DICOM,
        // "file meta is not followed by a data set", for a file cut inside the header of (0002,0001))
        byte[] inMetaHeader = concat(Arrays.copyOf(whole, dataSet), new byte[] {2, 0, 0x13, 0, 'S', 'H'});
        DicomException cut = org.junit.jupiter.api.Assertions.assertThrows(DicomException.class,
                () -> DicomReader.read(new ByteArrayInputStream(inMetaHeader), ReadOptions.DEFAULT).close());
        assertEquals(Reason.TRUNCATED, cut.reason());
        assertEquals("input ends 6 bytes into the header of a file meta element (at byte " + dataSet + ")", cut.getMessage());
    }

    private static String message(byte[] file) {
        DicomException e = org.junit.jupiter.api.Assertions.assertThrows(DicomException.class,
                () -> DicomReader.read(new ByteArrayInputStream(file), ReadOptions.DEFAULT).close());
        return e.getMessage();
    }

    @Test
    void delimiterAtTopLevel() throws Exception {
        for (int delimiter : new int[] {0xFFFEE00D, 0xFFFEE0DD}) {
            byte[] file = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, SyntheticDicom.explicit()
                    .text(0x00080060, "CS", "OT").tag(delimiter).u32(0).text(0x00100010, "PN", "After^Delimiter").bytes());
            expect(Reason.INVALID_STRUCTURE, file, true);
            expect(Reason.INVALID_STRUCTURE, file, false);
        }
    }

    @Test
    void fileMetaElementInsideTheDataSet() throws Exception {
        // (0002,xxxx) after a data set element: written back it would follow the meta group and be read as
        // part of it (as pydicom also would), changing the file's meaning. Refused, not silently kept.
        byte[] file = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, SyntheticDicom.explicit()
                .text(0x00080060, "CS", "OT").text(0x00020010, "UI", "1.2.840.10008.1.2.4.50").bytes());
        expect(Reason.INVALID_STRUCTURE, file, true);
        expect(Reason.INVALID_STRUCTURE, file, false);
        byte[] raw = SyntheticDicom.explicit().text(0x00080060, "CS", "OT").text(0x00020013, "SH", "X").bytes();
        expect(Reason.INVALID_STRUCTURE, raw, true);
    }

    @Test
    void lowGroupElementInARawDataSet() throws Exception {
        // A data set without file meta is recognised by its first element. (0000,0018) or (0003,0014) after
        // (0008,0060) would be written first and make the file unrecognisable (our own reader: NOT_DICOM).
        for (int tag : new int[] {0x00000018, 0x00030014, 0x00070010}) {
            byte[] raw = SyntheticDicom.explicit().text(0x00080060, "CS", "OT").value(tag, "UL", new byte[4]).bytes();
            expect(Reason.INVALID_STRUCTURE, raw, true);
            expect(Reason.INVALID_STRUCTURE, raw, false);
        }
        // With file meta the transfer syntax is known, and such elements (the samples have (0001,0001)) are kept.
        byte[] part10 = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, SyntheticDicom.explicit()
                .text(0x00080060, "CS", "OT").value(0x00000018, "UL", new byte[4]).bytes());
        try (DicomFile f = DicomReader.read(new ByteArrayInputStream(part10), ReadOptions.DEFAULT)) {
            assertTrue(f.dataset().contains(0x00000018));
        }
    }

    @Test
    void notDicomAtAll() throws Exception {
        byte[] png = concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'},
                new byte[400]);
        byte[] text = "Patient: Doe^John\nStudy: 2024-01-01\n\nThis is a report, not a DICOM file.\n"
                .repeat(20).getBytes(StandardCharsets.US_ASCII);
        for (byte[] file : List.of(new byte[0], new byte[] {0x08}, png, text)) {
            expect(Reason.NOT_DICOM, file, true);
            expect(Reason.NOT_DICOM, file, false);
        }
    }

    @Test
    void worstCasesInA64MegabyteHeap() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("stream-ob-fffffff0", "TRUNCATED");
        expected.put("stream-ut-fffffff0", "TOO_LARGE");
        expected.put("stream-implicit-2g", "TOO_LARGE");
        expected.put("stream-ut-60m", "TRUNCATED");
        expected.put("nested-10000-defined", "NESTING_TOO_DEEP");
        expected.put("nested-10000-undefined", "NESTING_TOO_DEEP");
        expected.put("nested-10000-allowed", "OK");
        expected.put("bomb-lowered-limit", "INFLATE_FAILED");
        expected.put("items-lowered-limit", "TOO_LARGE");
        Tools.Result r = ForkedJvm.run(120, List.of("-Xmx64m", "-Xss512k", "-Djava.io.tmpdir=" + tmp), HostileMain.class,
                expected.keySet().toArray(new String[0]));
        Map<String, String> actual = new LinkedHashMap<>();
        for (String line : r.out().split("\n")) {
            if (line.contains("=")) {
                String[] kv = line.split("=", 2);
                actual.put(kv[0], kv[1].replaceAll(" \\d+$", ""));
            }
        }
        assertEquals(expected, actual, "forked JVM (exit " + r.exit() + ") said:\n" + r.out() + r.stderr());
        assertEquals(0, r.exit(), r.stderr());
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

    // ------------------------------------------------------------------ helpers

    private void expect(Reason reason, byte[] file, boolean fromPath) throws Exception {
        expect(reason, file, fromPath, "");
    }

    /** Reads {@code file} from a path or a stream (then writes it): must fail with {@code reason}, within 5 s. */
    private void expect(Reason reason, byte[] file, boolean fromPath, String what) throws Exception {
        String label = what + (fromPath ? " (path)" : " (stream)");
        long t0 = System.nanoTime();
        try {
            if (fromPath) {
                Path p = Files.write(tmp.resolve("hostile.dcm"), file);
                try (DicomFile f = DicomReader.read(p, ReadOptions.DEFAULT.withSpoolDir(tmp))) {
                    DicomWriter.write(f, HostileInputs.OutputStreamSink.INSTANCE, WriteOptions.DEFAULT);
                }
            } else {
                try (DicomFile f = DicomReader.read(new ByteArrayInputStream(file), ReadOptions.DEFAULT.withSpoolDir(tmp))) {
                    DicomWriter.write(f, HostileInputs.OutputStreamSink.INSTANCE, WriteOptions.DEFAULT);
                }
            }
            fail(label + ": read without error, expected " + reason);
        } catch (DicomException e) {
            assertEquals(reason, e.reason(), label + ": " + e.getMessage());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, label + " took " + ms + " ms");
    }

    /** The i-th of distinct private tags in ascending order: 256 a group, groups 0009, 000B... */
    private static int privateTag(int i) {
        return ((0x0009 + 2 * (i >> 8)) << 16) | (0x1000 + (i & 0xFF));
    }

    /** Reads {@code in} as a tree: the DicomException it must end in. */
    private static DicomException readTree(java.io.InputStream in, ReadOptions options) throws Exception {
        try (in; DicomFile f = DicomReader.read(in, options)) {
            fail("read without error: " + f.dataset());
            return null;
        } catch (DicomException e) {
            return e;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
