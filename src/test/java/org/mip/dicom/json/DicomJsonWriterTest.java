package org.mip.dicom.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

class DicomJsonWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DicomJsonWriter.Options INLINE_ALL = DicomJsonWriter.Options.DEFAULT.withInlineThreshold(Long.MAX_VALUE);

    private static ValueElement text(int tag, VR vr, String value) {
        return new ValueElement(tag, vr, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static JsonNode json(Dataset ds, DicomJsonWriter.Options options) throws IOException {
        return json(new DicomFile(null, null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, -1, List.of()), options);
    }

    private static JsonNode json(DicomFile file, DicomJsonWriter.Options options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomJsonWriter(options).write(file, out);
        return MAPPER.readTree(out.toByteArray());
    }

    @Test
    void textValuesAreSplitTrimmedAndEmptyOnesAreNull() throws IOException {
        Dataset ds = new Dataset();
        ds.put(text(0x00080008, VR.CS, "ORIGINAL\\\\PRIMARY "));
        ds.put(text(0x00081030, VR.LO, " Study of things "));
        ds.put(text(0x00204000, VR.LT, "  first line\\second  "));
        ds.put(text(0x00080018, VR.UI, "1.2.3\0"));
        ds.put(text(0x00080050, VR.SH, "    "));
        JsonNode j = json(ds, INLINE_ALL);
        assertEquals("[\"ORIGINAL\",null,\"PRIMARY\"]", j.at("/00080008/Value").toString());
        assertEquals("Study of things", j.at("/00081030/Value/0").asText());
        // LT: one value, backslash kept, leading spaces are text, trailing ones padding.
        assertEquals("[\"  first line\\\\second\"]", j.at("/00204000/Value").toString());
        assertEquals("1.2.3", j.at("/00080018/Value/0").asText());
        // Only padding: empty, so no Value at all.
        assertEquals("{\"vr\":\"SH\"}", j.get("00080050").toString());
    }

    @Test
    void personNamesHaveComponentGroups() throws IOException {
        Dataset ds = new Dataset();
        ds.put(text(0x00100010, VR.PN, "Yamada^Tarou=YAMADA^TAROU=yamada^tarou\\Doe^John\\=Ideo"));
        JsonNode v = json(ds, INLINE_ALL).at("/00100010/Value");
        assertEquals(3, v.size());
        assertEquals("Yamada^Tarou", v.get(0).get("Alphabetic").asText());
        assertEquals("YAMADA^TAROU", v.get(0).get("Ideographic").asText());
        assertEquals("yamada^tarou", v.get(0).get("Phonetic").asText());
        assertEquals("{\"Alphabetic\":\"Doe^John\"}", v.get(1).toString());
        // Empty component groups are left out.
        assertEquals("{\"Ideographic\":\"Ideo\"}", v.get(2).toString());
    }

    @Test
    void numbersAreJsonNumbersAndInvalidOnesStayStrings() throws IOException {
        Dataset ds = new Dataset();
        ds.put(text(0x00200013, VR.IS, "+12\\-3 \\1A"));
        ds.put(text(0x00180050, VR.DS, "1.50\\-0.0\\.5\\1e3\\abc"));
        ByteBuffer us = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 65535).putShort((short) 7);
        ds.put(new ValueElement(0x00280010, VR.US, us.array()));
        ds.put(new ValueElement(0x00189219, VR.SS, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -2).array()));
        ds.put(new ValueElement(0x00081160, VR.UL, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).array()));
        ds.put(new ValueElement(0x00186020, VR.SL, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-5).array()));
        ds.put(new ValueElement(0x00189087, VR.FD, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.1).putDouble(Double.NaN).array()));
        ds.put(new ValueElement(0x00189089, VR.FL, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).array()));
        ds.put(new ValueElement(0x00720082, VR.UV, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array()));
        ds.put(new ValueElement(0x00720081, VR.SV, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MIN_VALUE).array()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomJsonWriter(INLINE_ALL).write(new DicomFile(null, null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                false, -1, List.of()), out);
        String raw = out.toString(StandardCharsets.UTF_8);
        assertTrue(raw.contains("\"Value\":[12,-3,\"1A\"]"), raw);
        assertTrue(raw.contains("\"Value\":[1.50,-0.0,0.5,1E+3,\"abc\"]"), raw);
        assertTrue(raw.contains("\"Value\":[65535,7]"), raw);
        assertTrue(raw.contains("\"Value\":[-2]"), raw);
        assertTrue(raw.contains("\"Value\":[4294967295]"), raw);
        assertTrue(raw.contains("\"Value\":[-5]"), raw);
        assertTrue(raw.contains("\"Value\":[0.1,\"NaN\"]"), raw);
        assertTrue(raw.contains("\"Value\":[0.1]"), raw);
        assertTrue(raw.contains("\"Value\":[18446744073709551615]"), raw);
        assertTrue(raw.contains("\"Value\":[-9223372036854775808]"), raw);
    }

    @Test
    void attributeTagsAreHexStrings() throws IOException {
        Dataset ds = new Dataset();
        ByteBuffer at = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x0018).putShort((short) 0x1063).putShort((short) 0x7FE0).putShort((short) 0x0010);
        ds.put(new ValueElement(0x00209165, VR.AT, at.array()));
        assertEquals("[\"00181063\",\"7FE00010\"]", json(ds, INLINE_ALL).at("/00209165/Value").toString());
    }

    @Test
    void bigEndianValuesAreReadInTheirOrderAndBinaryIsWrittenLittleEndian() throws IOException {
        Dataset ds = new Dataset(true);
        ds.put(new ValueElement(0x00280010, VR.US, new byte[] {0x01, 0x02}));
        ds.put(new ValueElement(0x00209165, VR.AT, new byte[] {0x00, 0x18, 0x10, 0x63}));
        ds.put(new ValueElement(0x00281201, VR.OW, new byte[] {0x01, 0x02, 0x03, 0x04}));
        ds.put(new BulkElement(Tag.PIXEL_DATA, VR.OW, BulkData.of(new byte[] {0x0A, 0x0B, 0x0C, 0x0D})));
        JsonNode j = json(new DicomFile(null, null, ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, false, -1, List.of()), INLINE_ALL);
        assertEquals(0x0102, j.at("/00280010/Value/0").asInt());
        assertEquals("00181063", j.at("/00209165/Value/0").asText());
        assertEquals(b64(0x02, 0x01, 0x04, 0x03), j.at("/00281201/InlineBinary").asText());
        assertEquals(b64(0x0B, 0x0A, 0x0D, 0x0C), j.at("/7FE00010/InlineBinary").asText());
    }

    @Test
    void sequencesNestAndEmptyOnesHaveNoValue() throws IOException {
        Dataset item = new Dataset();
        item.put(text(0x00081150, VR.UI, "1.2.840.10008.5.1.4.1.1.4"));
        Dataset inner = new Dataset();
        inner.put(text(0x00080100, VR.SH, "CODE"));
        SequenceElement innerSeq = new SequenceElement(0x00081032, VR.SQ, true);
        innerSeq.items().add(inner);
        item.put(innerSeq);
        SequenceElement seq = new SequenceElement(0x00081140, VR.SQ, false);
        seq.items().add(item);
        seq.items().add(new Dataset());
        Dataset ds = new Dataset();
        ds.put(seq);
        ds.put(new SequenceElement(0x00081110, VR.SQ, false));
        // A sequence the file wrote as UN (items in implicit VR) is still a sequence.
        SequenceElement unSeq = new SequenceElement(0x00189346, VR.UN, true);
        unSeq.items().add(new Dataset());
        ds.put(unSeq);
        JsonNode j = json(ds, INLINE_ALL);
        assertEquals("SQ", j.at("/00081140/vr").asText());
        assertEquals(2, j.at("/00081140/Value").size());
        assertEquals("CODE", j.at("/00081140/Value/0/00081032/Value/0/00080100/Value/0").asText());
        assertEquals("{}", j.at("/00081140/Value/1").toString());
        assertEquals("{\"vr\":\"SQ\"}", j.get("00081110").toString());
        assertEquals("{\"vr\":\"SQ\",\"Value\":[{}]}", j.get("00189346").toString());
    }

    @Test
    void binaryAboveTheThresholdGetsABulkDataUriWithItsTagPathOrNothing() throws IOException {
        Dataset item = new Dataset();
        item.put(new ValueElement(0x00091010, VR.OB, new byte[40]));
        SequenceElement seq = new SequenceElement(0x00091001, VR.SQ, false);
        seq.items().add(new Dataset());
        seq.items().add(item);
        Dataset ds = new Dataset();
        ds.put(new ValueElement(0x00091002, VR.OB, new byte[] {1, 2, 3}));
        ds.put(seq);
        ds.put(new BulkElement(Tag.PIXEL_DATA, VR.OW, BulkData.of(new byte[100])));
        DicomJsonWriter.Options small = DicomJsonWriter.Options.DEFAULT.withInlineThreshold(8);

        JsonNode uri = json(ds, small.withBulkDataUri("https://pacs/instances/1.2.3/bulk/"));
        assertEquals(b64(1, 2, 3), uri.at("/00091002/InlineBinary").asText());
        assertEquals("https://pacs/instances/1.2.3/bulk/00091001/1/00091010", uri.at("/00091001/Value/1/00091010/BulkDataURI").asText());
        assertEquals("https://pacs/instances/1.2.3/bulk/7FE00010", uri.at("/7FE00010/BulkDataURI").asText());
        assertFalse(uri.get("7FE00010").has("InlineBinary"));

        JsonNode omitted = json(ds, small);
        assertEquals("{\"vr\":\"OW\"}", omitted.get("7FE00010").toString());
        assertEquals("{\"vr\":\"OB\"}", omitted.at("/00091001/Value/1/00091010").toString());
    }

    @Test
    void encapsulatedPixelDataIsItsItemStream() throws IOException {
        FragmentsElement f = new FragmentsElement(Tag.PIXEL_DATA, VR.OB);
        f.fragments().add(BulkData.of(new byte[0]));
        f.fragments().add(BulkData.of(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        Dataset ds = new Dataset();
        ds.put(f);
        byte[] expected = {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 0, 0, 0, 0,
                (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 2, 0, 0, 0, (byte) 0xFF, (byte) 0xD8};
        assertEquals(Base64.getEncoder().encodeToString(expected), json(ds, INLINE_ALL).at("/7FE00010/InlineBinary").asText());
    }

    @Test
    void metaIsIncludedOnRequest() throws IOException {
        Dataset meta = new Dataset();
        meta.put(text(Tag.TRANSFER_SYNTAX_UID, VR.UI, "1.2.840.10008.1.2.1"));
        Dataset ds = new Dataset();
        ds.put(text(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.4"));
        DicomFile file = new DicomFile(new byte[128], meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, -1, List.of());
        assertEquals(List.of("00020010", "00080016"), keys(json(file, INLINE_ALL)));
        assertEquals(List.of("00080016"), keys(json(file, INLINE_ALL.withIncludeMeta(false))));
    }

    @Test
    void bulkValuesAreStreamedNotLoaded() throws IOException {
        long length = 3 * 1024 * 1024;
        BulkData big = new BulkData() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream openStream() {
                return new InputStream() {
                    long left = length;

                    @Override
                    public int read() {
                        return left-- > 0 ? 7 : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = (int) Math.min(len, left);
                        java.util.Arrays.fill(b, off, off + n, (byte) 7);
                        left -= n;
                        return n;
                    }
                };
            }

            @Override
            public byte[] readAll() {
                throw new AssertionError("a bulk value must not be loaded whole");
            }
        };
        Dataset ds = new Dataset();
        ds.put(new BulkElement(Tag.PIXEL_DATA, VR.OB, big));
        JsonNode j = json(ds, INLINE_ALL);
        byte[] decoded = Base64.getDecoder().decode(j.at("/7FE00010/InlineBinary").asText());
        assertEquals(length, decoded.length);
        assertEquals(7, decoded[decoded.length - 1]);
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String b64(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Base64.getEncoder().encodeToString(b);
    }
}
