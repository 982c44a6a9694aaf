package org.mip.deid.pseudo;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mip.deid.profile.DateShiftRange;
import org.mip.dicom.value.Uids;

/**
 * Keyed, stateless pseudonyms: every replacement is HMAC-SHA256 of the original under the secret
 * key, with a domain label so a UID and an ID with the same text never share a pseudonym. Same
 * input and key give the same output in every replica, on every day, with no mapping database;
 * without the key the originals cannot be recovered or confirmed by guessing (PS3.15 warns against
 * unkeyed hashes, which a dictionary attack on MRNs or UIDs reverses).
 */
public final class Pseudonymizer {
    private static final Pattern HASH = Pattern.compile("\\{hash:(\\d+)}");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final SecretKeySpec key;
    private final String uidRoot;
    // One Mac per thread, initialised once: Mac.getInstance + init on every call cost 3 to 6 us
    // (a provider service lookup each time) against under 1 us for the hash itself.
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** Fewest HMAC digits a generated UID keeps (about 100 bits: no collisions in any realistic archive). */
    static final int MIN_UID_DIGITS = 30;

    /**
     * @param uidRoot "2.25" (UUID-derived integer, PS3.5 B.2) or an organisation root of digits and
     *                dots, at most 33 characters so that 30 digits of the HMAC follow it
     * @throws IllegalArgumentException when the root is not a UID or leaves too few digits: two
     *                instances sharing a UID would merge, one patient's images filed under another's
     */
    public Pseudonymizer(DeidKey key, String uidRoot) {
        if (uidRoot == null || !Uids.isValid(uidRoot)) {
            throw new IllegalArgumentException("UID root \"" + uidRoot + "\" is not a UID (digits and dots,"
                    + " no empty component, no leading zero)");
        }
        if (uidRoot.length() + 1 + MIN_UID_DIGITS > 64) {
            throw new IllegalArgumentException("UID root \"" + uidRoot + "\" is too long: at most "
                    + (64 - 1 - MIN_UID_DIGITS) + " characters, so that " + MIN_UID_DIGITS + " digits follow it");
        }
        this.key = new SecretKeySpec(key.bytes(), "HmacSHA256");
        this.uidRoot = uidRoot;
    }

    /** HMAC-SHA256 over "domain\0part\0part...". */
    public byte[] hmac(String domain, String... parts) {
        Mac mac = macs.get();
        mac.reset(); // a no-op after doFinal; clears what an earlier call left if it failed half-way
        mac.update(domain.getBytes(StandardCharsets.UTF_8));
        for (String part : parts) {
            mac.update((byte) 0);
            mac.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
        }
        return mac.doFinal();
    }

    /**
     * A new HMAC-SHA256 {@link Mac}, from the JDK's own provider when it is installed: naming it skips
     * the search over all installed providers. Public so a command can load its classes ahead of use.
     */
    public static Mac hmacSha256() throws NoSuchAlgorithmException {
        try {
            return Mac.getInstance("HmacSHA256", "SunJCE");
        } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
            return Mac.getInstance("HmacSHA256");
        }
    }

    private Mac newMac() {
        try {
            Mac mac = hmacSha256();
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * The replacement of a UID: "2.25." and the decimal of 128 bits of the HMAC (at most 39 digits,
     * so at most 44 characters), or the organisation root and as many digits as fit in 64 characters.
     */
    public String uid(String original) {
        byte[] h = hmac("uid", original.strip());
        String digits = UnsignedDecimal.ofFirst16(h);
        String uid = uidRoot + "." + digits;
        // An organisation root leaves fewer digits: keep the leading ones (never a leading zero).
        return uid.length() > 64 ? uid.substring(0, 64) : uid;
    }

    /** Fills a pattern such as "PAT-{hash:12}" with base32 characters of the HMAC of the given parts. */
    public String pattern(String pattern, String domain, String... parts) {
        byte[] h = hmac(domain, parts);
        String alphabet = base32(h);
        Matcher m = HASH.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            m.appendReplacement(out, alphabet.substring(0, Math.min(n, alphabet.length())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The keyed whole-day offset for a patient, uniform in the range, never 0 when the range allows. */
    public int dayShift(String patientKey, DateShiftRange range) {
        byte[] h = hmac("date-shift", patientKey);
        long span = (long) range.maxDays() - range.minDays() + 1;
        long v = Long.remainderUnsigned(UnsignedDecimal.longAt(h, 0), span); // the first 8 bytes, unsigned
        int days = (int) (range.minDays() + v);
        if (days == 0 && span > 1) {
            days = range.maxDays() != 0 ? range.maxDays() : range.minDays();
        }
        return days;
    }

    private static String base32(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 8 / 5 + 1);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return sb.toString();
    }
}
