package org.mip.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.DeidForecast;
import org.mip.deid.DeidRefusal;
import org.mip.deid.Deidentifier;
import org.mip.deid.Deidentifiers;
import org.mip.deid.pixel.ScanEngine;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.ReadOptions;
import org.mip.dicom.io.WriteOptions;
import org.mip.validate.Finding;
import org.mip.validate.ValidationPolicy;
import org.mip.validate.Validator;

/**
 * No message of the reader, the validator or the de-identifier carries an element value, whatever the
 * input (docs/VALIDATION.md, "Messages and PHI"). A synthetic file whose every text value is a marker
 * ("PHIMARK01"...) is mutated a few thousand ways (truncated at every byte, every length field altered,
 * every VR replaced, values where tags should be, values no profile supports) and every message the
 * engine gives about each variant (parse errors, findings, refusals, forecasts, write errors) is searched
 * for any 4 consecutive characters of a marker: as text, as hex bytes ("50 48 49 4D"), read as a tag
 * ("(4850,4D49)") or as a length ("1296648272 bytes"), the ways a value leaked before.
 */
class NoValueInMessagesTest {

    /** One element of the synthetic file: its header starts at {@code at}, its length field at {@code lengthAt}. */
    private record Header(int at, int vrAt, int lengthAt, int lengthSize, int valueLength, boolean sequence) {
    }

    private static final List<String> MARKERS = new ArrayList<>();
    private static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    /** Digits can be PHI too: a UID made up by hand holding a phone number. */
    private static final String PHONE = "555123999";
    private static Validator validator;
    private static Deidentifier deidentifier;
    private static DeidForecast forecast;

    @TempDir
    static Path spool;

    @BeforeAll
    static void engine() {
        Profile basic = ProfileLoader.builtIn("basic");
        validator = new Validator(new ValidationPolicy(Set.of("CT"), Set.of(CT_IMAGE), 0));
        deidentifier = Deidentifiers.create(basic, DeidKey.of(new byte[32]), "test", spool, ScanEngine.withoutOcr());
        forecast = Deidentifiers.forecast(basic);
    }

    @Test
    void noMessageHoldsFourCharactersOfAValue() {
        Map<String, String> leaks = new LinkedHashMap<>();
        int variants = 0;
        for (boolean explicit : new boolean[] {true, false}) {
            for (boolean usualTerms : new boolean[] {false, true}) {
                Built base = build(explicit, usualTerms);
                for (Map.Entry<String, byte[]> v : mutations(base).entrySet()) {
                    variants++;
                    for (String message : messages(v.getValue())) {
                        String leak = leak(message);
                        if (leak != null) {
                            // one line per kind of message (its numbers aside), with the first variant that gave it
                            leaks.putIfAbsent(message.replaceAll("[0-9]+", "N"), (explicit ? "explicit" : "implicit")
                                    + (usualTerms ? ", CT/MONOCHROME2" : "") + ", " + v.getKey() + " [" + leak + "]: " + message);
                        }
                    }
                }
            }
        }
        assertTrue(variants > 2000, variants + " variants");
        StringBuilder shown = new StringBuilder();
        leaks.values().stream().limit(30).forEach(e -> shown.append('\n').append(e));
        assertEquals(0, leaks.size(), leaks.size() + " kinds of message leak a value:" + shown);
    }

    @Test
    void theCheckFindsEachWayAValueLeaked() {
        // the two reports that started this test (D8, D9), as the engine worded them then
        build(true, false);
        assertTrue(leak("Modality: PHIMARK02 is not in the allowed modalities CT") != null);
        assertTrue(leak("expected an item of sequence (0008,1030) but found (4850,4D49)") != null);
        assertTrue(leak("element (0010,0010) has bytes 41 52 where its VR should be; first bytes (50 48 49 4D)") != null);
        assertEquals(null, leak("expected an item of sequence (0008,1030) but found 4 bytes of text where a tag should be"));
    }

    // ------------------------------------------------------------------ the engine's messages

    /** Every message the engine gives about {@code bytes}: parse, validation, forecast, de-identification, writing. */
    private static List<String> messages(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (Finding f : validator.validate(new ByteArrayInputStream(bytes)).findings()) {
            out.add(f.toString());
        }
        DicomFile file;
        try {
            file = DicomReader.read(new ByteArrayInputStream(bytes), ReadOptions.DEFAULT);
        } catch (DicomException e) {
            out.add(e.getMessage());
            return out;
        }
        try (file) {
            DeidForecast.Verdict verdict = forecast.of(file);
            if (verdict.refusal() != null) {
                out.add(verdict.refusal().getMessage());
            }
            out.add(String.valueOf(verdict.pixels()));
            try {
                deidentifier.deidentify(file);
                DicomWriter.write(file, new ByteArrayOutputStream(), WriteOptions.DEFAULT);
            } catch (DeidRefusal e) {
                out.add(e.getMessage());
                out.add(String.valueOf(e.details()));
            } catch (DicomException e) {
                out.add(e.getMessage());
            } catch (RuntimeException e) {
                // the batch quarantines these as INTERNAL_ERROR with their message
                for (Throwable t = e; t != null; t = t.getCause()) {
                    out.add(t.toString());
                }
            }
        } catch (java.io.IOException e) {
            out.add(e.getMessage());
        }
        return out;
    }

    /** The 4 characters of a marker that {@code message} holds (as text, hex bytes or a tag), or null. */
    static String leak(String message) {
        String upper = message.toUpperCase(Locale.ROOT);
        for (String[] forms : forms()) {
            for (int f = 0; f < forms.length; f++) {
                if ((f == 0 ? message : upper).contains(forms[f])) {
                    return forms[f];
                }
            }
        }
        return null;
    }

    private static List<String[]> forms;
    private static List<String> formsOf = List.of();

    /** Each 4 characters of each marker: as text, as hex bytes, read as a tag in either byte order. */
    private static List<String[]> forms() {
        if (!formsOf.equals(MARKERS)) {
            forms = new ArrayList<>();
            for (String marker : MARKERS) {
                if (marker.chars().allMatch(Character::isDigit)) {
                    // digits are checked whole: offsets and lengths in messages hold any 4 digits by chance
                    forms.add(new String[] {marker});
                    continue;
                }
                byte[] b = marker.getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i + 4 <= b.length; i++) {
                    forms.add(new String[] {marker.substring(i, i + 4),
                        String.format("%02X %02X %02X %02X", b[i], b[i + 1], b[i + 2], b[i + 3]),
                        String.format("(%02X%02X,%02X%02X)", b[i + 1], b[i], b[i + 3], b[i + 2]),
                        String.format("(%02X%02X,%02X%02X)", b[i], b[i + 1], b[i + 2], b[i + 3]),
                        Long.toString(java.nio.ByteBuffer.wrap(b, i, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL),
                        Long.toString(java.nio.ByteBuffer.wrap(b, i, 4).getInt() & 0xFFFFFFFFL)});
                }
            }
            formsOf = List.copyOf(MARKERS);
        }
        return forms;
    }

    // ------------------------------------------------------------------ the corpus

    private record Built(byte[] bytes, List<Header> headers, boolean explicit) {
    }

    /**
     * A small image, Part 10 with file meta, whose every text value that may be PHI is a marker: Modality and
     * Photometric Interpretation too unless {@code usualTerms} (then CT and MONOCHROME2, so that files get as far
     * as de-identification), invalid dates, numbers and UIDs among them.
     */
    private static Built build(boolean explicit, boolean usualTerms) {
        MARKERS.clear();
        Writer w = new Writer(explicit);
        w.text(0x00080016, "UI", CT_IMAGE);
        w.text(0x00080018, "UI", "1.2.826.0.1.3680043.8.498.1");
        w.text(0x00080020, "DA", marker());
        w.text(0x00080060, "CS", usualTerms ? "CT" : marker());
        w.text(0x00080080, "LO", marker());
        w.text(0x00081030, "LO", marker());
        int seq = w.sequenceStart(0x00081140);
        w.item(() -> {
            w.text(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2");
            w.text(0x00081155, "UI", marker());
            w.text(0x00081160, "IS", marker());
        });
        w.sequenceEnd(seq);
        w.text(0x00090010, "LO", marker());
        w.text(0x00091001, "LO", marker());
        w.text(0x00100010, "PN", marker() + "^" + marker());
        w.text(0x00100020, "LO", marker());
        w.text(0x00100030, "DA", marker());
        w.text(0x00180050, "DS", marker());
        w.text(0x0020000D, "UI", "1.2.826.0.1.3680043.8.498.2");
        w.text(0x0020000E, "UI", "1.2.826.0.1.3680043.8.498.3");
        w.text(0x00200013, "IS", marker());
        w.us(0x00280002, 1);
        w.text(0x00280004, "CS", usualTerms ? "MONOCHROME2" : marker());
        w.us(0x00280010, 2);
        w.us(0x00280011, 2);
        w.us(0x00280100, 8);
        w.us(0x00280101, 8);
        w.us(0x00280102, 7);
        w.us(0x00280103, 0);
        w.text(0x00284000, "LT", marker() + " " + marker());
        w.value(0x7FE00010, "OB", new byte[] {1, 2, 3, 4});
        return new Built(w.part10(), w.headers, explicit);
    }

    private static String marker() {
        String m = String.format("PHIMARK%02d", MARKERS.size() + 1);
        MARKERS.add(m);
        return m;
    }

    /** The variants of {@code base}, by what was done to it. */
    private static Map<String, byte[]> mutations(Built base) {
        byte[] b = base.bytes();
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("as built", b);
        for (int n = 132; n < b.length; n++) {
            out.put("truncated to " + n + " bytes", java.util.Arrays.copyOf(b, n));
        }
        for (Header h : base.headers()) {
            String e = "element at " + h.at();
            long[] lengths = {h.valueLength() + 2L, h.valueLength() - 2L, h.valueLength() + 4L, h.valueLength() - 4L,
                h.valueLength() + 8L, h.valueLength() - 8L, h.valueLength() + 10L, 0, 1, h.valueLength() + 1L,
                0xFFFFFFFFL, 0xFFFFL, 0x7FFFFFFFL};
            for (long len : lengths) {
                if (len >= 0 && (h.lengthSize() == 4 || len <= 0xFFFF)) {
                    out.put(e + ": length " + len, withLength(b, h, len));
                }
            }
            if (h.vrAt() >= 0) {
                for (String vr : new String[] {"SQ", "UN", "OB", "UL", "US", "AT", "UI", "DA", "IS", "PN", "LO", "XX", "ph", "\0\0", "\u00c1\u00c2"}) {
                    byte[] v = b.clone();
                    v[h.vrAt()] = (byte) vr.charAt(0);
                    v[h.vrAt() + 1] = (byte) vr.charAt(1);
                    out.put(e + ": VR " + vr, v);
                }
            }
            // a value where this element's tag should be: the text of a marker in its place
            byte[] v = b.clone();
            System.arraycopy("PHIMARK77".getBytes(StandardCharsets.US_ASCII), 0, v, h.at(), Math.min(8, v.length - h.at()));
            out.put(e + ": text over its header", v);
            // and text in place of the tag alone: with its VR intact the element parses, a value-tagged element
            byte[] t = b.clone();
            System.arraycopy("PHIMARK66".getBytes(StandardCharsets.US_ASCII), 0, t, h.at(), Math.min(4, t.length - h.at()));
            out.put(e + ": text over its tag", t);
            out.put(e + ": text before it", insert(b, h.at(), "PHIMARK88 ".getBytes(StandardCharsets.US_ASCII)));
        }
        // UIDs that are not the standard's: a transfer syntax and a SOP class holding a phone number
        String ts = base.explicit() ? "1.2.840.10008.1.2.1\0" : "1.2.840.10008.1.2\0";
        out.put("transfer syntax with a phone number", replace(b, ts, ("1.2.3." + PHONE + ".1234567").substring(0, ts.length())));
        out.put("transfer syntax of text", replace(b, ts, "PHIMARK55SMITHJOHNXX".substring(0, ts.length())));
        out.put("SOP class with a phone number", replace(b, CT_IMAGE + "\0", "1.2.3." + PHONE + ".1234567890"));
        MARKERS.add(PHONE);
        MARKERS.add("PHIMARK55");
        MARKERS.add("PHIMARK66");
        MARKERS.add("PHIMARK77");
        MARKERS.add("PHIMARK88");
        // not DICOM at all, and a text file named like one
        out.put("a text file", "PHIMARK99 Smith John, report\n".repeat(10).getBytes(StandardCharsets.US_ASCII));
        MARKERS.add("PHIMARK99");
        return out;
    }

    /** {@code b} with every occurrence of {@code from} replaced by {@code to}, of the same length. */
    private static byte[] replace(byte[] b, String from, String to) {
        assertEquals(from.length(), to.length());
        String s = new String(b, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains(from), from);
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] withLength(byte[] b, Header h, long len) {
        byte[] v = b.clone();
        for (int i = 0; i < h.lengthSize(); i++) {
            v[h.lengthAt() + i] = (byte) (len >>> (8 * i));
        }
        return v;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] v = new byte[b.length + what.length];
        System.arraycopy(b, 0, v, 0, at);
        System.arraycopy(what, 0, v, at, what.length);
        System.arraycopy(b, at, v, at + what.length, b.length - at);
        return v;
    }

    /** Writes a data set element by element, Little Endian, recording where each header is. */
    private static final class Writer {
        final boolean explicit;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<Header> headers = new ArrayList<>();

        Writer(boolean explicit) {
            this.explicit = explicit;
        }

        void text(int tag, String vr, String text) {
            byte[] v = text.getBytes(StandardCharsets.US_ASCII);
            if (v.length % 2 == 1) {
                v = (text + (vr.equals("UI") ? "\0" : " ")).getBytes(StandardCharsets.US_ASCII);
            }
            value(tag, vr, v);
        }

        void us(int tag, int value) {
            value(tag, "US", new byte[] {(byte) value, (byte) (value >>> 8)});
        }

        void value(int tag, String vr, byte[] value) {
            header(tag, vr, value.length, false);
            out.writeBytes(value);
        }

        /** Starts a sequence of undefined length; returns its header's index. */
        int sequenceStart(int tag) {
            header(tag, "SQ", 0xFFFFFFFFL, true);
            return headers.size() - 1;
        }

        void item(Runnable contents) {
            int at = out.size();
            tag(0xFFFEE000);
            u32(0xFFFFFFFFL);
            headers.add(new Header(at, -1, at + 4, 4, -1, true));
            contents.run();
            tag(0xFFFEE00D);
            u32(0);
        }

        void sequenceEnd(int index) {
            tag(0xFFFEE0DD);
            u32(0);
        }

        private void header(int tag, String vr, long length, boolean sequence) {
            int at = out.size();
            tag(tag);
            if (explicit) {
                out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
                if (Set.of("OB", "OW", "SQ", "UN", "UT", "UC", "UR").contains(vr)) {
                    u16(0);
                    headers.add(new Header(at, at + 4, at + 8, 4, (int) length, sequence));
                    u32(length);
                } else {
                    headers.add(new Header(at, at + 4, at + 6, 2, (int) length, sequence));
                    u16((int) length);
                }
            } else {
                headers.add(new Header(at, -1, at + 4, 4, (int) length, sequence));
                u32(length);
            }
        }

        private void tag(int tag) {
            u16(tag >>> 16);
            u16(tag & 0xFFFF);
        }

        private void u16(int v) {
            out.write(v);
            out.write(v >>> 8);
        }

        private void u32(long v) {
            u16((int) (v & 0xFFFF));
            u16((int) (v >>> 16));
        }

        /** Preamble, "DICM", the meta group, then the data set; header offsets move to the file's. */
        byte[] part10() {
            Writer meta = new Writer(true);
            meta.value(0x00020001, "OB", new byte[] {0, 1});
            meta.text(0x00020002, "UI", CT_IMAGE);
            meta.text(0x00020003, "UI", "1.2.826.0.1.3680043.8.498.1");
            meta.text(0x00020010, "UI", explicit ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2");
            byte[] body = meta.out.toByteArray();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(new byte[128]);
            all.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
            Writer length = new Writer(true);
            length.value(0x00020000, "UL", new byte[] {(byte) body.length, (byte) (body.length >>> 8), 0, 0});
            all.writeBytes(length.out.toByteArray());
            all.writeBytes(body);
            int shift = all.size();
            all.writeBytes(out.toByteArray());
            List<Header> moved = new ArrayList<>();
            for (Header h : headers) {
                moved.add(new Header(h.at() + shift, h.vrAt() < 0 ? -1 : h.vrAt() + shift, h.lengthAt() + shift,
                        h.lengthSize(), h.valueLength(), h.sequence()));
            }
            headers.clear();
            headers.addAll(moved);
            return all.toByteArray();
        }
    }
}
