package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.batch.Quarantine;
import org.mip.dicom.Tag;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.io.DicomReader;

/**
 * {@code java -jar target/medical-imaging-pipeline.jar deidentify} on a copy of the sample folder, as a
 * user runs it: every output is read back by dcmtk and pydicom, every refused sample is in quarantine
 * with its reason, the exit code is 1 (some samples are refused on purpose), the summary is printed,
 * and no patient name or ID of the samples, nor any of their file names, appears in what it prints.
 */
class DeidentifyIT {
    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void findJar() {
        jar();
    }

    /** The packaged jar (system property mip.jar); the test is skipped when it is not built. */
    static Path jar() {
        String path = System.getProperty("mip.jar");
        assumeTrue(path != null && Files.isRegularFile(Path.of(path)), "packaged jar (system property mip.jar) not built: " + path);
        return Path.of(path);
    }

    static Run run(Map<String, String> env, List<String> jvm, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("MIP_DEID_KEY");
        pb.environment().remove("MIP_DEID_KEY_FILE");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("deidentify did not finish: " + command);
        }
        return new Run(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Copies the sample folder (the run must never write next to the shared originals). */
    private Path samples() throws IOException {
        String dir = System.getProperty("mip.samples");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "samples not present: " + dir);
        Path copy = tmp.resolve("samples");
        Files.createDirectories(copy);
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.copy(p, copy.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return copy;
    }

    /** Patient names and IDs of the inputs (every depth), as their text: none may be printed. */
    private static Set<String> phi(Path samples) throws IOException {
        ElementDictionary dict = ElementDictionary.standard();
        int[] tags = {dict.tagOf("PatientName"), dict.tagOf("PatientID"), dict.tagOf("OtherPatientNames"),
                dict.tagOf("ReferringPhysicianName"), dict.tagOf("PatientBirthDate")};
        Set<String> values = new LinkedHashSet<>();
        try (Stream<Path> s = Files.list(samples)) {
            for (Path p : s.toList()) {
                try (DicomFile f = DicomReader.read(p)) {
                    collect(f.dataset(), tags, values);
                } catch (Exception unreadable) {
                    // a sample the codec refuses holds nothing it could print
                }
            }
        }
        // Short values ("M", "1", "TEST") could appear by chance in counts or words; the names are what matter.
        values.removeIf(v -> v.length() < 5);
        return values;
    }

    private static void collect(Dataset ds, int[] tags, Set<String> out) {
        for (int t : tags) {
            String v = ds.getText(t);
            if (v != null && !v.isBlank()) {
                out.add(v.strip());
                for (String part : v.split("[\\^=]")) {
                    if (part.strip().length() >= 5) {
                        out.add(part.strip());
                    }
                }
            }
        }
        for (var e : ds) {
            if (e instanceof SequenceElement seq) {
                for (Dataset item : seq.items()) {
                    collect(item, tags, out);
                }
            }
        }
    }

    /**
     * Zeroes the Pixel Data value in {@code bytes} (the file's): compressed pixels are random-looking bytes,
     * and a published cine's JPEG stream held "Jssssss", a sample's name part, by chance. Names in the pixels
     * are the burned-in text tests' business; this test holds the header to the samples' names.
     */
    private static void withoutPixelData(Dataset ds, byte[] bytes) {
        org.mip.dicom.data.Element pixels = ds.get(Tag.PIXEL_DATA);
        List<org.mip.dicom.data.BulkData> values = pixels instanceof org.mip.dicom.data.BulkElement b ? List.of(b.data())
                : pixels instanceof org.mip.dicom.data.FragmentsElement f ? f.fragments() : List.of();
        for (org.mip.dicom.data.BulkData v : values) {
            // offsets in the file itself (a deflated file's are in its inflated stream: left as read)
            if (v instanceof org.mip.dicom.data.FileRegion r && r.offset() + r.length() <= bytes.length) {
                java.util.Arrays.fill(bytes, (int) r.offset(), (int) (r.offset() + r.length()), (byte) 0);
            }
        }
    }

    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void theSampleFolderAsAUserRunsIt() throws Exception {
        Path in = samples();
        Set<String> phi = phi(in);
        assertFalse(phi.isEmpty(), "the samples carry patient names to look for");
        Path out = tmp.resolve("out");
        Run r = run(Map.of("MIP_DEID_KEY", KEY), List.of(), "deidentify", "--in", in.toString(), "--out", out.toString());

        assertEquals(1, r.exit(), "some samples are refused on purpose: " + r.all());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("deidentify: \\d+ files?, [0-9.]+ MB in [0-9.:]+( s)?: [0-9.]+ files/s, [0-9.]+ MB/s, \\d+ threads?"),
                lines.get(0));
        for (String s : phi) {
            assertFalse(r.all().contains(s), "printed a patient value of the samples: " + s);
        }
        for (Path p : files(in)) {
            assertFalse(r.all().contains(p.getFileName().toString()), "printed an input name: " + p.getFileName());
        }
        assertFalse(r.all().contains("Exception"), r.all());

        List<Path> all = files(out);
        List<Path> outputs = all.stream().filter(p -> !out.relativize(p).startsWith("quarantine")).toList();
        List<Path> copies = all.stream().filter(p -> out.relativize(p).startsWith("quarantine"))
                .filter(p -> !p.toString().endsWith(Quarantine.REASON_SUFFIX)).toList();
        assertFalse(outputs.isEmpty());
        assertFalse(copies.isEmpty());
        long duplicates = Long.parseLong(r.out().replaceAll("(?s).*\n  duplicate +(\\d+)\n.*", "$1"));
        assertEquals(files(in).size(), outputs.size() + copies.size() + duplicates, r.out());
        assertTrue(r.out().contains("  quarantined    " + String.format("%8d", copies.size())), r.out());

        // Every refused input: a byte-identical copy under the hash of its name, and a reason.
        Set<String> expectedNames = new LinkedHashSet<>();
        for (Path p : files(in)) {
            expectedNames.add(Quarantine.nameOf(p.getFileName().toString()));
        }
        for (Path copy : copies) {
            String name = copy.getFileName().toString();
            assertTrue(expectedNames.contains(name), name);
            JsonNode reason = JSON.readTree(copy.resolveSibling(name + Quarantine.REASON_SUFFIX).toFile());
            assertFalse(reason.get("reasonCode").asText().isEmpty());
            assertTrue(Set.of("parse", "validate", "deidentify", "write").contains(reason.get("stage").asText()), reason.toString());
            assertEquals(name, reason.get("sourcePathSha256").asText());
            assertFalse(reason.has("sourcePath"));
            assertTrue(r.err().contains("quarantined quarantine/" + name + ": " + reason.get("reasonCode").asText()), r.err());
        }

        // Every output: a Part 10 file dcmtk and pydicom read, filed under its own identifiers.
        for (Path o : outputs) {
            Path rel = out.relativize(o);
            assertEquals(4, rel.getNameCount(), rel.toString());
            byte[] bytes = Files.readAllBytes(o);
            try (DicomFile f = DicomReader.read(o)) {
                assertEquals(rel.getName(3).toString(), f.dataset().getString(Tag.SOP_INSTANCE_UID) + ".dcm");
                withoutPixelData(f.dataset(), bytes);
            }
            String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
            String utf8 = new String(bytes, StandardCharsets.UTF_8);
            for (String s : phi) {
                assertFalse(latin1.contains(s) || utf8.contains(s), o + " holds " + s);
            }
        }
        if (onPath("dcmdump")) {
            for (Path o : outputs) {
                Process p = new ProcessBuilder("dcmdump", "-q", o.toString()).redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), "dcmdump " + o + ":\n" + text);
                assertFalse(text.lines().anyMatch(l -> l.startsWith("E:")), "dcmdump " + o + ":\n" + text);
            }
        }
        Path python = Path.of("/usr/bin/python3");
        if (Files.isExecutable(python)) {
            String script = String.join("\n",
                    "import sys",
                    "try:",
                    "    import pydicom",
                    "except ImportError:",
                    "    print('NOPYDICOM'); sys.exit(0)",
                    "for path in sys.argv[1:]:",
                    "    try:",
                    "        ds = pydicom.dcmread(path)",
                    "        n = sum(1 for _ in ds.iterall())",
                    "        assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID",
                    "        assert ds.PatientIdentityRemoved == 'YES'",
                    "        print('OK', n, path)",
                    "    except Exception as e:",
                    "        print('ERR', path, type(e).__name__, e)");
            List<String> cmd = new ArrayList<>(List.of(python.toString(), "-W", "ignore", "-c", script));
            outputs.forEach(o -> cmd.add(o.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), text);
            if (!text.startsWith("NOPYDICOM")) {
                assertEquals(outputs.size(), text.lines().filter(l -> l.startsWith("OK ")).count(), text);
            }
        }
    }

    @Test
    void aReRunOverTheSameFolderGivesTheSameFiles() throws Exception {
        Path in = samples();
        Path out = tmp.resolve("out");
        Map<String, String> env = Map.of("MIP_DEID_KEY", KEY);
        Run first = run(env, List.of(), "deidentify", "--in", in.toString(), "--out", out.toString(), "-q", "--threads", "1");
        Map<Path, byte[]> before = new java.util.TreeMap<>();
        for (Path p : files(out)) {
            if (!p.toString().endsWith(Quarantine.REASON_SUFFIX)) {
                before.put(out.relativize(p), Files.readAllBytes(p));
            }
        }
        Run second = run(env, List.of(), "deidentify", "--in", in.toString(), "--out", out.toString(), "-q");
        assertEquals(first.exit(), second.exit());
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            assertTrue(java.util.Arrays.equals(e.getValue(), Files.readAllBytes(out.resolve(e.getKey()))), e.getKey().toString());
        }
        assertEquals(before.size(), files(out).stream().filter(p -> !p.toString().endsWith(Quarantine.REASON_SUFFIX)).count());
    }

    @Test
    void withoutAKeyNothingHappens() throws Exception {
        Path in = samples();
        Path out = tmp.resolve("out");
        Run r = run(Map.of(), List.of(), "deidentify", "--in", in.toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("deidentify: no de-identification key"), r.err());
        assertFalse(Files.exists(out));
    }
}
