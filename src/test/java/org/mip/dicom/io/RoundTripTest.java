package org.mip.dicom.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.DicomFile;
import org.mip.testing.Pydicom;
import org.mip.testing.Samples;
import org.mip.testing.Tools;

/**
 * Read → write keeps a file as the oracles see it: dcmdump prints the same, pydicom reads the same
 * elements, dciodvfy finds no new error; and reading from a stream (bulk spooled) writes the same
 * bytes as reading from a path (bulk as file regions).
 */
class RoundTripTest {

    /**
     * The only documented dcmdump differences: a file without (0002,0000) gets one (PS3.10 §7.1 requires
     * it), so the output has one more line.
     */
    static final Map<String, List<String>> DUMP_ONLY_IN_OUTPUT = Map.of(
            "no_meta_group_length.dcm", List.of("(0002,0000) UL"));

    /**
     * Odd-length values in the input (not allowed, PS3.5 §7.1.1): the writer pads them to even length
     * with the VR's padding byte (NUL for this UN), so dcmdump and pydicom see one more byte there.
     */
    static final Map<String, List<String>> PADDED = Map.of(
            "meta_missing_tsyntax.dcm", List.of("00010001[0]/00010002"),
            "nested_priv_SQ.dcm", List.of("00010001[0]/00010002"));

    @TempDir
    static Path out;

    /** Per sample: the file written from the Path route, or the failure to write it. */
    private static final Map<String, Object> written = new HashMap<>();

    static Stream<String> samples() {
        return Samples.readableNames();
    }

    @BeforeAll
    static void roundTripAll() {
        if (System.getProperty("mip.samples") == null || !Files.isDirectory(Path.of(System.getProperty("mip.samples")))) {
            return;
        }
        for (Path in : Samples.readable()) {
            String name = in.getFileName().toString();
            Path target = out.resolve(name);
            try (DicomFile f = DicomReader.read(in, ReadOptions.DEFAULT)) {
                DicomWriter.write(f, target, WriteOptions.DEFAULT);
                written.put(name, target);
            } catch (DicomException | IOException | RuntimeException e) {
                written.put(name, e);
            }
        }
    }

    private static Path output(String name) {
        Object o = written.get(name);
        if (o instanceof Throwable t) {
            throw new AssertionError(name + " did not round-trip: " + t, t);
        }
        assertNotNull(o, "no output for " + name);
        return (Path) o;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void dcmdumpPrintsTheSame(String name) {
        Tools.assume("dcmdump");
        Path in = Samples.get(name);
        if (PADDED.containsKey(name)) {
            List<Dcmdump.Line> expected = new ArrayList<>();
            for (Dcmdump.Line l : Dcmdump.dump(in)) {
                expected.add(!PADDED.get(name).contains(l.path()) ? l
                        : new Dcmdump.Line(l.path(), l.vr(), l.value() + "\\00", String.valueOf(Integer.parseInt(l.length()) + 1)));
            }
            assertEquals(expected, Dcmdump.dump(output(name)), name);
            return;
        }
        List<String> before = dumpLines(in);
        List<String> after = dumpLines(output(name));
        List<String> expectedExtra = DUMP_ONLY_IN_OUTPUT.getOrDefault(name, List.of());
        List<String> extra = new ArrayList<>(after);
        extra.removeAll(before);
        List<String> missing = new ArrayList<>(before);
        missing.removeAll(after);
        assertEquals(List.of(), missing, name + ": lines of the input's dump missing from the output's");
        assertEquals(expectedExtra.size(), extra.size(), name + ": unexpected lines in the output's dump: " + extra);
        for (int i = 0; i < extra.size(); i++) {
            assertTrue(extra.get(i).startsWith(expectedExtra.get(i)), name + ": unexpected line " + extra.get(i));
        }
        if (expectedExtra.isEmpty()) {
            assertEquals(before, after, name + ": same lines, different order");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void pydicomReadsTheSameElements(String name) {
        Pydicom.require();
        Path in = Samples.get(name);
        List<Pydicom.Element> before = Pydicom.dump(in);
        List<Pydicom.Element> after = Pydicom.dump(output(name));
        if (DUMP_ONLY_IN_OUTPUT.containsKey(name)) {
            after = after.stream().filter(e -> !e.path().equals("00020000")).collect(Collectors.toList());
        }
        List<String> padded = PADDED.getOrDefault(name, List.of());
        before = before.stream().map(e -> !padded.contains(e.path()) ? e
                : new Pydicom.Element(e.path(), e.vr(), e.value() + "00", e.text())).collect(Collectors.toList());
        assertEquals(before, after, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void dciodvfyFindsNoNewError(String name) {
        Tools.assume("dciodvfy");
        Path in = Samples.get(name);
        List<String> before = errors(in);
        List<String> after = errors(output(name));
        List<String> added = new ArrayList<>(after);
        before.forEach(added::remove);
        assertEquals(List.of(), added, name + ": dciodvfy errors the input did not have");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void streamRouteWritesTheSameBytes(String name) throws Exception {
        Path in = Samples.get(name);
        byte[] viaPath = Files.readAllBytes(output(name));
        ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
        // bulkThreshold 0: every OB/OW/UN value and fragment is spooled, the path the S3 route takes for big values
        ReadOptions spoolAll = ReadOptions.DEFAULT.withBulkThreshold(0).withSpoolDir(out);
        try (InputStream s = Files.newInputStream(in); DicomFile f = DicomReader.read(s, spoolAll)) {
            DicomWriter.write(f, viaStream, WriteOptions.DEFAULT);
        }
        assertArrayEquals(viaPath, viaStream.toByteArray(), name + ": stream route differs from path route");
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("mip-spool-")).toList(),
                    "spool files left behind");
        }
    }

    @Test
    void deflatedStaysDeflated() throws Exception {
        Path in = Samples.get("image_dfl.dcm");
        Path written = output("image_dfl.dcm");
        try (DicomFile f = DicomReader.read(written, ReadOptions.DEFAULT)) {
            assertTrue(f.transferSyntax().deflated(), "output read back as " + f.transferSyntax());
            assertEquals("1.2.840.10008.1.2.1.99", f.declaredTransferSyntaxUid());
        }
        // and really compressed: the data set is far smaller than its inflated form
        long inflated;
        try (DicomFile f = DicomReader.read(in, ReadOptions.DEFAULT)) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            DicomWriter.write(new DicomFile(f.preamble(), f.meta(), f.dataset(),
                    org.mip.dicom.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, -1, List.of()), plain, WriteOptions.DEFAULT);
            inflated = plain.size();
        }
        assertTrue(Files.size(written) < inflated / 2, Files.size(written) + " bytes written, " + inflated + " inflated");
    }

    private static List<String> dumpLines(Path file) {
        String text = Dcmdump.text(file);
        assertNotNull(text, "dcmdump cannot read " + file);
        return Arrays.stream(text.split("\n"))
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }

    /** dciodvfy's error lines, with the file's name taken out. */
    private static List<String> errors(Path file) {
        Tools.Result r = Tools.run("dciodvfy", file.toString());
        String text = r.out() + "\n" + r.stderr();
        return Arrays.stream(text.split("\n"))
                .filter(l -> l.startsWith("Error"))
                .map(l -> l.replace(file.toString(), "<file>").replace(file.getFileName().toString(), "<file>"))
                .collect(Collectors.toList());
    }
}
