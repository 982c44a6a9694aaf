package org.mip.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The quarantine of a batch: {@code <out>/quarantine/<name>} holds a byte-for-byte copy of a refused
 * input and {@code <name>.reason.json} says why. The name is the SHA-256 (hex) of the input's path
 * relative to {@code --in}, never the original name, which may carry PHI (a patient's name as a
 * folder). The reason file records that relative path only when asked to ({@code --keep-names}).
 * Both files are written under temporary names and renamed, so an interrupted run never leaves a
 * half copy under a final name; a re-run replaces the copy of the same input.
 */
public final class Quarantine {
    public static final String DIRECTORY = "quarantine";
    public static final String REASON_SUFFIX = ".reason.json";

    private final Path dir;
    private final Path workDir;
    private final boolean keepNames;
    private final String profile;
    private final String version;
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param outDir    the batch's output directory; the quarantine is its {@value #DIRECTORY} folder
     * @param workDir   the batch's temporary directory (same file system as {@code outDir})
     * @param keepNames whether the reason file records the input's relative path
     */
    public Quarantine(Path outDir, Path workDir, boolean keepNames, String profile, String version) {
        this.dir = outDir.resolve(DIRECTORY);
        this.workDir = workDir;
        this.keepNames = keepNames;
        this.profile = profile;
        this.version = version;
    }

    /** The quarantine name of an input: SHA-256 (lower-case hex) of its "/"-separated relative path in UTF-8. */
    public static String nameOf(String relative) {
        return HexFormat.of().formatHex(sha256().digest(relative.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Copies the input to quarantine with its reason.
     *
     * @param findings every finding of the validator (empty for other stages)
     * @return the copy's path relative to the output directory ({@code quarantine/<name>})
     */
    public String put(InputTree.Entry input, String stage, String code, String message, List<String> findings)
            throws IOException {
        return put(input, stage, code, message, findings, java.util.Map.of());
    }

    /** @param details counts and codes behind the reason (e.g. frames scanned for burned-in text), written as they are */
    public String put(InputTree.Entry input, String stage, String code, String message, List<String> findings,
                      java.util.Map<String, Object> details) throws IOException {
        Files.createDirectories(dir);
        String name = nameOf(input.relative());
        long n = counter.incrementAndGet();
        Path copyTmp = workDir.resolve("q" + n + ".dcm");
        Path reasonTmp = workDir.resolve("q" + n + REASON_SUFFIX);
        try {
            MessageDigest sha = sha256();
            long size;
            try (InputStream in = new DigestInputStream(Files.newInputStream(input.path()), sha)) {
                size = Files.copy(in, copyTmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Json reason = new Json();
            reason.field("reasonCode", code);
            reason.field("stage", stage);
            reason.field("message", message);
            if (!findings.isEmpty()) {
                reason.field("findings", findings);
            }
            if (!details.isEmpty()) {
                reason.field("details", new java.util.TreeMap<>(details));
            }
            reason.field("sourcePathSha256", name);
            if (keepNames) {
                reason.field("sourcePath", input.relative());
            }
            reason.field("sizeBytes", size);
            reason.field("sha256", HexFormat.of().formatHex(sha.digest()));
            reason.field("profile", profile);
            reason.field("version", version);
            reason.field("quarantinedAt", Instant.now().toString());
            byte[] json = reason.toBytes();
            try (OutputStream out = Files.newOutputStream(reasonTmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(json);
            }
            // The copy first: a reason file never points at a copy that is not there.
            Files.move(copyTmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(reasonTmp, dir.resolve(name + REASON_SUFFIX), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return DIRECTORY + "/" + name;
        } finally {
            Files.deleteIfExists(copyTmp);
            Files.deleteIfExists(reasonTmp);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The reason file's JSON, written by hand: a flat object of strings, numbers and string arrays
     * does not need a JSON library, and loading one (Jackson) costs a run more start-up time than
     * all its reason files together.
     */
    static final class Json {
        private final StringBuilder sb = new StringBuilder("{\n");
        private boolean first = true;

        void field(String name, String value) {
            key(name);
            string(value);
        }

        void field(String name, long value) {
            key(name);
            sb.append(value);
        }

        void field(String name, List<String> values) {
            key(name);
            sb.append('[');
            for (int i = 0; i < values.size(); i++) {
                sb.append(i == 0 ? "\n    " : ",\n    ");
                string(values.get(i));
            }
            sb.append(values.isEmpty() ? "]" : "\n  ]");
        }

        /** A nested object of numbers, booleans, strings and objects (the refusal's counts). */
        void field(String name, java.util.Map<String, ?> values) {
            key(name);
            object(values);
        }

        private void object(java.util.Map<String, ?> values) {
            sb.append('{');
            boolean firstEntry = true;
            for (java.util.Map.Entry<String, ?> e : new java.util.TreeMap<>(values).entrySet()) {
                sb.append(firstEntry ? "" : ", ");
                firstEntry = false;
                string(e.getKey());
                sb.append(": ");
                Object v = e.getValue();
                if (v instanceof Number || v instanceof Boolean) {
                    sb.append(v);
                } else if (v instanceof java.util.Map<?, ?> m) {
                    java.util.Map<String, Object> nested = new java.util.TreeMap<>();
                    m.forEach((k, x) -> nested.put(String.valueOf(k), x));
                    object(nested);
                } else {
                    string(v == null ? null : v.toString());
                }
            }
            sb.append('}');
        }

        byte[] toBytes() {
            return (sb + "\n}\n").getBytes(StandardCharsets.UTF_8);
        }

        private void key(String name) {
            sb.append(first ? "  " : ",\n  ");
            first = false;
            string(name);
            sb.append(": ");
        }

        private void string(String s) {
            if (s == null) {
                sb.append("null");
                return;
            }
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
