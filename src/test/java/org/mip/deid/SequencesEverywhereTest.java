package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.deid.profile.Profile;
import org.mip.deid.table.ActionTable;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.SequenceElement;

/**
 * Any attribute may arrive holding a sequence, whatever its VR in the dictionary (an explicit VR file
 * that says SQ, or a value written as UN with undefined length, which is read as items): whatever
 * its code in Table E.1-1, its items are walked or the sequence goes, never kept unseen. Planted in
 * a file the codec writes and reads back. Before the policy and the walk were separated, code U did
 * nothing to a sequence: a Patient's Name inside any of 49 UID attributes was published.
 */
class SequencesEverywhereTest {
    /** The attributes the de-identifier needs as text to work at all. */
    static final Set<String> REQUIRED = Set.of("SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID");

    @Test
    void noRowOfTheTableKeepsASequenceUnwalked() throws Exception {
        for (Profile profile : List.of(DeidKit.profile().build(),
                DeidKit.profile(DeidOption.RETAIN_UIDS, DeidOption.RETAIN_DEVICE_IDENTITY, DeidOption.RETAIN_INSTITUTION_IDENTITY,
                        DeidOption.RETAIN_PATIENT_CHARACTERISTICS, DeidOption.RETAIN_LONGITUDINAL_FULL_DATES,
                        DeidOption.CLEAN_DESCRIPTORS, DeidOption.CLEAN_STRUCTURED_CONTENT, DeidOption.CLEAN_GRAPHICS)
                        .name("retain-and-clean").build())) {
            Dataset ds = BasicProfileGapsTest.minimal();
            Map<String, Integer> planted = new LinkedHashMap<>();
            for (ActionTable.Row row : ActionTable.standard().rows()) {
                int tag = row.tag();
                if (row.pattern().matches("[0-9A-F]{8}") && Tag.group(tag) != 0x0002 && !REQUIRED.contains(row.keyword())) {
                    String marker = String.format("QLEAK%08XZ", tag);
                    Dataset item = DeidKit.item(ds);
                    item.setString(DeidKit.tag("PatientName"), VR.PN, marker);
                    SequenceElement s = new SequenceElement(tag, VR.SQ, false);
                    s.items().add(item);
                    ds.put(s);
                    planted.put(marker, tag);
                }
            }
            assertTrue(planted.size() > 300, "rows planted: " + planted.size());
            DeidKit.Run run = DeidKit.run(DeidKit.deidentifier(profile),
                    DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            String out = new String(run.output(), StandardCharsets.ISO_8859_1);
            List<String> leaked = new ArrayList<>();
            planted.forEach((marker, tag) -> {
                if (out.contains(marker)) {
                    leaked.add(DeidKit.DICT.keywordOf(tag) + " (" + ActionTable.standard().row(tag).orElseThrow().basicAction() + ")");
                }
            });
            assertEquals(List.of(), leaked, profile.name() + ": a name inside these attributes' sequences was published");
        }
    }
}
