package org.mip.dicom.summary;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.mip.dicom.Tag;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.CommonTags;

/**
 * The few facts about a DICOM file that routes, audit events and people look at first. Text values
 * are trimmed, absent ones are null. Patient ID and name are PHI: log the summary only where PHI may go.
 *
 * @param patientId                  (0010,0020)
 * @param patientName                (0010,0010), as written (components separated by ^)
 * @param studyInstanceUid           (0020,000D)
 * @param seriesInstanceUid          (0020,000E)
 * @param sopInstanceUid             (0008,0018), else (0002,0003) Media Storage SOP Instance UID
 * @param sopClassUid                (0008,0016), else (0002,0002) Media Storage SOP Class UID
 * @param modality                   (0008,0060)
 * @param transferSyntaxUid          the syntax the data set is encoded in (declared, or detected when there is none)
 * @param transferSyntaxDetected     true when the transfer syntax was detected from the bytes, not declared
 * @param rows                       (0028,0010)
 * @param columns                    (0028,0011)
 * @param frames                     (0028,0008) Number of Frames; 1 when there is pixel data but no such element;
 *                                   null when absent without pixel data, or not a number
 * @param samplesPerPixel            (0028,0002)
 * @param bitsAllocated              (0028,0100)
 * @param photometricInterpretation  (0028,0004)
 * @param fileSize                   bytes of the input, or -1 when read from a stream of unknown length
 * @param pixelDataSize              bytes of (7FE0,0010) (encapsulated: the sum of the fragments, offset table
 *                                   included), -1 when there is no pixel data
 * @param encapsulated               whether the pixel data is encapsulated (compressed) in fragments
 */
public record DicomSummary(String patientId, String patientName, String studyInstanceUid, String seriesInstanceUid,
                           String sopInstanceUid, String sopClassUid, String modality, String transferSyntaxUid,
                           boolean transferSyntaxDetected, Integer rows, Integer columns, Integer frames,
                           Integer samplesPerPixel, Integer bitsAllocated, String photometricInterpretation,
                           long fileSize, long pixelDataSize, boolean encapsulated) {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** The summary of a file read by {@code DicomReader}; reads only the header (bulk values are not opened). */
    public static DicomSummary from(DicomFile file) {
        Dataset ds = file.dataset();
        Dataset meta = file.meta();
        Element pixel = ds.get(Tag.PIXEL_DATA);
        long pixelSize = -1;
        boolean encapsulated = false;
        if (pixel instanceof FragmentsElement f) {
            encapsulated = true;
            pixelSize = 0;
            for (BulkData fragment : f.fragments()) {
                pixelSize += fragment.length();
            }
        } else if (pixel instanceof BulkElement b) {
            pixelSize = b.data().length();
        } else if (pixel instanceof ValueElement v) {
            pixelSize = v.length();
        }
        Integer frames = integer(ds, CommonTags.NUMBER_OF_FRAMES);
        if (frames == null && pixel != null && !ds.contains(CommonTags.NUMBER_OF_FRAMES)) {
            frames = 1;
        }
        return new DicomSummary(
                ds.getString(CommonTags.PATIENT_ID),
                text(ds, CommonTags.PATIENT_NAME),
                ds.getString(CommonTags.STUDY_INSTANCE_UID),
                ds.getString(CommonTags.SERIES_INSTANCE_UID),
                firstOf(ds.getString(Tag.SOP_INSTANCE_UID), meta, Tag.MEDIA_STORAGE_SOP_INSTANCE_UID),
                firstOf(ds.getString(Tag.SOP_CLASS_UID), meta, Tag.MEDIA_STORAGE_SOP_CLASS_UID),
                ds.getString(CommonTags.MODALITY),
                file.transferSyntax().uid(),
                file.transferSyntaxSniffed(),
                integer(ds, CommonTags.ROWS),
                integer(ds, CommonTags.COLUMNS),
                frames,
                integer(ds, CommonTags.SAMPLES_PER_PIXEL),
                integer(ds, Tag.BITS_ALLOCATED),
                ds.getString(CommonTags.PHOTOMETRIC_INTERPRETATION),
                file.sourceLength(),
                pixelSize,
                encapsulated);
    }

    private static String text(Dataset ds, int tag) {
        String s = ds.getText(tag);
        return s == null || s.isEmpty() ? null : s;
    }

    private static String firstOf(String value, Dataset meta, int metaTag) {
        return value != null ? value : meta == null ? null : meta.getString(metaTag);
    }

    private static Integer integer(Dataset ds, int tag) {
        int v = ds.getInt(tag, Integer.MIN_VALUE);
        return v == Integer.MIN_VALUE ? null : v;
    }

    /** Writes the summary as one JSON object with the record's component names as keys (nulls included). */
    public void writeJson(JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        field(gen, "patientId", patientId);
        field(gen, "patientName", patientName);
        field(gen, "studyInstanceUid", studyInstanceUid);
        field(gen, "seriesInstanceUid", seriesInstanceUid);
        field(gen, "sopInstanceUid", sopInstanceUid);
        field(gen, "sopClassUid", sopClassUid);
        field(gen, "modality", modality);
        field(gen, "transferSyntaxUid", transferSyntaxUid);
        gen.writeBooleanField("transferSyntaxDetected", transferSyntaxDetected);
        field(gen, "rows", rows);
        field(gen, "columns", columns);
        field(gen, "frames", frames);
        field(gen, "samplesPerPixel", samplesPerPixel);
        field(gen, "bitsAllocated", bitsAllocated);
        field(gen, "photometricInterpretation", photometricInterpretation);
        gen.writeNumberField("fileSize", fileSize);
        gen.writeNumberField("pixelDataSize", pixelDataSize);
        gen.writeBooleanField("encapsulated", encapsulated);
        gen.writeEndObject();
    }

    public void writeJson(OutputStream out, boolean pretty) throws IOException {
        try (JsonGenerator gen = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (pretty) {
                gen.useDefaultPrettyPrinter();
            }
            writeJson(gen);
            if (pretty) {
                gen.writeRaw('\n');
            }
        }
        out.flush();
    }

    /** The compact JSON form. */
    public String toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeJson(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void field(JsonGenerator gen, String name, String value) throws IOException {
        if (value == null) {
            gen.writeNullField(name);
        } else {
            gen.writeStringField(name, value);
        }
    }

    private static void field(JsonGenerator gen, String name, Integer value) throws IOException {
        if (value == null) {
            gen.writeNullField(name);
        } else {
            gen.writeNumberField(name, value);
        }
    }
}
