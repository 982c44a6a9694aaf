package org.mip.deid.pseudo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The secret key of keyed pseudonymisation. It comes from the environment ({@code MIP_DEID_KEY},
 * base64 or hex, at least 32 bytes) or a mounted file ({@code MIP_DEID_KEY_FILE}); local mode may
 * create a development key file. The key never appears in logs: {@link #toString()} and
 * {@link #fingerprint()} show a one-way fingerprint only, so operators can tell keys apart.
 */
public final class DeidKey {
    public static final String ENV_KEY = "MIP_DEID_KEY";
    public static final String ENV_KEY_FILE = "MIP_DEID_KEY_FILE";
    static final int MIN_BYTES = 32;

    private final byte[] key;

    private DeidKey(byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("the de-identification key must be at least " + MIN_BYTES
                    + " bytes (it has " + key.length + "); generate one with: openssl rand -base64 32");
        }
        this.key = key.clone();
    }

    /** Builds a key from raw bytes (tests, key files holding binary). */
    public static DeidKey of(byte[] key) {
        return new DeidKey(key);
    }

    /**
     * Parses the textual forms an operator writes: hex (an even number of hex digits) or base64;
     * whitespace around and inside is ignored (openssl wraps base64 at 64 columns). A key that
     * decodes to fewer than 32 bytes is refused with its length, never with its text.
     */
    public static DeidKey parse(String text) {
        String t = text.replaceAll("\\s+", "");
        byte[] raw;
        if (!t.isEmpty() && t.length() % 2 == 0 && t.matches("(?i)[0-9a-f]+")) {
            raw = HexFormat.of().parseHex(t);
        } else {
            try {
                raw = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the de-identification key is neither base64 nor hex");
            }
        }
        return new DeidKey(raw);
    }

    /**
     * The key from the environment: {@code MIP_DEID_KEY}, else the file named by {@code MIP_DEID_KEY_FILE};
     * null when neither is set. A file that cannot be read is an error, not a silent fallback.
     */
    public static DeidKey fromEnvironment(Map<String, String> env) {
        String inline = env.get(ENV_KEY);
        if (inline != null && !inline.isBlank()) {
            return parse(inline);
        }
        String file = env.get(ENV_KEY_FILE);
        if (file != null && !file.isBlank()) {
            return fromFile(Path.of(file));
        }
        return null;
    }

    /**
     * The key of a mounted file: text is read exactly as {@link #parse} reads the environment (so a
     * short or mistyped key, or a passphrase, is refused rather than used); only a file that is not
     * text at all is taken as the raw key bytes.
     */
    public static DeidKey fromFile(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the de-identification key file " + file + ": " + org.mip.config.FileProblems.describe(e));
        }
        if (isText(raw)) {
            return parse(new String(raw, StandardCharsets.US_ASCII));
        }
        return new DeidKey(raw);
    }

    /** Printable ASCII and whitespace only. */
    private static boolean isText(byte[] raw) {
        for (byte b : raw) {
            int c = b & 0xFF;
            if (!(c >= 0x20 && c < 0x7F) && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * The development key of local mode, created on first use (random, file mode 600) and reused,
     * so pseudonyms stay stable across restarts of a local installation.
     */
    public static DeidKey developmentKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = new byte[MIN_BYTES];
                new SecureRandom().nextBytes(fresh);
                try {
                    // created owner-only, so the key is never readable by others, not even for a moment
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(file);
                }
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardOpenOption.WRITE);
            }
            return fromFile(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the development key " + file + ": " + org.mip.config.FileProblems.describe(e));
        }
    }

    /** The raw key for the HMAC; package-private so only the pseudonymiser sees it. */
    byte[] bytes() {
        return key.clone();
    }

    /** First 12 hex digits of SHA-256("mip-key-fingerprint" + key): identifies a key without revealing it. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("mip-key-fingerprint".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(key)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DeidKey[fingerprint=" + fingerprint() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeidKey k && MessageDigest.isEqual(key, k.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fingerprint().getBytes(StandardCharsets.US_ASCII));
    }
}
