package org.mip.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.ReadOptions;
import org.mip.testing.SyntheticDicom;
import org.mip.dicom.io.WriteOptions;

/**
 * Codec throughput against {@code cp -r} on the same corpus, in one run (see docs/BENCHMARKS.md):
 *
 * <pre>
 * mvn -q -B test-compile
 * java -cp target/classes:target/test-classes org.mip.bench.CodecBenchmark --files 2000 --dir /tmp/bench
 * </pre>
 *
 * Generates {@code --files} CT slices (512×512, 16-bit, Explicit VR LE, ~100 header elements with a
 * nested sequence) in {@code DIR/corpus} (kept for later runs), warms the page cache, then times:
 * {@code cp -r} of the corpus; header parse only (read, bulk left in the file); read → write round
 * trip; each with 1 and 2 threads, best of {@code --repeat} runs. Prints a table and the ratio of
 * round-trip time to cp time.
 */
public final class CodecBenchmark {
    private static final int ROWS = 512;
    private static final int COLUMNS = 512;

    private CodecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = 2000;
        Path dir = Path.of("/tmp/bench");
        int repeat = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files": files = Integer.parseInt(args[++i]); break;
                case "--dir": dir = Path.of(args[++i]); break;
                case "--repeat": repeat = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("usage: CodecBenchmark [--files N] [--dir DIR] [--repeat R]");
            }
        }
        Path corpus = dir.resolve("corpus");
        List<Path> inputs = corpus(corpus, files);
        long bytes = 0;
        for (Path p : inputs) {
            bytes += Files.size(p);
        }
        System.out.printf(Locale.ROOT, "corpus: %d files, %.1f MB in %s; %d cores, java %s, max heap %d MiB%n", inputs.size(),
                bytes / 1e6, corpus, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);

        Path out = dir.resolve("out");
        for (int i = 0; i < 2; i++) { // warm the page cache, the JIT and the kernel's copy paths
            cp(corpus, out);
            roundTrip(inputs, out, 2);
        }
        // Interleaved repeats, best of each; a sync (not timed) before every run, so that no run pays for
        // the write-back of the one before (each writes 1 GB to the page cache with 2000 files).
        double cp = Double.MAX_VALUE;
        double[] parse = {0, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] rt = {0, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int r = 0; r < repeat; r++) {
            cp = Math.min(cp, cp(corpus, out) / 1e9);
            for (int t = 1; t <= 2; t++) {
                sync();
                parse[t] = Math.min(parse[t], parse(inputs, t) / 1e9);
                rt[t] = Math.min(rt[t], roundTrip(inputs, out, t) / 1e9);
            }
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(row("cp -r", "-", cp, inputs.size(), bytes));
        for (int t = 1; t <= 2; t++) {
            rows.add(row("header parse only", String.valueOf(t), parse[t], inputs.size(), bytes));
        }
        for (int t = 1; t <= 2; t++) {
            rows.add(row("read -> write round trip", String.valueOf(t), rt[t], inputs.size(), bytes));
        }
        delete(out);
        System.out.println();
        System.out.printf("| %-26s | %7s | %9s | %9s | %8s |%n", "operation", "threads", "time (s)", "files/s", "MB/s");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(28), "-".repeat(9), "-".repeat(11), "-".repeat(11), "-".repeat(10));
        for (String[] r : rows) {
            System.out.printf("| %-26s | %7s | %9s | %9s | %8s |%n", (Object[]) r);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "round trip / cp: %.2f with 1 thread, %.2f with 2 threads (target: <= 3.0 with 2)%n",
                rt[1] / cp, rt[2] / cp);
    }

    private static String[] row(String what, String threads, double seconds, int files, long bytes) {
        return new String[] {what, threads, String.format(Locale.ROOT, "%.3f", seconds),
            String.format(Locale.ROOT, "%.0f", files / seconds), String.format(Locale.ROOT, "%.0f", bytes / 1e6 / seconds)};
    }

    /** Flushes dirty pages to disk (untimed), so the next timed run starts from the same state. */
    private static void sync() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /** Times {@code cp -r corpus out}; out is removed first (not timed). */
    private static long cp(Path corpus, Path out) throws Exception {
        delete(out);
        sync();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("cp", "-r", corpus.toString(), out.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cp failed");
        }
        return System.nanoTime() - t0;
    }

    private static long parse(List<Path> inputs, int threads) throws Exception {
        long t0 = System.nanoTime();
        parallel(inputs, threads, p -> {
            try (DicomFile f = DicomReader.read(p, ReadOptions.DEFAULT)) {
                if (f.dataset().isEmpty()) {
                    throw new IllegalStateException("empty data set in " + p);
                }
            }
        });
        return System.nanoTime() - t0;
    }

    /** Times read → write of every file into out (removed and made again first, not timed). */
    private static long roundTrip(List<Path> inputs, Path out, int threads) throws Exception {
        delete(out);
        Files.createDirectories(out);
        sync();
        long t0 = System.nanoTime();
        parallel(inputs, threads, p -> {
            try (DicomFile f = DicomReader.read(p, ReadOptions.DEFAULT)) {
                DicomWriter.write(f, out.resolve(p.getFileName()), WriteOptions.DEFAULT);
            }
        });
        return System.nanoTime() - t0;
    }

    interface PerFile {
        void accept(Path p) throws Exception;
    }

    private static void parallel(List<Path> inputs, int threads, PerFile work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < inputs.size(); i = next.getAndIncrement()) {
                        work.accept(inputs.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    // ------------------------------------------------------------------ corpus

    /** The corpus's files, generated when missing (a run with more --files adds to it). */
    private static List<Path> corpus(Path dir, int files) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        ByteBuffer pixels = ByteBuffer.allocate(ROWS * COLUMNS * 2);
        for (int i = 0; i < files; i++) {
            Path p = dir.resolve(String.format("CT%06d.dcm", i));
            if (!Files.exists(p)) {
                write(p, ctSlice(i), pixels(pixels, i));
            }
            out.add(p);
        }
        return out;
    }

    private static ByteBuffer pixels(ByteBuffer buf, int slice) {
        buf.clear();
        long x = 0x9E3779B97F4A7C15L ^ slice;
        while (buf.hasRemaining()) { // 12-bit CT-like noise: every slice different
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            buf.putShort((short) ((x & 0x0FFF) - 1024));
        }
        return buf.flip();
    }

    private static void write(Path p, byte[] head, ByteBuffer pixels) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.wrap(head);
            while (h.hasRemaining()) {
                ch.write(h);
            }
            while (pixels.hasRemaining()) {
                ch.write(pixels);
            }
        }
    }

    /** Part 10 header of one CT slice, up to and including the pixel data element header. */
    static byte[] ctSlice(int i) {
        String study = "1.2.826.0.1.3680043.8.498.1001";
        String series = study + ".2";
        String sop = series + "." + (i + 1);
        SyntheticDicom d = SyntheticDicom.explicit()
                .text(0x00080005, "CS", "ISO_IR 100")
                .text(0x00080008, "CS", "ORIGINAL\\PRIMARY\\AXIAL")
                .text(0x00080012, "DA", "20240115").text(0x00080013, "TM", "101530.123456")
                .text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2").text(0x00080018, "UI", sop)
                .text(0x00080020, "DA", "20240115").text(0x00080021, "DA", "20240115")
                .text(0x00080022, "DA", "20240115").text(0x00080023, "DA", "20240115")
                .text(0x00080030, "TM", "101000").text(0x00080031, "TM", "101200")
                .text(0x00080032, "TM", "101210.5").text(0x00080033, "TM", "101530")
                .text(0x00080050, "SH", "ACC20240115001").text(0x00080060, "CS", "CT")
                .text(0x00080070, "LO", "Example Medical Systems").text(0x00080080, "LO", "General Hospital")
                .text(0x00080081, "ST", "1 Hospital Road, Springfield").text(0x00080090, "PN", "Referring^Doctor^^Dr")
                .text(0x00081010, "SH", "CT01").text(0x00081030, "LO", "CT CHEST WITH CONTRAST")
                .sequence(0x00081032, -1).item(-1)
                .text(0x00080100, "SH", "CTCHESTC").text(0x00080102, "SH", "LOCAL").text(0x00080104, "LO", "CT chest with contrast")
                .itemEnd().sequenceEnd()
                .text(0x0008103E, "LO", "AXIAL 1.0 B30f").text(0x00081040, "LO", "Radiology")
                .text(0x00081050, "PN", "Performing^Physician").text(0x00081070, "PN", "Operator^One")
                .text(0x00081090, "LO", "Example CT 128")
                .sequence(0x00081140, -1);
        for (int r = Math.max(0, i - 2); r < i; r++) { // Referenced Image Sequence: the previous slices
            d.item(-1).text(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2").text(0x00081155, "UI", series + "." + (r + 1)).itemEnd();
        }
        d.sequenceEnd()
                .text(0x00100010, "PN", "Doe^Jane^Q").text(0x00100020, "LO", "MRN0012345")
                .text(0x00100021, "LO", "HOSPITAL").text(0x00100030, "DA", "19700101")
                .text(0x00100040, "CS", "F").text(0x00101010, "AS", "054Y")
                .text(0x00101020, "DS", "1.65").text(0x00101030, "DS", "68")
                .text(0x00102160, "SH", "").text(0x001021B0, "LT", "No known allergies. Prior CT 2022.")
                .text(0x00180015, "CS", "CHEST").text(0x00180022, "CS", "HELICAL MODE")
                .text(0x00180050, "DS", "1.0").text(0x00180060, "DS", "120")
                .text(0x00180088, "DS", "1.0").text(0x00180090, "DS", "350")
                .text(0x00181000, "LO", "SN123456").text(0x00181020, "LO", "VA40A")
                .text(0x00181030, "LO", "Thorax_Routine").text(0x00181100, "DS", "350")
                .text(0x00181110, "DS", "1085.6").text(0x00181111, "DS", "595")
                .text(0x00181120, "DS", "0").text(0x00181130, "DS", "165")
                .text(0x00181140, "CS", "CW").text(0x00181150, "IS", "500")
                .text(0x00181151, "IS", "210").text(0x00181152, "IS", "105")
                .text(0x00181160, "SH", "FLAT").text(0x00181170, "IS", "24")
                .text(0x00181190, "DS", "1.2").text(0x00181210, "SH", "B30f")
                .text(0x00185100, "CS", "HFS")
                .text(0x0020000D, "UI", study).text(0x0020000E, "UI", series)
                .text(0x00200010, "SH", "1").text(0x00200011, "IS", "2")
                .text(0x00200012, "IS", "1").text(0x00200013, "IS", Integer.toString(i + 1))
                .text(0x00200032, "DS", "-175\\-175\\" + (-i))
                .text(0x00200037, "DS", "1\\0\\0\\0\\1\\0")
                .text(0x00200052, "UI", study + ".9").text(0x00201040, "LO", "")
                .text(0x00201041, "DS", Integer.toString(-i))
                .us(0x00280002, 1).text(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, ROWS).us(0x00280011, COLUMNS)
                .text(0x00280030, "DS", "0.683594\\0.683594")
                .us(0x00280100, 16).us(0x00280101, 12).us(0x00280102, 11).us(0x00280103, 1)
                .text(0x00281050, "DS", "40\\400").text(0x00281051, "DS", "400\\1500")
                .text(0x00281052, "DS", "-1024").text(0x00281053, "DS", "1")
                .text(0x00281054, "LO", "HU")
                .text(0x00321032, "PN", "Requesting^Physician").text(0x00321060, "LO", "CT CHEST")
                .text(0x00400244, "DA", "20240115").text(0x00400245, "TM", "101000")
                .text(0x00400253, "SH", "PPS0001").text(0x00400254, "LO", "CT chest")
                .sequence(0x00400275, -1).item(-1) // Request Attributes Sequence, a sequence nested in it
                .text(0x00401001, "SH", "RP0001")
                .sequence(0x00400008, -1).item(-1)
                .text(0x00080100, "SH", "CTCHESTC").text(0x00080102, "SH", "LOCAL").text(0x00080104, "LO", "CT chest with contrast")
                .itemEnd().sequenceEnd()
                .text(0x00400009, "SH", "SPS0001")
                .itemEnd().sequenceEnd()
                .header(0x7FE00010, "OW", (long) ROWS * COLUMNS * 2);
        return SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, d.bytes());
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
