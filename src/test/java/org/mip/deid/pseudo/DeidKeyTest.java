package org.mip.deid.pseudo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeidKeyTest {
    static final byte[] RAW = PseudonymizerTest.bytes(5);
    static final String B64 = Base64.getEncoder().encodeToString(RAW);
    static final String HEX = HexFormat.of().formatHex(RAW);

    @TempDir
    Path dir;

    @Test
    void base64AndHexGiveTheSameKey() {
        assertArrayEquals(RAW, DeidKey.parse(B64).bytes());
        assertArrayEquals(RAW, DeidKey.parse(HEX).bytes());
        assertArrayEquals(RAW, DeidKey.parse(HEX.toUpperCase()).bytes());
        assertArrayEquals(RAW, DeidKey.parse("  " + B64 + "\n").bytes());
        assertEquals(DeidKey.parse(B64), DeidKey.parse(HEX));
        assertEquals(DeidKey.parse(B64).hashCode(), DeidKey.parse(HEX).hashCode());
    }

    @Test
    void shortKeysAreRefusedWithAClearMessage() {
        byte[] shortKey = new byte[16];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeidKey.parse(Base64.getEncoder().encodeToString(shortKey)));
        assertTrue(e.getMessage().contains("at least 32 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("openssl rand"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeidKey.of(new byte[31]));
        IllegalArgumentException hex = assertThrows(IllegalArgumentException.class, () -> DeidKey.parse(HEX.substring(0, 32)));
        assertTrue(hex.getMessage().contains("at least 32 bytes"), hex.getMessage());
    }

    @Test
    void messagesAndToStringNeverShowTheKey() {
        DeidKey k = DeidKey.parse(B64);
        String shown = k.toString();
        assertFalse(shown.contains(B64) || shown.contains(HEX) || shown.contains(HEX.substring(0, 12)), shown);
        assertTrue(shown.contains(k.fingerprint()));
        assertEquals(12, k.fingerprint().length());
        String secret = "this is not a key but a secret: Rumpelstilzchen!";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeidKey.parse(secret));
        assertFalse(e.getMessage().contains("Rumpelstilzchen"), e.getMessage());
    }

    @Test
    void fromEnvironment() throws Exception {
        assertNull(DeidKey.fromEnvironment(Map.of()));
        assertEquals(DeidKey.parse(B64), DeidKey.fromEnvironment(Map.of(DeidKey.ENV_KEY, B64)));
        Path file = Files.writeString(dir.resolve("key"), HEX + "\n");
        assertEquals(DeidKey.parse(B64), DeidKey.fromEnvironment(Map.of(DeidKey.ENV_KEY_FILE, file.toString())));
        assertEquals(DeidKey.parse(B64), DeidKey.fromEnvironment(Map.of(DeidKey.ENV_KEY, B64, DeidKey.ENV_KEY_FILE, "/nonexistent")),
                "the inline key wins");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeidKey.fromEnvironment(Map.of(DeidKey.ENV_KEY_FILE, dir.resolve("missing").toString())));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void binaryKeyFile() throws Exception {
        byte[] binary = new byte[32];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (0x80 + i * 3); // not text
        }
        Path file = Files.write(dir.resolve("key.bin"), binary);
        assertArrayEquals(binary, DeidKey.fromFile(file).bytes());
    }

    /**
     * A key file holding text is read as the textual forms only: a short hex key, a passphrase or
     * any other text must be refused as it would be in MIP_DEID_KEY, not silently taken as raw bytes
     * (a low-entropy passphrase would make the pseudonyms guessable).
     */
    @Test
    void textKeyFilesAreReadLikeTheEnvironment() throws Exception {
        Path shortHex = Files.writeString(dir.resolve("short"), HEX.substring(0, 32) + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeidKey.fromFile(shortHex));
        assertTrue(e.getMessage().contains("at least 32 bytes"), e.getMessage());
        Path passphrase = Files.writeString(dir.resolve("pass"), "correct-horse-battery-staple-hospital-2024\n");
        assertThrows(IllegalArgumentException.class, () -> DeidKey.fromFile(passphrase));
    }

    /** openssl rand -base64 48 or more wraps its output at 64 columns: the same key, file or environment. */
    @Test
    void wrappedBase64IsOneKey() throws Exception {
        byte[] raw = new byte[64];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 7);
        }
        String oneLine = Base64.getEncoder().encodeToString(raw);
        String wrapped = oneLine.substring(0, 64) + "\n" + oneLine.substring(64) + "\n";
        assertArrayEquals(raw, DeidKey.parse(wrapped).bytes());
        Path file = Files.writeString(dir.resolve("wrapped"), wrapped);
        assertArrayEquals(raw, DeidKey.fromFile(file).bytes());
    }

    @Test
    void developmentKeyIsCreatedPrivateAndReused() throws Exception {
        Path file = dir.resolve("sub/dev.key");
        DeidKey first = DeidKey.developmentKey(file);
        DeidKey second = DeidKey.developmentKey(file);
        assertEquals(first, second);
        assertEquals(32, first.bytes().length);
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), perms);
        assertNotEquals(first, DeidKey.developmentKey(dir.resolve("other.key")), "a fresh key per file");
        assertTrue(Files.readString(file, StandardCharsets.US_ASCII).strip().length() >= 43);
    }
}
