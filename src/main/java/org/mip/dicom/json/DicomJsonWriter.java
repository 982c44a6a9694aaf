package org.mip.dicom.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.value.DecimalStrings;
import org.mip.dicom.value.IntegerStrings;

/**
 * Writes the DICOM JSON Model (PS3.18 §F.2) of a header to a Jackson {@link JsonGenerator}, element
 * by element: nothing but the generator's buffer is held, and binary values are base64-encoded
 * straight from their source (a bulk value is never loaded whole).
 *
 * <p>Mapping (see {@code docs/DICOM_JSON.md}):
 * <ul>
 *   <li>keys are "GGGGEEEE"; each attribute is {@code {"vr": .., "Value"|"InlineBinary"|"BulkDataURI": ..}};
 *       an empty value (length 0, only padding, an SQ without items) has none of the three;</li>
 *   <li>text VRs: strings, split at backslashes except LT, ST, UT and UR; padding removed; an empty
 *       value among several is {@code null};</li>
 *   <li>PN: {@code {"Alphabetic", "Ideographic", "Phonetic"}} with empty component groups left out;</li>
 *   <li>IS, DS: JSON numbers (DS keeps its decimal digits as written); a value that is not a number
 *       is written as the JSON string it is (CP 1861 allows strings for IS and DS);</li>
 *   <li>US, SS, UL, SL, SV, UV, FL, FD: numbers (NaN and infinities, which JSON has no number for,
 *       as the strings "NaN", "Infinity", "-Infinity"); AT: "GGGGEEEE";</li>
 *   <li>SQ (and sequences the file encodes as UN): arrays of item objects, vr "SQ";</li>
 *   <li>OB, OD, OF, OL, OV, OW, UN and encapsulated pixel data: {@code InlineBinary} (base64 of the
 *       little-endian value; encapsulated pixel data as its item stream: offset table and fragments,
 *       each with its item tag and length) up to {@link Options#inlineThreshold()} bytes; above it a
 *       {@code BulkDataURI} built from {@link Options#bulkDataUri()} and the tag path, or nothing when
 *       no base URI is given.</li>
 * </ul>
 * Thread-safe: the writer holds only its options.
 */
public final class DicomJsonWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final byte[] ITEM_TAG_LE = {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0};

    /**
     * @param includeMeta      write the File Meta Information (group 0002) before the data set
     * @param inlineThreshold  largest binary value, in bytes, written as InlineBinary; longer values get a
     *                         BulkDataURI or nothing. {@link Long#MAX_VALUE}: inline everything that fits
     *                         in one JSON string (values over 1.5 GiB never do)
     * @param bulkDataUri      base of the BulkDataURI of values above the threshold, e.g.
     *                         {@code https://host/studies/1.2/series/3.4/instances/5.6/bulk}; the tag path
     *                         is appended ({@code /7FE00010}, {@code /00540016/0/00181071}: tag, then item
     *                         index from 0, then tag...). Null: values above the threshold are left out
     * @param pretty           indent the output
     */
    public record Options(boolean includeMeta, long inlineThreshold, String bulkDataUri, boolean pretty) {
        /** Meta included, binary values up to 1 KiB inline, larger ones left out, compact. */
        public static final Options DEFAULT = new Options(true, 1024, null, false);

        public Options {
            if (inlineThreshold < 0) {
                throw new IllegalArgumentException("inline threshold must not be negative");
            }
            if (bulkDataUri != null) {
                while (bulkDataUri.endsWith("/")) {
                    bulkDataUri = bulkDataUri.substring(0, bulkDataUri.length() - 1);
                }
            }
        }

        public Options withIncludeMeta(boolean value) {
            return new Options(value, inlineThreshold, bulkDataUri, pretty);
        }

        public Options withInlineThreshold(long value) {
            return new Options(includeMeta, value, bulkDataUri, pretty);
        }

        public Options withBulkDataUri(String value) {
            return new Options(includeMeta, inlineThreshold, value, pretty);
        }

        public Options withPretty(boolean value) {
            return new Options(includeMeta, inlineThreshold, bulkDataUri, value);
        }
    }

    /** Largest value Jackson can base64-encode into one string from a stream (its length is an int). */
    static final long MAX_INLINE = (Integer.MAX_VALUE / 4) * 3L;

    private final Options options;

    public DicomJsonWriter() {
        this(Options.DEFAULT);
    }

    public DicomJsonWriter(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Options options() {
        return options;
    }

    /** Writes the JSON object of {@code file} to {@code out} (UTF-8), flushed, not closed. */
    public void write(DicomFile file, OutputStream out) throws IOException {
        try (JsonGenerator gen = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (options.pretty()) {
                gen.useDefaultPrettyPrinter();
            }
            write(file, gen);
            if (options.pretty()) {
                gen.writeRaw('\n');
            }
        }
        out.flush();
    }

    /** Writes the JSON object of {@code file}: the meta group's attributes (if included), then the data set's. */
    public void write(DicomFile file, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        Deque<String> path = new ArrayDeque<>();
        if (options.includeMeta() && file.meta() != null) {
            writeElements(file.meta(), gen, path);
        }
        writeElements(file.dataset(), gen, path);
        gen.writeEndObject();
    }

    /** Writes one data set (or item) as a JSON object. */
    public void writeDataset(Dataset dataset, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        writeElements(dataset, gen, new ArrayDeque<>());
        gen.writeEndObject();
    }

    private void writeElements(Dataset dataset, JsonGenerator gen, Deque<String> path) throws IOException {
        for (Element e : dataset) {
            String key = Tag.toHex(e.tag());
            gen.writeFieldName(key);
            path.addLast(key);
            writeElement(dataset, e, gen, path);
            path.removeLast();
        }
    }

    private void writeElement(Dataset ds, Element e, JsonGenerator gen, Deque<String> path) throws IOException {
        gen.writeStartObject();
        if (e instanceof SequenceElement seq) {
            gen.writeStringField("vr", VR.SQ.name());
            if (!seq.items().isEmpty()) {
                gen.writeArrayFieldStart("Value");
                int index = 0;
                for (Dataset item : seq.items()) {
                    path.addLast(Integer.toString(index++));
                    gen.writeStartObject();
                    writeElements(item, gen, path);
                    gen.writeEndObject();
                    path.removeLast();
                }
                gen.writeEndArray();
            }
        } else if (e instanceof FragmentsElement frags) {
            gen.writeStringField("vr", frags.vr().name());
            writeBinary(gen, fragmentStream(frags), fragmentStreamLength(frags), path);
        } else if (e instanceof BulkElement bulk) {
            gen.writeStringField("vr", bulk.vr().name());
            BulkData data = bulk.data();
            int unit = swapUnit(bulk.vr(), ds.bigEndian());
            writeBinary(gen, unit > 1 ? new SwappingBulk(data, unit) : data, data.length(), path);
        } else if (e instanceof ValueElement v) {
            gen.writeStringField("vr", v.vr().name());
            writeValue(ds, v, gen, path);
        } else {
            gen.writeStringField("vr", e.vr().name());
        }
        gen.writeEndObject();
    }

    // ------------------------------------------------------------------ values held in memory

    private void writeValue(Dataset ds, ValueElement v, JsonGenerator gen, Deque<String> path) throws IOException {
        VR vr = v.vr();
        byte[] bytes = v.bytes();
        if (bytes.length == 0) {
            return;
        }
        switch (vr.kind()) {
            case BULK -> {
                int unit = swapUnit(vr, ds.bigEndian());
                byte[] le = unit > 1 ? swap(bytes, unit) : bytes;
                writeBinary(gen, BulkData.of(le), le.length, path);
            }
            case BINARY -> writeBinaryNumbers(ds, v, gen);
            case TEXT -> writeText(ds, v, gen);
            default -> {
                // SQ held as a value cannot happen (the reader builds SequenceElements); write it as bytes.
                writeBinary(gen, BulkData.of(bytes), bytes.length, path);
            }
        }
    }

    private static void writeText(Dataset ds, ValueElement v, JsonGenerator gen) throws IOException {
        VR vr = v.vr();
        List<String> values = textValues(vr, ds.decode(v));
        if (values.isEmpty()) {
            return;
        }
        gen.writeArrayFieldStart("Value");
        for (String s : values) {
            if (s.isEmpty()) {
                gen.writeNull();
            } else if (vr == VR.PN) {
                writePersonName(s, gen);
            } else if (vr == VR.IS) {
                writeIntegerString(s, gen);
            } else if (vr == VR.DS) {
                writeDecimalString(s, gen);
            } else {
                gen.writeString(s);
            }
        }
        gen.writeEndArray();
    }

    /**
     * The values of a text element: split at backslashes (not for LT, ST, UT, UR), padding removed.
     * Empty when the element holds nothing but padding.
     */
    static List<String> textValues(VR vr, String text) {
        List<String> out = Dataset.splitValues(vr, text);
        if (out.size() == 1 && out.get(0).isEmpty()) {
            return Collections.emptyList();
        }
        return out;
    }

    private static void writePersonName(String value, JsonGenerator gen) throws IOException {
        String[] groups = value.split("=", -1);
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        gen.writeStartObject();
        for (int i = 0; i < Math.min(groups.length, names.length); i++) {
            String g = Dataset.trim(VR.PN, groups[i]);
            if (!g.isEmpty()) {
                gen.writeStringField(names[i], g);
            }
        }
        gen.writeEndObject();
    }

    private static void writeIntegerString(String s, JsonGenerator gen) throws IOException {
        if (IntegerStrings.isWellFormed(s)) {
            String digits = s.startsWith("+") ? s.substring(1) : s;
            if (digits.length() <= 18) {
                gen.writeNumber(Long.parseLong(digits));
            } else {
                gen.writeNumber(new BigInteger(digits));
            }
        } else {
            gen.writeString(s);
        }
    }

    private static void writeDecimalString(String s, JsonGenerator gen) throws IOException {
        BigDecimal d = parseDecimal(s);
        if (d != null && d.signum() == 0 && s.startsWith("-")) {
            gen.writeNumber("-" + d.toString()); // BigDecimal has no negative zero; the value did
        } else if (d != null) {
            gen.writeNumber(d);
        } else {
            gen.writeString(s);
        }
    }

    /** A DS value as a BigDecimal (as written: "1.50" keeps its scale), or null when it is not a decimal number. */
    static BigDecimal parseDecimal(String s) {
        if (!DecimalStrings.isValid(s)) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void writeBinaryNumbers(Dataset ds, ValueElement v, JsonGenerator gen) throws IOException {
        VR vr = v.vr();
        int size = vr.valueSize();
        byte[] bytes = v.bytes();
        int count = size == 0 ? 0 : bytes.length / size;
        if (count == 0) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ds.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        gen.writeArrayFieldStart("Value");
        for (int i = 0; i < count; i++) {
            int at = i * size;
            switch (vr) {
                case US -> gen.writeNumber(buf.getShort(at) & 0xFFFF);
                case SS -> gen.writeNumber(buf.getShort(at));
                case UL -> gen.writeNumber(buf.getInt(at) & 0xFFFFFFFFL);
                case SL -> gen.writeNumber(buf.getInt(at));
                case SV -> gen.writeNumber(buf.getLong(at));
                case UV -> {
                    long l = buf.getLong(at);
                    if (l >= 0) {
                        gen.writeNumber(l);
                    } else {
                        gen.writeNumber(new BigInteger(Long.toUnsignedString(l)));
                    }
                }
                case FL -> writeFloating(buf.getFloat(at), gen, true);
                case FD -> writeFloating(buf.getDouble(at), gen, false);
                case AT -> {
                    int group = buf.getShort(at) & 0xFFFF;
                    int element = buf.getShort(at + 2) & 0xFFFF;
                    gen.writeString(Tag.toHex(Tag.of(group, element)));
                }
                default -> throw new IllegalStateException("not a binary number VR: " + vr);
            }
        }
        gen.writeEndArray();
    }

    private static void writeFloating(double d, JsonGenerator gen, boolean single) throws IOException {
        if (Double.isNaN(d)) {
            gen.writeString("NaN");
        } else if (Double.isInfinite(d)) {
            gen.writeString(d > 0 ? "Infinity" : "-Infinity");
        } else if (single) {
            gen.writeNumber((float) d);
        } else {
            gen.writeNumber(d);
        }
    }

    // ------------------------------------------------------------------ binary values

    private void writeBinary(JsonGenerator gen, BulkData data, long length, Deque<String> path) throws IOException {
        if (length == 0) {
            return;
        }
        if (length <= options.inlineThreshold() && length <= MAX_INLINE) {
            gen.writeFieldName("InlineBinary");
            try (InputStream in = data.openStream()) {
                gen.writeBinary(in, (int) length);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        } else if (options.bulkDataUri() != null) {
            gen.writeStringField("BulkDataURI", options.bulkDataUri() + "/" + String.join("/", path));
        }
    }

    /** The value field of encapsulated pixel data: each item (offset table, fragments) with its tag and length. */
    private static BulkData fragmentStream(FragmentsElement frags) {
        long length = fragmentStreamLength(frags);
        return new BulkData() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream openStream() {
                Iterator<BulkData> it = frags.fragments().iterator();
                return new SequenceInputStream(new java.util.Enumeration<InputStream>() {
                    private BulkData pendingBody;

                    @Override
                    public boolean hasMoreElements() {
                        return pendingBody != null || it.hasNext();
                    }

                    @Override
                    public InputStream nextElement() {
                        try {
                            if (pendingBody != null) {
                                InputStream body = pendingBody.openStream();
                                pendingBody = null;
                                return body;
                            }
                            BulkData fragment = it.next();
                            pendingBody = fragment;
                            byte[] header = new byte[8];
                            System.arraycopy(ITEM_TAG_LE, 0, header, 0, 4);
                            ByteBuffer.wrap(header, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) fragment.length());
                            return new ByteArrayInputStream(header);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
            }
        };
    }

    private static long fragmentStreamLength(FragmentsElement frags) {
        long total = 0;
        for (BulkData f : frags.fragments()) {
            total += 8 + f.length();
        }
        return total;
    }

    /** Bytes per value to reverse when a big-endian value must become little endian; 1 when nothing to do. */
    static int swapUnit(VR vr, boolean bigEndian) {
        if (!bigEndian) {
            return 1;
        }
        return switch (vr) {
            case OW -> 2;
            case OF, OL -> 4;
            case OD, OV -> 8;
            default -> 1;
        };
    }

    static byte[] swap(byte[] bytes, int unit) {
        byte[] out = bytes.clone();
        swapInPlace(out, 0, out.length - out.length % unit, unit);
        return out;
    }

    private static void swapInPlace(byte[] b, int off, int end, int unit) {
        for (int i = off; i + unit <= end; i += unit) {
            for (int j = 0; j < unit / 2; j++) {
                byte t = b[i + j];
                b[i + j] = b[i + unit - 1 - j];
                b[i + unit - 1 - j] = t;
            }
        }
    }

    /** A big-endian bulk value read as little endian, in whole units, without loading it. */
    private record SwappingBulk(BulkData data, int unit) implements BulkData {
        @Override
        public long length() {
            return data.length();
        }

        @Override
        public InputStream openStream() throws IOException {
            return new FilterInputStream(new java.io.BufferedInputStream(data.openStream(), 64 * 1024)) {
                private final byte[] chunk = new byte[8192];
                private int pos;
                private int limit;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (pos == limit && !refill()) {
                        return -1;
                    }
                    int n = Math.min(len, limit - pos);
                    System.arraycopy(chunk, pos, b, off, n);
                    pos += n;
                    return n;
                }

                private boolean refill() throws IOException {
                    int n = in.readNBytes(chunk, 0, chunk.length);
                    if (n <= 0) {
                        return false;
                    }
                    swapInPlace(chunk, 0, n - n % unit, unit);
                    pos = 0;
                    limit = n;
                    return true;
                }
            };
        }
    }
}
