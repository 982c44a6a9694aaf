package org.mip.deid.pseudo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) over the JDK's SHA-256 {@link MessageDigest}; one instance per thread, never
 * shared. Same bytes as {@code javax.crypto.Mac "HmacSHA256"} (tests compare them), without it because
 * the JCE's first use makes the JDK resolve an http: URL handler, a service lookup that opens every
 * jar of the class path (212 for this application): about 0.2 s of CPU in every {@code deidentify}.
 */
final class HmacSha256 {
    private static final int BLOCK = 64;

    private final MessageDigest inner;
    private final MessageDigest outer;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];

    HmacSha256(byte[] key) {
        inner = sha256();
        outer = sha256();
        byte[] k = key.length > BLOCK ? sha256().digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        if (k != key) {
            Arrays.fill(k, (byte) 0);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e); // every JDK has it
        }
    }

    /** Begins a message (forgetting any unfinished one). */
    void start() {
        inner.reset();
        inner.update(innerPad);
    }

    void update(byte b) {
        inner.update(b);
    }

    void update(byte[] bytes) {
        inner.update(bytes);
    }

    /** The MAC of what was fed since {@link #start()}. */
    byte[] doFinal() {
        byte[] innerHash = inner.digest();
        outer.update(outerPad);
        return outer.digest(innerHash);
    }
}
