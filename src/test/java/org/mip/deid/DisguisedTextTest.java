package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.bytes;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.SafePrivateElement;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/**
 * Text the rules by kind cannot see, through the whole engine from bytes to bytes (explicit VR, where a
 * writer chooses the VR): a text attribute the table does not list written as OB, OW or US, a sequence
 * written as OB, URIs that name files after the patient, an HPGL plot's label, a "safe" private number
 * whose explicit VR is right and whose value is a name, and a safe creator with a second value. Each
 * holds a marker; none may be in the output, under Basic and under Retain Safe Private. Found by an
 * adversarial probe: every one of them was published word for word.
 */
class DisguisedTextTest {
    private final Map<String, String> planted = new LinkedHashMap<>();

    private String m(String where) {
        String marker = "Q" + (100 + planted.size()) + "ZDISGUISE" + planted.size();
        planted.put(marker, where);
        return marker;
    }

    private static byte[] ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    private DicomFile instance() {
        Dataset ds = BasicProfileGapsTest.minimal();
        bytes(ds, tag("UnformattedTextValue"), VR.OB, ascii("Patient " + m("unlisted ST as OB") + " seen"));
        bytes(ds, tag("TextValue"), VR.OW, ascii(m("unlisted UT as OW")));
        bytes(ds, tag("AnnotationGroupLabel"), VR.US, ascii(m("a listed LO as US")));
        bytes(ds, tag("RadiopharmaceuticalInformationSequence"), VR.OB, ascii(m("sequence as OB")));
        ds.setString(tag("FileAccessURI"), VR.UR, "file:///pacs/" + m("FileAccessURI") + "/IM1.dcm");
        ds.setString(tag("StoredInstanceBaseURI"), VR.UR, "https://pacs/" + m("StoredInstanceBaseURI") + "/");
        ds.setString(tag("FolderAccessURI"), VR.UR, "file:///pacs/" + m("FolderAccessURI"));
        ds.setString(tag("FilenameInContainer"), VR.UR, m("FilenameInContainer") + ".dcm");
        ds.setString(tag("PixelDataProviderURL"), VR.UR, "https://jpip/" + m("PixelDataProviderURL"));
        ds.setString(tag("RetrieveURI"), VR.UR, "https://wado/" + m("RetrieveURI"));
        ds.setString(tag("RelativeURIReferenceWithinEncapsulatedDocument"), VR.UR, "#" + m("an unlisted UR"));
        bytes(ds, tag("HPGLDocument"), VR.OB, ascii("IN;LB" + m("HPGL label") + "\u0003;"));
        bytes(ds, tag("Signature"), VR.OB, ascii(m("Signature out of its sequence")));
        bytes(ds, tag("RecordKey"), VR.OB, ascii(m("RecordKey")));
        // Retain Safe Private: a listed DS holding a name, explicit VR DS; a listed creator with a second value
        ds.setString(Tag.of(0x0019, 0x0010), VR.LO, "ACME SAFE 1");
        bytes(ds, Tag.of(0x0019, 0x1040), VR.DS, ascii(m("safe DS holding text")));
        ds.setString(Tag.of(0x0021, 0x0010), VR.LO, "ACME SAFE 1\\OTHER");
        ds.setString(Tag.of(0x0021, 0x1040), VR.DS, "12.5");
        ds.setString(Tag.of(0x0021, 0x1041), VR.LO, m("two-valued creator"));
        return DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    private List<String> leaks(Profile profile) throws Exception {
        DicomFile in = instance();
        byte[] input = DeidKit.write(in);
        for (String marker : planted.keySet()) {
            assertTrue(DeidKit.indexOf(input, marker.getBytes(StandardCharsets.US_ASCII)) >= 0, "test bug: " + marker + " not written");
        }
        DeidKit.Run run = DeidKit.run(DeidKit.deidentifier(profile), input);
        List<String> leaks = new ArrayList<>();
        planted.forEach((marker, where) -> {
            if (DeidKit.indexOf(run.output(), marker.getBytes(StandardCharsets.US_ASCII)) >= 0) {
                leaks.add(where);
            }
        });
        return leaks;
    }

    @Test
    void basicLeavesNoneOfThem() throws Exception {
        assertEquals(List.of(), leaks(DeidKit.profile().build()));
    }

    @Test
    void retainSafePrivateKeepsOnlyValidValuesUnderOneCreator() throws Exception {
        Profile safe = DeidKit.profile(DeidOption.RETAIN_SAFE_PRIVATE)
                .safe(new SafePrivateElement("ACME SAFE 1", 0x0019, 0x40, VR.DS))
                .safe(new SafePrivateElement("ACME SAFE 1", 0x0021, 0x41, VR.LO)).build();
        assertEquals(List.of(), leaks(safe));

        // the same listing keeps a valid value under a creator of one value
        Dataset ds = instance().dataset();
        ds.setString(Tag.of(0x0019, 0x1040), VR.DS, "42.5");
        DeidKit.Run run = DeidKit.run(DeidKit.deidentifier(safe), DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile out = run.reread()) {
            assertNotNull(out.dataset().get(Tag.of(0x0019, 0x1040)), "a number listed as safe stays");
            assertEquals("42.5", out.dataset().getString(Tag.of(0x0019, 0x1040)));
        }
    }
}
