package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.deid.Operation.Action;
import org.mip.deid.profile.AttributeOverride;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.SafePrivateElement;
import org.mip.deid.table.ActionTable;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/**
 * The policy alone, decision by decision, as PS3.15 Table E.1-1 reads: the code of the row, made
 * concrete for the element at hand, under the options and overrides of the profile. No data set is
 * changed here: {@link DeidPolicy#decide} only reads.
 */
class DeidPolicyTest {
    static final Profile BASIC = DeidKit.profile().build();

    static Element text(String keyword, String value) {
        return new ValueElement(DeidKit.tag(keyword), DeidKit.vr(keyword), value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    static Element sequence(String keyword) {
        SequenceElement s = new SequenceElement(DeidKit.tag(keyword), VR.SQ, false);
        s.items().add(new Dataset());
        return s;
    }

    static Action decide(Profile profile, Element e, boolean cleaning) {
        Dataset ds = new Dataset();
        ds.put(e);
        return new DeidPolicy(profile, ActionTable.standard()).decide(ds, e, cleaning).action();
    }

    static Action decide(Profile profile, Element e) {
        return decide(profile, e, false);
    }

    @Test
    void theBasicProfile() {
        List<String> wrong = new ArrayList<>();
        Object[][] rows = {
            // keyword, value (null: a sequence), Table E.1-1 code, what happens
            {"PatientName", "DOE^JANE", "Z", Action.PSEUDONYMISE}, // an identifier blanked by the table gets a keyed pseudonym
            {"PatientBirthDate", "19710203", "Z", Action.EMPTY},
            {"InstitutionName", "GENERAL HOSPITAL", "X/Z/D", Action.DUMMY}, // present with a value: Type 1 read, D
            {"InstitutionName", "", "X/Z/D", Action.EMPTY},                 // present and empty: Type 2 read, Z
            {"StudyDescription", "CT HEAD", "X", Action.REMOVE},
            {"StudyInstanceUID", "1.2.3", "U", Action.MAP_UIDS},
            {"ReferencedImageSequence", null, "X/Z/U*", Action.WALK},       // a sequence: kept, its items walked
            {"OtherPatientIDsSequence", null, "X", Action.REMOVE},
            {"PatientAge", "047Y", "X", Action.REMOVE},
            {"Modality", "CT", null, Action.KEEP},                          // not in the table: not identifying
            {"SliceThickness", "1.5", null, Action.KEEP},
        };
        for (Object[] r : rows) {
            Element e = r[1] == null ? sequence((String) r[0]) : text((String) r[0], (String) r[1]);
            String code = ActionTable.standard().row(e.tag()).map(ActionTable.Row::basicAction).orElse(null);
            Action got = decide(BASIC, e);
            if (!java.util.Objects.equals(code, r[2]) || got != r[3]) {
                wrong.add(r[0] + ": code " + code + " (expected " + r[2] + "), " + got + " (expected " + r[3] + ")");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void optionsChangeTheCode() {
        assertEquals(Action.KEEP, decide(DeidKit.profile(DeidOption.RETAIN_INSTITUTION_IDENTITY).build(),
                text("InstitutionName", "GENERAL HOSPITAL")));
        assertEquals(Action.CLEAN_TEXT, decide(DeidKit.profile(DeidOption.CLEAN_DESCRIPTORS).build(),
                text("StudyDescription", "CT HEAD JANE DOE")));
        assertEquals(Action.CAP_AGE, decide(DeidKit.profile(DeidOption.RETAIN_PATIENT_CHARACTERISTICS).build(),
                text("PatientAge", "093Y")));
        assertEquals(Action.KEEP, decide(DeidKit.profile(DeidOption.RETAIN_UIDS).build(), text("StudyInstanceUID", "1.2.3")));
        assertEquals(Action.SHIFT_DATES, decide(DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).build(),
                text("StudyDate", "20240101")));
        assertEquals(Action.WALK_CLEANING, decide(DeidKit.profile(DeidOption.CLEAN_STRUCTURED_CONTENT).build(),
                sequence("ContentSequence")));
    }

    @Test
    void whatTheTableLeavesOpen() {
        // a date the table does not list: a dummy unless a temporal option keeps or shifts it
        Element expiry = text("ExpiryDate", "20300101");
        assertEquals(Action.DUMMY, decide(BASIC, expiry));
        assertEquals(Action.KEEP, decide(DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES).build(), expiry));
        // unlisted text (UnlistedDefaultTest has the whole default): Code Meaning kept, but cleaned inside a
        // cleaned sequence; free text cleaned; structural text kept, also in a cleaned sequence
        assertEquals(Action.KEEP, decide(BASIC, text("CodeMeaning", "Thorax")));
        assertEquals(Action.CLEAN_TEXT, decide(BASIC, text("CodeMeaning", "Thorax"), true));
        assertEquals(Action.CLEAN_TEXT, decide(BASIC, text("ContentDescription", "by Dr House")));
        assertEquals(Action.KEEP, decide(BASIC, text("CodeValue", "T-D0050"), true));
        // group lengths, command and meta elements, unknown public tags
        assertEquals(Action.DROP_GROUP_LENGTH, decide(BASIC, new ValueElement(Tag.of(0x0008, 0x0000), VR.UL, new byte[4])));
        assertEquals(Action.REMOVE, decide(BASIC, new ValueElement(Tag.TRANSFER_SYNTAX_UID, VR.UI, "1.2".getBytes())));
        assertEquals(Action.REMOVE, decide(BASIC, new ValueElement(Tag.of(0x0008, 0x0003), VR.LO, "X".getBytes()))); // no dictionary entry
    }

    @Test
    void whatCannotBeDeidentifiedGoes() {
        // a UID attribute holding a sequence: its items would be kept unseen
        assertEquals(Action.REMOVE, decide(BASIC, sequence("FrameOfReferenceUID")));
        // an override that does not fit the element
        Profile misfit = DeidKit.profile().override("ReferencedStudySequence", AttributeOverride.Action.CONSTANT, "X")
                .override("PatientComments", AttributeOverride.Action.SHIFT_DATE, null).build();
        assertEquals(Action.REMOVE, decide(misfit, sequence("ReferencedStudySequence")));
        assertEquals(Action.REMOVE, decide(misfit, text("PatientComments", "born 1971")));
        // a sequence hidden in UN that did not parse
        assertEquals(Action.REMOVE, decide(BASIC, new ValueElement(DeidKit.tag("ReferencedImageSequence"), VR.UN, new byte[8])));
    }

    @Test
    void privateElements() {
        Dataset ds = new Dataset();
        ds.setString(Tag.of(0x0009, 0x0010), VR.LO, "ACME 1.0");
        Element creator = ds.get(Tag.of(0x0009, 0x0010));
        Element value = new ValueElement(Tag.of(0x0009, 0x1001), VR.LO, "B-VALUE".getBytes());
        Element asUn = new ValueElement(Tag.of(0x0009, 0x1002), VR.UN, "20240101".getBytes());
        ds.put(value);
        ds.put(asUn);
        DeidPolicy basic = new DeidPolicy(BASIC, ActionTable.standard());
        assertEquals(Action.KEEP, basic.decide(ds, creator, false).action()); // goes once its block is empty
        assertEquals(Action.REMOVE, basic.decide(ds, value, false).action());
        Profile safe = DeidKit.profile(DeidOption.RETAIN_SAFE_PRIVATE)
                .safe(new SafePrivateElement("ACME 1.0", 0x0009, 0x01, VR.LO))
                .safe(new SafePrivateElement("ACME 1.0", 0x0009, 0x02, VR.DA)).build();
        DeidPolicy keeps = new DeidPolicy(safe, ActionTable.standard());
        assertEquals(Action.KEEP, keeps.decide(ds, value, false).action());
        Operation date = keeps.decide(ds, asUn, false);
        assertEquals(new Operation(Action.DUMMY, null, VR.DA, false), date, "a safe date read as UN: given its VR, and a date is a date");
    }
}
