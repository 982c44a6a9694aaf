package org.mip.dicom;

import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Collections;

/**
 * A transfer syntax: how a data set is encoded after the file meta group. Known syntaxes come from
 * PS3.6 Annex A; an unknown UID is kept with the conservative reading (explicit VR little endian,
 * pixel data possibly encapsulated) and {@link #known()} false, so validation can refuse it.
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
                             boolean deflated, boolean encapsulated, boolean known) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            native_("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            native_("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            native_("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            native_("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", true, true, false);
    public static final TransferSyntax RLE_LOSSLESS =
            encapsulated("1.2.840.10008.1.2.5", "RLE Lossless");

    private static final Map<String, TransferSyntax> KNOWN;

    static {
        Map<String, TransferSyntax> m = new LinkedHashMap<>();
        for (TransferSyntax ts : new TransferSyntax[] {
                IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                EXPLICIT_VR_BIG_ENDIAN, RLE_LOSSLESS,
                native_("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false, false)
                        .withEncapsulated(),
                encapsulated("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
                encapsulated("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
                encapsulated("1.2.840.10008.1.2.4.52", "JPEG Extended (Process 3 & 5) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.54", "JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.56", "JPEG Full Progression, Non-Hierarchical (Process 11 & 13) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
                encapsulated("1.2.840.10008.1.2.4.58", "JPEG Lossless, Non-Hierarchical (Process 15) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.59", "JPEG Extended, Hierarchical (Process 16 & 18) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.60", "JPEG Extended, Hierarchical (Process 17 & 19) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.61", "JPEG Spectral Selection, Hierarchical (Process 20 & 22) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.62", "JPEG Spectral Selection, Hierarchical (Process 21 & 23) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.63", "JPEG Full Progression, Hierarchical (Process 24 & 26) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.64", "JPEG Full Progression, Hierarchical (Process 25 & 27) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.65", "JPEG Lossless, Hierarchical (Process 28) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.66", "JPEG Lossless, Hierarchical (Process 29) (retired)"),
                encapsulated("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [SV1])"),
                encapsulated("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
                encapsulated("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)"),
                encapsulated("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
                encapsulated("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
                encapsulated("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
                encapsulated("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
                encapsulated("1.2.840.10008.1.2.4.94", "JPIP Referenced"),
                encapsulated("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"),
                encapsulated("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
                encapsulated("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
                encapsulated("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
                encapsulated("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
                encapsulated("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video"),
                encapsulated("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video"),
                encapsulated("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2"),
                encapsulated("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
                encapsulated("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1"),
                encapsulated("1.2.840.10008.1.2.4.110", "JPEG XL Lossless"),
                encapsulated("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression"),
                encapsulated("1.2.840.10008.1.2.4.112", "JPEG XL"),
                encapsulated("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
                encapsulated("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)"),
                encapsulated("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
                encapsulated("1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced"),
                encapsulated("1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate"),
                encapsulated("1.2.840.10008.1.2.6.1", "RFC 2557 MIME encapsulation (retired)"),
                encapsulated("1.2.840.10008.1.2.6.2", "XML Encoding (retired)"),
        }) {
            m.put(ts.uid, ts);
        }
        KNOWN = Collections.unmodifiableMap(m);
    }

    private static TransferSyntax native_(String uid, String name, boolean explicit, boolean big, boolean deflated) {
        return new TransferSyntax(uid, name, explicit, big, deflated, false, true);
    }

    private static TransferSyntax encapsulated(String uid, String name) {
        return new TransferSyntax(uid, name, true, false, false, true, true);
    }

    private TransferSyntax withEncapsulated() {
        return new TransferSyntax(uid, name, explicitVr, bigEndian, deflated, true, known);
    }

    /** The syntax named by {@code uid}; an unknown UID gives an explicit-VR-LE reading marked unknown. */
    public static TransferSyntax of(String uid) {
        TransferSyntax ts = KNOWN.get(uid);
        if (ts != null) {
            return ts;
        }
        return new TransferSyntax(uid, "unknown transfer syntax", true, false, false, true, false);
    }

    public static boolean isKnown(String uid) {
        return KNOWN.containsKey(uid);
    }

    public static Iterable<TransferSyntax> all() {
        return KNOWN.values();
    }

    @Override
    public String toString() {
        // An unknown "UID" read from a file may be any text, or digits that are a phone number: only the
        // standard's own UIDs are shown (DefinedTerms.shownUid says the same for messages built elsewhere).
        return name + " (" + (known || uid == null || uid.matches("1\\.2\\.840\\.10008\\.[0-9.]{1,50}") ? uid
                : "a value of " + uid.length() + " characters") + ")";
    }
}
