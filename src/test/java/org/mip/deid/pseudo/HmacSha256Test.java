package org.mip.deid.pseudo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@link HmacSha256} gives the JCE's HmacSHA256 bytes: pseudonyms persisted by users must never change. */
class HmacSha256Test {
    @Test
    void sameAsTheJceForKeysOfEveryLengthAndAnyMessage() throws Exception {
        SplittableRandom r = new SplittableRandom(17);
        for (int keyLength = 1; keyLength <= 200; keyLength++) { // shorter than, equal to and longer than a block
            byte[] key = bytes(r, keyLength);
            Mac jce = Mac.getInstance("HmacSHA256");
            jce.init(new SecretKeySpec(key, "HmacSHA256"));
            HmacSha256 ours = new HmacSha256(key);
            for (int m = 0; m < 20; m++) {
                byte[] message = bytes(r, r.nextInt(300));
                int split = message.length == 0 ? 0 : r.nextInt(message.length);
                ours.start();
                ours.update(java.util.Arrays.copyOfRange(message, 0, split));
                if (split < message.length) {
                    ours.update(message[split]);
                    ours.update(java.util.Arrays.copyOfRange(message, split + 1, message.length));
                }
                assertArrayEquals(jce.doFinal(message), ours.doFinal(), "key length " + keyLength);
            }
        }
    }

    @Test
    void startForgetsAnUnfinishedMessage() throws Exception {
        byte[] key = new byte[32];
        Mac jce = Mac.getInstance("HmacSHA256");
        jce.init(new SecretKeySpec(key, "HmacSHA256"));
        HmacSha256 ours = new HmacSha256(key);
        ours.start();
        ours.update(new byte[] {1, 2, 3});
        ours.start();
        ours.update(new byte[] {4});
        assertArrayEquals(jce.doFinal(new byte[] {4}), ours.doFinal());
    }

    /** RFC 4231, test case 2 (a key shorter than the block). */
    @Test
    void rfc4231Case2() {
        HmacSha256 mac = new HmacSha256("Jefe".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        mac.start();
        mac.update("what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertArrayEquals(java.util.HexFormat.of().parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                mac.doFinal());
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }
}
