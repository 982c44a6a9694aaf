package org.mip.batch;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mip.deid.DeidRefusal;
import org.mip.deid.DeidResult;
import org.mip.deid.Deidentifier;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.ReadOptions;
import org.mip.dicom.io.WriteOptions;
import org.mip.validate.Finding;
import org.mip.validate.ValidationResult;
import org.mip.validate.Validator;

/**
 * One input file through the pipeline's steps: parse, validate, de-identify, write. The result
 * goes to {@code <out>/<patient pseudonym>/<study UID>/<series UID>/<SOP UID>.dcm}; a refused input to
 * the {@link Quarantine}. Same reason codes as the pipeline's quarantine: the codec's reason
 * (parse), the validator's first finding (validate), the de-identifier's refusal code.
 *
 * <p>Outputs are written to a temporary file and then linked to their final name, which fails if
 * the name exists: a name is never half written, and two inputs of one run that claim the same
 * instance are told apart. Identical output is a {@link Outcome.Kind#DUPLICATE}; different output is
 * refused as {@value #DUPLICATE_SOP_INSTANCE}, the first one kept. An output left by an earlier run
 * (older than this run) is replaced, so a re-run after changing the profile updates it.
 *
 * <p>Thread-safe: one instance serves every worker.
 */
public final class FileProcessor {
    public static final String DUPLICATE_SOP_INSTANCE = "DUPLICATE_SOP_INSTANCE";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    public static final String IO_ERROR = "IO_ERROR";
    private static final WriteOptions WRITE = WriteOptions.DEFAULT.withKeepGroupLengths(false);

    private final Deidentifier deidentifier;
    private final Validator validator;
    private final ReadOptions readOptions;
    private final Path outDir;
    private final Path workDir;
    private final Quarantine quarantine;
    private final FileTime runStart;
    private final AtomicLong counter = new AtomicLong();
    private final Set<Path> knownDirs = ConcurrentHashMap.newKeySet();
    private final Object[] locks = new Object[64];
    private volatile boolean linksWork = true;

    /**
     * @param outDir  the output directory (absolute, normalised)
     * @param workDir the run's temporary directory, on the file system of {@code outDir}
     */
    public FileProcessor(Deidentifier deidentifier, Validator validator, Path outDir, Path workDir, Quarantine quarantine) {
        this.deidentifier = deidentifier;
        this.validator = validator;
        this.readOptions = ReadOptions.DEFAULT.withSpoolDir(workDir);
        this.outDir = outDir;
        this.workDir = workDir;
        this.quarantine = quarantine;
        this.runStart = FileTime.fromMillis(System.currentTimeMillis() - 1);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Why an input is refused: it goes to quarantine. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String stage;
        final String code;
        final transient List<String> findings;
        final transient java.util.Map<String, Object> details;

        Refused(String stage, String code, String message, List<String> findings) {
            this(stage, code, message, findings, (Throwable) null);
        }

        Refused(String stage, String code, String message, List<String> findings, java.util.Map<String, Object> details) {
            super(message, null, false, false);
            this.stage = stage;
            this.code = code;
            this.findings = findings;
            this.details = details;
        }

        Refused(String stage, String code, String message, List<String> findings, Throwable cause) {
            super(message, cause, false, false);
            this.stage = stage;
            this.code = code;
            this.findings = findings;
            this.details = java.util.Map.of();
        }
    }

    /** The machine failed (reading the input, writing the output): the input stays where it is. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        final String stage;

        Failed(String stage, String message) {
            super(message, null, false, false);
            this.stage = stage;
        }
    }

    /** Processes one input; never throws for a problem of the input or of the disk: that is the outcome. */
    public Outcome process(InputTree.Entry input) {
        try {
            return deidentify(input);
        } catch (Refused r) {
            String message = scrub(r.getMessage(), input);
            try {
                String where = quarantine.put(input, r.stage, r.code, message, r.findings, r.details);
                return new Outcome(Outcome.Kind.QUARANTINED, r.stage, r.code, message, where, input.size(), r.getCause());
            } catch (IOException e) {
                return new Outcome(Outcome.Kind.FAILED, r.stage, IO_ERROR, "refused (" + r.code
                        + ") but could not be copied to quarantine: " + InputTree.describe(e), null, input.size(), e);
            }
        } catch (Failed f) {
            return new Outcome(Outcome.Kind.FAILED, f.stage, IO_ERROR, scrub(f.getMessage(), input), null, input.size(), null);
        }
    }

    private Outcome deidentify(InputTree.Entry input) throws Refused, Failed {
        String stage = "parse";
        Path tmp = null;
        try (DicomFile file = read(input)) {
            stage = "validate";
            ValidationResult validation = validator.validate(file);
            if (!validation.valid()) {
                List<Finding> all = validation.findings();
                String more = all.size() == 1 ? "" : " (and " + (all.size() - 1) + " more finding"
                        + (all.size() == 2 ? "" : "s") + ")";
                throw new Refused(stage, all.get(0).code().name(), all.get(0).message() + more,
                        all.stream().map(Finding::toString).toList());
            }
            stage = "deidentify";
            DeidResult result;
            try {
                result = deidentifier.deidentify(file);
            } catch (DeidRefusal e) {
                throw new Refused(stage, e.code(), e.getMessage(), List.of(), e.details());
            }
            stage = "write";
            String key = result.objectKey();
            Path target = outDir.resolve(key).normalize();
            if (!target.startsWith(outDir) || target.getNameCount() != outDir.getNameCount() + 4) {
                throw new Refused(stage, INTERNAL_ERROR, "the object key has an unexpected shape", List.of());
            }
            tmp = workDir.resolve("o" + counter.incrementAndGet() + ".dcm");
            try {
                DicomWriter.write(file, tmp, WRITE);
            } catch (DicomException e) {
                if (e.reason() == DicomException.Reason.IO_ERROR) {
                    throw new Failed(stage, e.getMessage());
                }
                throw new Refused(stage, e.reason().name(), e.getMessage(), List.of());
            }
            return publish(tmp, target, key, input);
        } catch (IOException e) {
            throw new Failed(stage, InputTree.describe(e));
        } catch (RuntimeException | StackOverflowError e) {
            // A bug, or input we do not understand: never lose it, never guess.
            throw new Refused(stage, INTERNAL_ERROR, e.getClass().getSimpleName() + " while processing (--debug prints "
                    + "where)", List.of(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the work directory is removed at the end of the run
                }
            }
        }
    }

    private DicomFile read(InputTree.Entry input) throws Refused, Failed {
        try {
            return DicomReader.read(input.path(), readOptions);
        } catch (DicomException e) {
            if (e.reason() == DicomException.Reason.IO_ERROR) {
                throw new Failed("parse", e.getMessage());
            }
            throw new Refused("parse", e.reason().name(), e.getMessage(), List.of());
        }
    }

    /** Gives the finished temporary file its final name (see the class comment). */
    private Outcome publish(Path tmp, Path target, String key, InputTree.Entry input) throws IOException, Refused {
        Path parent = target.getParent();
        if (!knownDirs.contains(parent)) {
            Files.createDirectories(parent);
            if (knownDirs.size() > 10_000) {
                knownDirs.clear(); // a cache, not a record: stay small on huge trees
            }
            knownDirs.add(parent);
        }
        // Two inputs that claim one name decide, one after the other, which keeps it.
        synchronized (locks[(key.hashCode() & 0x7FFFFFFF) % locks.length]) {
            if (linksWork) {
                try {
                    Files.createLink(target, tmp);
                    return Outcome.written(key, input.size());
                } catch (FileAlreadyExistsException exists) {
                    return existing(tmp, target, key, input);
                } catch (UnsupportedOperationException | FileSystemException noLinks) {
                    linksWork = false; // e.g. a file system without hard links: rename instead
                }
            }
            if (Files.exists(target)) {
                return existing(tmp, target, key, input);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return Outcome.written(key, input.size());
        }
    }

    /**
     * The output's name is taken, by this run (a duplicate, or a conflict) or by an earlier one
     * (replaced when different; claimed for this run either way, by its modification time).
     */
    private Outcome existing(Path tmp, Path target, String key, InputTree.Entry input) throws IOException, Refused {
        boolean thisRun = Files.getLastModifiedTime(target).compareTo(runStart) >= 0;
        boolean same = Files.mismatch(tmp, target) == -1;
        if (!thisRun) {
            if (same) {
                Files.setLastModifiedTime(target, FileTime.fromMillis(System.currentTimeMillis()));
            } else {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return Outcome.written(key, input.size());
        }
        if (same) {
            return Outcome.duplicate(key, input.size());
        }
        throw new Refused("write", DUPLICATE_SOP_INSTANCE, "another input of this run is the same instance (same patient, "
                + "study, series and SOP Instance UID) with different content; the first one processed was kept",
                List.of());
    }

    /** Removes the input's path from a message (the JDK puts paths in its I/O messages). */
    static String scrub(String message, InputTree.Entry input) {
        if (message == null) {
            return "";
        }
        String m = message;
        String abs = input.path().toAbsolutePath().toString();
        m = m.replace(abs, "<input>").replace(input.path().toString(), "<input>");
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
