package org.mip.dicom.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.DicomException;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.testing.SyntheticDicom;

/**
 * A thread reuses one read buffer file after file (DicomInput): what one file reads never depends on
 * the files read before it on the same thread, whatever they were (larger than the buffer, deflated,
 * from a stream, truncated so the read failed half-way), and threads never share a buffer.
 */
class ReadBufferReuseTest {

    @TempDir
    Path dir;

    /** Files of different shapes: each a distinct patient, some with a header longer than the buffer. */
    private List<Path> corpus() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Dataset ds = SyntheticDicom.image();
            ds.setString(SyntheticDicom.tag("PatientID"), VR.LO, "PID-" + i);
            ds.setString(SyntheticDicom.tag("PatientName"), VR.PN, "Doe^Patient" + i);
            // 0, 100 KB and 200 KB of text: a header that crosses the 64 KB buffer once or more
            char[] text = new char[(i % 3) * 100_000];
            Arrays.fill(text, (char) ('a' + i));
            if (text.length > 0) {
                ds.setString(SyntheticDicom.tag("TextValue"), VR.UT, new String(text));
            }
            TransferSyntax ts = i == 4 ? TransferSyntax.of(SyntheticDicom.DEFLATED) : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            files.add(SyntheticDicom.write(SyntheticDicom.file(ds, ts), dir, "f" + i + ".dcm"));
        }
        return files;
    }

    /** What a reader sees of each file on a thread that has read nothing else. */
    private static List<List<String>> freshReads(List<Path> files) throws Exception {
        List<List<String>> views = new ArrayList<>();
        for (Path f : files) {
            ExecutorService one = Executors.newSingleThreadExecutor();
            try {
                views.add(one.submit(() -> view(f, false)).get());
            } finally {
                one.shutdownNow();
            }
        }
        return views;
    }

    private static List<String> view(Path f, boolean stream) throws DicomException, java.io.IOException {
        DicomFile file = stream ? DicomReader.read(new ByteArrayInputStream(Files.readAllBytes(f)), ReadOptions.DEFAULT)
                : DicomReader.read(f, ReadOptions.DEFAULT);
        try (file) {
            List<String> out = new ArrayList<>();
            for (Flat.Entry e : Flat.of(file)) {
                out.add(e.path() + " " + e.vr() + " " + (e.raw() == null ? e.items() : Flat.digest(e.raw())));
            }
            return out;
        }
    }

    @Test
    void eachFileReadsTheSameAfterAnyOtherOnTheSameThread() throws Exception {
        List<Path> files = corpus();
        List<List<String>> expected = freshReads(files);
        byte[] whole = Files.readAllBytes(files.get(2));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2); // fails inside the long comment
        // forwards, backwards, from streams, with a failed read between: one thread throughout
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < files.size(); k++) {
                int i = round == 1 ? files.size() - 1 - k : k;
                assertEquals(expected.get(i), view(files.get(i), round == 2), "file " + i + ", round " + round);
                assertThrows(DicomException.class, () -> DicomReader.read(new ByteArrayInputStream(truncated), ReadOptions.DEFAULT));
            }
        }
    }

    @Test
    void threadsReadingAtOnceEachSeeTheirOwnFile() throws Exception {
        List<Path> files = corpus();
        List<List<String>> expected = freshReads(files);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int start = t;
                jobs.add(pool.submit(() -> {
                    for (int n = 0; n < 60; n++) {
                        int i = (start + n) % files.size();
                        assertEquals(expected.get(i), view(files.get(i), n % 2 == 0), "file " + i);
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriteOfWhatWasReadIsTheSameBytesWhateverWasReadBefore() throws Exception {
        List<Path> files = corpus();
        byte[] first = rewrite(files.get(5));
        for (Path f : files) {
            rewrite(f);
        }
        assertArrayEquals(first, rewrite(files.get(5)));
    }

    private static byte[] rewrite(Path f) throws Exception {
        try (DicomFile file = DicomReader.read(f, ReadOptions.DEFAULT)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DicomWriter.write(file, out, WriteOptions.DEFAULT);
            return out.toByteArray();
        }
    }
}
