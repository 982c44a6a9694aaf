package org.mip.deid.pixel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;

/**
 * Removes from compressed frames what they may carry besides pixels: text a device (or anyone)
 * wrote into the stream, which no header rule and no pixel scan sees.
 * <ul>
 * <li>JPEG and JPEG-LS: COM and APP1..APP15 segments, anywhere before EOI (between scans too), and
 *     bytes after EOI other than zero padding. Kept: APP0 JFIF (its thumbnail cut off), APP14 Adobe
 *     (its colour transform changes decoding; cut to its 12 bytes) and, in JPEG-LS, APP8 "mrfx"
 *     (HP colour transform, 1 byte). APP2 ICC_PROFILE goes too: its description and copyright tags
 *     are free text, decoded values do not depend on it, and DICOM's place for the profile is ICC
 *     Profile (0028,2000) in the header.</li>
 * <li>JPEG 2000 and HTJ2K code-streams: COM (FF64) in the main and tile-part headers, Psot made
 *     smaller by what a tile-part header lost. A JP2 file (boxes, which may hold xml and uuid
 *     metadata) is refused.</li>
 * </ul>
 * A marker structure that cannot be walked (a length past the end, no SOS, no EOI) is refused
 * ({@code CODEC_CORRUPT_FRAME}) rather than copied on a guess. Nothing else changes: the entropy-coded
 * data and every table are copied as they are, so the decoded pixels are the same.
 */
final class CodestreamMetadata {
    enum Family { NONE, JPEG, JPEG_LS, J2K }

    private CodestreamMetadata() {
    }

    static Family familyOf(String transferSyntaxUid) {
        String prefix = "1.2.840.10008.1.2.4.";
        if (!transferSyntaxUid.startsWith(prefix)) {
            return Family.NONE;
        }
        String rest = transferSyntaxUid.substring(prefix.length());
        return switch (rest) {
            case "80", "81" -> Family.JPEG_LS;
            case "90", "91", "92", "93", "201", "202", "203" -> Family.J2K;
            default -> rest.length() == 2 && rest.compareTo("50") >= 0 && rest.compareTo("70") <= 0
                    && !rest.equals("67") && !rest.equals("68") && !rest.equals("69") ? Family.JPEG : Family.NONE;
        };
    }

    /**
     * Strips every frame of {@code file}'s encapsulated Pixel Data. When a frame changes, the frames
     * are written again one fragment each (offset table rebuilt); otherwise nothing is touched.
     *
     * @return the number of frames changed
     */
    static int strip(DicomFile file, Path spoolDir) throws RedactionException {
        Dataset ds = file.dataset();
        Family family = familyOf(file.transferSyntax().uid());
        if (family == Family.NONE || !(ds.get(Tag.PIXEL_DATA) instanceof FragmentsElement pixels)) {
            return 0;
        }
        List<List<BulkData>> frames;
        try {
            frames = EncapsulatedFrames.split(ds, pixels, ds.getInt(PixelFormat.NUMBER_OF_FRAMES, 1));
        } catch (DicomException e) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, e.detail() + " (needed to remove metadata from the frames)", e);
        }
        try {
            // One frame in memory at a time; a changed frame goes to the spool at once (a long cine).
            SpoolFile spool = null;
            List<BulkData> written = new ArrayList<>(frames.size());
            int changed = 0;
            for (int i = 0; i < frames.size(); i++) {
                List<BulkData> original = frames.get(i);
                byte[] frame = EncapsulatedFrames.read(original);
                byte[] out = strip(frame, family, i);
                if (out != frame) {
                    spool = spool != null ? spool : PixelRedactor.spool(file, spoolDir);
                    written.add(spool.append(out));
                    changed++;
                } else {
                    written.add(original.size() == 1 ? original.get(0) : null); // several fragments: joined below if needed
                }
            }
            if (changed == 0) {
                return 0;
            }
            for (int i = 0; i < written.size(); i++) {
                if (written.get(i) == null) {
                    written.set(i, spool.append(EncapsulatedFrames.read(frames.get(i))));
                }
            }
            EncapsulatedFrames.install(ds, pixels.tag(), pixels.vr(), written);
            return changed;
        } catch (IOException e) {
            throw new RedactionException(Reason.REDACTION_IO_ERROR, "removing metadata from the frames failed: " + e.getMessage(), e);
        }
    }

    /** {@code frame} without its metadata segments; the same array when it had none. */
    static byte[] strip(byte[] frame, Family family, int index) throws RedactionException {
        return switch (family) {
            case JPEG -> jpeg(frame, false, index);
            case JPEG_LS -> jpeg(frame, true, index);
            case J2K -> j2k(frame, index);
            case NONE -> frame;
        };
    }

    // ------------------------------------------------------------------ JPEG, JPEG-LS

    private static byte[] jpeg(byte[] d, boolean ls, int index) throws RedactionException {
        int n = d.length;
        if (n < 4 || u8(d, 0) != 0xFF || u8(d, 1) != 0xD8) {
            throw corrupt(index, 0, "does not start with a JPEG SOI marker (FFD8)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        out.write(d, 0, 2);
        boolean changed = false;
        boolean sos = false;
        int p = 2;
        while (true) {
            if (p >= n) {
                throw corrupt(index, p, "ends before its EOI marker (FFD9)");
            }
            if (u8(d, p) != 0xFF) {
                throw corrupt(index, p, "has no marker where one must start");
            }
            int q = p + 1;
            while (q < n && u8(d, q) == 0xFF) {
                q++; // fill bytes
            }
            if (q >= n) {
                throw corrupt(index, p, "ends before its EOI marker (FFD9)");
            }
            int m = u8(d, q);
            if (m == 0xD9) {
                if (!sos) {
                    throw corrupt(index, q - 1, "has no SOS marker before EOI");
                }
                out.write(d, p, q + 1 - p); // with any FF before it (JPEG-LS: dcmcjpls ends a scan FF FF D9)
                changed |= !padding(d, q + 1, n, out);
                break;
            }
            if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {
                out.write(d, p, q + 1 - p); // standalone: RSTn, TEM
                p = q + 1;
                continue;
            }
            if (!known(m, ls)) {
                throw corrupt(index, q - 1, "has marker " + hex(m) + ", which is not a JPEG" + (ls ? "-LS" : "") + " marker segment");
            }
            if (q + 3 > n) {
                throw corrupt(index, q - 1, "ends inside the length of marker " + hex(m));
            }
            int len = u16(d, q + 1);
            int end = q + 1 + len;
            if (len < 2 || end > n) {
                throw corrupt(index, q - 1, "has a marker " + hex(m) + " segment of " + len + " bytes that runs past the end of the frame");
            }
            int keep = keptPayload(m, d, q + 3, end, ls);
            if (keep < 0) {
                changed = true;
            } else {
                out.write(d, p, q + 1 - p);
                out.write((keep + 2) >> 8);
                out.write((keep + 2) & 0xFF);
                boolean jfif = m == 0xE0;
                out.write(d, q + 3, jfif ? keep - 2 : keep);
                if (jfif) { // JFIF: its thumbnail (pixels nobody blanked) goes, so its size says 0x0
                    out.write(0);
                    out.write(0);
                    changed |= d[q + 3 + 12] != 0 || d[q + 3 + 13] != 0;
                }
                changed |= keep != len - 2;
            }
            p = end;
            if (m == 0xDA) {
                sos = true;
                int r = entropyEnd(d, p, ls, index);
                out.write(d, p, r - p);
                p = r;
            }
        }
        return changed ? out.toByteArray() : d;
    }

    /** The offset of the marker that ends the entropy-coded data starting at {@code p}. */
    private static int entropyEnd(byte[] d, int p, boolean ls, int index) throws RedactionException {
        int n = d.length;
        for (int r = p; r + 1 < n; r++) {
            if (u8(d, r) != 0xFF) {
                continue;
            }
            int b = u8(d, r + 1);
            boolean data = ls ? b < 0x80 : b == 0x00 || (b >= 0xD0 && b <= 0xD7);
            if (!data) {
                return r;
            }
            r++;
        }
        throw corrupt(index, p, "has entropy-coded data that runs to the end of the frame without an EOI marker");
    }

    /**
     * How many payload bytes of a segment stay: all of them, fewer (the rest cut off), or -1 (the
     * segment goes).
     */
    private static int keptPayload(int m, byte[] d, int start, int end, boolean ls) {
        int length = end - start;
        if (m == 0xFE || (m >= 0xE1 && m <= 0xEF && m != 0xEE && !(ls && m == 0xE8))) {
            return -1;
        }
        if (m == 0xE0) {
            return startsWith(d, start, end, "JFIF\0") && length >= 14 ? 14 : -1;
        }
        if (m == 0xEE) {
            return startsWith(d, start, end, "Adobe") && length >= 12 ? 12 : -1;
        }
        if (m == 0xE8) {
            return startsWith(d, start, end, "mrfx") && length >= 5 ? 5 : -1;
        }
        return length;
    }

    /** The marker segments JPEG (ISO 10918-1) and JPEG-LS (ISO 14495-1) define. */
    private static boolean known(int m, boolean ls) {
        return (m >= 0xC0 && m <= 0xCF) || (m >= 0xDA && m <= 0xDF) || (m >= 0xE0 && m <= 0xEF) || m == 0xFE
                || (ls && (m == 0xF7 || m == 0xF8));
    }

    // ------------------------------------------------------------------ JPEG 2000

    private static final int SOC = 0xFF4F;
    private static final int SOT = 0xFF90;
    private static final int SOD = 0xFF93;
    private static final int EOC = 0xFFD9;
    private static final int COM = 0xFF64;
    private static final int TLM = 0xFF55;

    private static byte[] j2k(byte[] d, int index) throws RedactionException {
        int n = d.length;
        if (n >= 12 && u32(d, 0) == 12 && u32(d, 4) == 0x6A502020L) {
            throw new RedactionException(Reason.CODEC_UNSUPPORTED, "frame " + (index + 1) + " is a JP2 file (boxes) where "
                    + "PS3.5 A.4.4 asks for a JPEG 2000 code-stream; its boxes may carry metadata (xml, uuid) and it is not "
                    + "rewritten");
        }
        if (n < 4 || u16(d, 0) != SOC) {
            throw corrupt(index, 0, "does not start with a JPEG 2000 SOC marker (FF4F)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        out.write(d, 0, 2);
        boolean changed = false;
        boolean tlm = false;
        int p = 2;
        while (true) { // main header
            if (p + 4 > n) {
                throw corrupt(index, p, "ends inside its main header");
            }
            int m = u16(d, p);
            if (m == SOT) {
                break;
            }
            if ((m >> 8) != 0xFF || m == SOD || m == EOC) {
                throw corrupt(index, p, "has " + hex(m & 0xFF) + " in its main header where a marker segment must be");
            }
            int end = segmentEnd(d, p, n, index);
            if (m == COM) {
                changed = true;
            } else {
                out.write(d, p, end - p);
            }
            tlm |= m == TLM;
            p = end;
        }
        while (true) { // tile-parts
            if (p + 2 > n) {
                throw corrupt(index, p, "ends before its EOC marker (FFD9)");
            }
            int m = u16(d, p);
            if (m == EOC) {
                out.write(d, p, 2);
                changed |= !padding(d, p + 2, n, out);
                break;
            }
            if (m != SOT || p + 12 > n || u16(d, p + 2) != 10) {
                throw corrupt(index, p, "has no SOT marker segment where a tile-part must start");
            }
            long psot = u32(d, p + 6);
            int tileEnd = psot == 0 ? lastTilePartEnd(d, index) : (int) Math.min(p + psot, Integer.MAX_VALUE);
            if ((psot != 0 && psot < 14) || tileEnd > n || tileEnd < p + 14) {
                throw corrupt(index, p, "has a tile-part length (Psot " + psot + ") that does not fit the frame");
            }
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int removed = 0;
            int q = p + 12;
            while (true) {
                if (q + 2 > tileEnd) {
                    throw corrupt(index, q, "has a tile-part header with no SOD marker");
                }
                int mm = u16(d, q);
                if (mm == SOD) {
                    break;
                }
                int end = segmentEnd(d, q, tileEnd, index);
                if (mm == COM) {
                    removed += end - q;
                } else {
                    header.write(d, q, end - q);
                }
                q = end;
            }
            if (removed > 0 && tlm) {
                throw new RedactionException(Reason.CODEC_UNSUPPORTED, "frame " + (index + 1) + " has a COM marker segment in a "
                        + "tile-part header and a TLM marker segment, whose tile-part lengths it would make wrong (at byte " + q + ")");
            }
            changed |= removed > 0;
            out.write(d, p, 6);
            long newPsot = psot == 0 ? 0 : psot - removed;
            out.write((int) (newPsot >>> 24));
            out.write((int) (newPsot >>> 16) & 0xFF);
            out.write((int) (newPsot >>> 8) & 0xFF);
            out.write((int) newPsot & 0xFF);
            out.write(d, p + 10, 2);
            out.writeBytes(header.toByteArray());
            out.write(d, q, tileEnd - q);
            p = tileEnd;
        }
        return changed ? out.toByteArray() : d;
    }

    /** The last tile-part (Psot 0) runs to the EOC marker, which ends the frame but for zero padding. */
    private static int lastTilePartEnd(byte[] d, int index) throws RedactionException {
        int e = d.length;
        while (e > 0 && d[e - 1] == 0) {
            e--;
        }
        if (e < 2 || u16(d, e - 2) != EOC) {
            throw corrupt(index, e, "has a last tile-part (Psot 0) but does not end with an EOC marker (FFD9)");
        }
        return e - 2;
    }

    private static int segmentEnd(byte[] d, int p, int limit, int index) throws RedactionException {
        if (p + 4 > limit) {
            throw corrupt(index, p, "ends inside the length of marker " + hex(u8(d, p + 1)));
        }
        int len = u16(d, p + 2);
        if (len < 2 || p + 2 + len > limit) {
            throw corrupt(index, p, "has a marker " + hex(u8(d, p + 1)) + " segment of " + len
                    + " bytes that runs past its end");
        }
        return p + 2 + len;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Copies d[from, to) after the end marker when it is padding (one byte, as some writers pad with
     * FF, or zeros) and says so; else drops it: bytes no decoder reads may hold anything.
     */
    private static boolean padding(byte[] d, int from, int to, ByteArrayOutputStream out) {
        for (int i = from; i < to && to - from > 1; i++) {
            if (d[i] != 0) {
                return false;
            }
        }
        out.write(d, from, to - from);
        return true;
    }

    private static boolean startsWith(byte[] d, int start, int end, String ascii) {
        if (end - start < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (d[start + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static RedactionException corrupt(int index, int at, String what) {
        return new RedactionException(Reason.CODEC_CORRUPT_FRAME, "frame " + (index + 1) + " " + what
                + "; its metadata cannot be removed safely (at byte " + at + ")");
    }

    private static String hex(int marker) {
        return String.format("FF%02X", marker & 0xFF);
    }

    private static int u8(byte[] d, int i) {
        return d[i] & 0xFF;
    }

    private static int u16(byte[] d, int i) {
        return (u8(d, i) << 8) | u8(d, i + 1);
    }

    private static long u32(byte[] d, int i) {
        return ((long) u16(d, i) << 16) | u16(d, i + 2);
    }
}
