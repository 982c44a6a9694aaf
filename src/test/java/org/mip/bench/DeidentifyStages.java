package org.mip.bench;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mip.deid.Deidentifier;
import org.mip.deid.Deidentifiers;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.dicom.Tag;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.ReadOptions;
import org.mip.dicom.io.WriteOptions;
import org.mip.validate.ValidationPolicy;
import org.mip.validate.Validator;

/**
 * Where the CPU of {@code deidentify} goes per file, stage by stage, in one thread: parse, validate,
 * de-identify, write of the header (pixel data left out: its copy is the kernel's), on the first pass
 * over the corpus (a fresh JVM, as a command-line run is) and on a warm pass; then what the engine's
 * pseudonymiser pays per UID against the JCE's HMAC alone with a reused {@code Mac}.
 *
 * <pre>
 * java -cp 'target/classes:target/test-classes:target/lib/*' org.mip.bench.DeidentifyStages DIR [FILES]
 * </pre>
 * DIR is a corpus written by {@link DeidentifyBenchmark} (its {@code in} folder).
 */
public final class DeidentifyStages {
    private DeidentifyStages() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().limit(limit).toList();
        }
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        DeidKey key = DeidKey.of(k);
        long s0 = System.nanoTime();
        Deidentifier deid = Deidentifiers.create(ProfileLoader.builtIn("basic"), key, "bench", null, org.mip.testing.Scanning.engine());
        Validator validator = new Validator(ValidationPolicy.PERMISSIVE);
        System.out.printf(Locale.ROOT, "set-up (dictionary, action table, profile): %.0f ms%n", (System.nanoTime() - s0) / 1e6);
        System.out.println("pass  files  parse us  validate us  de-identify us  write-header us  total us/file");
        for (int pass = 1; pass <= 5; pass++) {
            long read = 0;
            long validate = 0;
            long deidentify = 0;
            long write = 0;
            for (Path f : files) {
                long t0 = System.nanoTime();
                try (DicomFile file = DicomReader.read(f, ReadOptions.DEFAULT)) {
                    long t1 = System.nanoTime();
                    validator.validate(file);
                    long t2 = System.nanoTime();
                    deid.deidentify(file);
                    long t3 = System.nanoTime();
                    file.dataset().remove(Tag.PIXEL_DATA);
                    DicomWriter.write(file, OutputStream.nullOutputStream(), WriteOptions.DEFAULT.withKeepGroupLengths(false));
                    long t4 = System.nanoTime();
                    read += t1 - t0;
                    validate += t2 - t1;
                    deidentify += t3 - t2;
                    write += t4 - t3;
                }
            }
            int n = files.size();
            System.out.printf(Locale.ROOT, "%4d  %5d  %8.0f  %11.0f  %14.0f  %15.0f  %13.0f%n", pass, n, read / 1e3 / n,
                    validate / 1e3 / n, deidentify / 1e3 / n, write / 1e3 / n, (read + validate + deidentify + write) / 1e3 / n);
        }

        // The engine's UID pseudonym (per-thread HMAC-SHA256 and the 128-bit decimal) against the JCE's Mac
        // reused, HMAC only.
        Pseudonymizer p = new Pseudonymizer(key, "2.25");
        SecretKeySpec spec = new SecretKeySpec(k, "HmacSHA256");
        Mac reused = Mac.getInstance("HmacSHA256");
        reused.init(spec);
        int calls = 200_000;
        for (int round = 0; round < 3; round++) {
            long a0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                p.uid("1.2.826.0.1.3680043.8.498.1.1." + (i & 1023));
            }
            long a1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                reused.update("uid".getBytes(StandardCharsets.UTF_8));
                reused.update((byte) 0);
                reused.update(("1.2.826.0.1.3680043.8.498.1.1." + (i & 1023)).getBytes(StandardCharsets.UTF_8));
                reused.doFinal();
            }
            long a2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "HMAC round %d: Pseudonymizer.uid %.2f us/call (HMAC + decimal); "
                    + "reused Mac, HMAC only %.2f us/call%n", round + 1, (a1 - a0) / 1e3 / calls, (a2 - a1) / 1e3 / calls);
        }
    }
}
