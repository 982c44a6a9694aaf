package org.mip.deid.pseudo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.deid.profile.DateShiftRange;

class PseudonymizerTest {
    static final DeidKey KEY = DeidKey.of(bytes(0));
    static final DeidKey OTHER = DeidKey.of(bytes(1));

    static byte[] bytes(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    /** PS3.5 §9.1: digits and dots, components without leading zeros, at most 64 characters. */
    static void assertValidUid(String uid) {
        assertTrue(uid.length() <= 64, uid + " longer than 64");
        assertTrue(uid.matches("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*"), uid + " is not a valid UID");
    }

    @Test
    void uidsAreValid2_25Uids() {
        Pseudonymizer p = new Pseudonymizer(KEY, "2.25");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String uid = p.uid("1.2.840.999." + i);
            assertValidUid(uid);
            assertTrue(uid.startsWith("2.25."), uid);
            assertTrue(uid.length() <= 44, "2.25 + at most 39 digits: " + uid);
            seen.add(uid);
        }
        assertEquals(2000, seen.size(), "no collisions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.826.0.1.3680043.10.543", "2.16.840.1.113883.3.1234.5", "1.3.6.1.4.1.9590.100.1.2"})
    void organisationRootsGiveValidUids(String root) {
        Pseudonymizer p = new Pseudonymizer(KEY, root);
        for (int i = 0; i < 500; i++) {
            String uid = p.uid("1.2.3." + i);
            assertValidUid(uid);
            assertTrue(uid.startsWith(root + "."), uid);
            assertTrue(uid.length() - root.length() - 1 >= 30, "at least 30 digits of the HMAC: " + uid);
        }
    }

    /** A root that is no UID, or leaves too few digits for collision-free UIDs, is refused at once. */
    @ParameterizedTest
    @ValueSource(strings = {"", "2.25.", "1.02.3", "abc", "1..2", ".1.2", "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17"})
    void invalidRootsAreRefused(String root) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pseudonymizer(KEY, root));
        assertTrue(e.getMessage().contains("UID root"), e.getMessage());
    }

    @Test
    void deterministicAndKeySensitive() {
        Pseudonymizer a = new Pseudonymizer(KEY, "2.25");
        Pseudonymizer b = new Pseudonymizer(DeidKey.of(bytes(0)), "2.25");
        Pseudonymizer c = new Pseudonymizer(OTHER, "2.25");
        String uid = "1.2.840.113619.2.55.3.604688119.868.1234567890.123";
        assertEquals(a.uid(uid), b.uid(uid));
        assertEquals(a.uid(uid), a.uid(" " + uid + " "), "padding does not matter");
        assertNotEquals(a.uid(uid), c.uid(uid));
        assertEquals(a.pattern("PAT-{hash:12}", "patient-id", "A", "123"), b.pattern("PAT-{hash:12}", "patient-id", "A", "123"));
        assertNotEquals(a.pattern("PAT-{hash:12}", "patient-id", "A", "123"), c.pattern("PAT-{hash:12}", "patient-id", "A", "123"));
        assertArrayEquals(a.hmac("x", "y"), b.hmac("x", "y"));
        assertEquals(a.dayShift("p", DateShiftRange.DEFAULT), b.dayShift("p", DateShiftRange.DEFAULT));
    }

    @Test
    void domainsAreSeparate() {
        Pseudonymizer p = new Pseudonymizer(KEY, "2.25");
        String v = "12345";
        Set<String> outs = new HashSet<>();
        for (String domain : new String[] {"patient-id", "patient-name", "accession", "study-id", "value", "uid"}) {
            outs.add(p.pattern("{hash:20}", domain, v));
        }
        assertEquals(6, outs.size(), "one value, six domains, six pseudonyms");
        assertFalse(java.util.Arrays.equals(p.hmac("patient-id", "A", "B"), p.hmac("patient-id", "AB")),
                "parts are separated");
        assertFalse(java.util.Arrays.equals(p.hmac("patient-id", "A", "B"), p.hmac("patient-id", "B", "A")));
    }

    @Test
    void patternsKeepTheirTextAndUseBase32() {
        Pseudonymizer p = new Pseudonymizer(KEY, "2.25");
        assertTrue(p.pattern("PAT-{hash:12}", "d", "x").matches("PAT-[A-Z2-7]{12}"));
        assertTrue(p.pattern("{hash:4}^{hash:6}", "d", "x").matches("[A-Z2-7]{4}\\^[A-Z2-7]{6}"));
        assertEquals("CONSTANT $1 \\", p.pattern("CONSTANT $1 \\", "d", "x"), "no hash: the text as it is");
        assertEquals(51, p.pattern("{hash:99}", "d", "x").length(), "at most the 256 bits of the HMAC");
    }

    @Test
    void dayShiftIsInRangeAndNeverZeroWhenItCanBe() {
        Pseudonymizer p = new Pseudonymizer(KEY, "2.25");
        DateShiftRange around = new DateShiftRange(-3, 3);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            int d = p.dayShift("patient " + i, DateShiftRange.DEFAULT);
            assertTrue(d >= -3650 && d <= -365, "" + d);
            int s = p.dayShift("patient " + i, around);
            assertTrue(s >= -3 && s <= 3 && s != 0, "" + s);
            seen.add(s);
        }
        assertEquals(6, seen.size(), "every non-zero offset of the range is used");
        assertEquals(0, p.dayShift("x", new DateShiftRange(0, 0)));
        assertEquals(7, p.dayShift("x", new DateShiftRange(7, 7)));
        for (int i = 0; i < 50; i++) {
            assertEquals(-1, p.dayShift("p" + i, new DateShiftRange(-1, 0)), "0 is never drawn when the range has another value");
            assertEquals(1, p.dayShift("p" + i, new DateShiftRange(0, 1)));
        }
    }

    /**
     * Values made by the code before the per-thread Mac and the BigInteger-free decimal (users persist
     * pseudonyms: they must never change), and the same against a from-scratch HMAC for many inputs.
     */
    @Test
    void pseudonymsAreThoseOfEarlierVersions() throws Exception {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) i;
        }
        Pseudonymizer p = new Pseudonymizer(DeidKey.of(k), "2.25");
        Pseudonymizer org = new Pseudonymizer(DeidKey.of(k), "1.2.826.0.1.3680043.10.543");
        String uid = "1.2.840.113619.2.55.3.604688119.868.1234567890.123";
        assertEquals("2.25.13187023848653354252797015737407696606", p.uid(uid));
        assertEquals("1.2.826.0.1.3680043.10.543.1318702384865335425279701573740769660", org.uid(uid));
        assertEquals("2.25.323208961630152073077901537594917788276", p.uid("1.2.3"));
        assertEquals("2.25.168035993439882907945983430191585667738", p.uid("1.2.840.10008.5.1.4.1.1.2"));
        assertEquals("PAT-FBHQCYRKQYWG", p.pattern("PAT-{hash:12}", "patient-id", "A", "123"));
        assertEquals(163, p.dayShift("P1", new DateShiftRange(-365, 365)));
        assertEquals(-29, p.dayShift("P2", new DateShiftRange(-30, -1)));

        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(k, "HmacSHA256"));
        for (int i = 0; i < 5000; i++) {
            String original = "1.2.840.99." + i * 7919L;
            byte[] h = mac.doFinal(("uid\0" + original).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String expected = "2.25." + new java.math.BigInteger(1, java.util.Arrays.copyOf(h, 16));
            assertEquals(expected, p.uid(original));
            DateShiftRange range = new DateShiftRange(-3650, -365);
            byte[] d = mac.doFinal(("date-shift\0" + original).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long v = new java.math.BigInteger(1, java.util.Arrays.copyOf(d, 8)).mod(java.math.BigInteger.valueOf(3286)).longValue();
            assertEquals((int) (-3650 + v), p.dayShift(original, range));
        }
    }

    /** Threads sharing one Pseudonymizer each get their own Mac: same results as one thread. */
    @Test
    void concurrentCallsAgree() throws Exception {
        Pseudonymizer p = new Pseudonymizer(KEY, "2.25");
        String[] expected = new String[2000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = p.uid("1.2.3." + i);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> all = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < expected.length; i++) {
                        if (!expected[i].equals(p.uid("1.2.3." + i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : all) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
